import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { toPacketView, type ActionView, type TriagePacket } from '@triage/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { PacketPanel } from './components/packet-panel';
import { getPacket, listActions, syncIssue } from './lib/api';
import { getPanelContext, onIssueChanged, RemoteError, type PanelContext } from './lib/bridge';
import { translator } from './lib/i18n';

type State =
  | { kind: 'loading' }
  | { kind: 'building' }
  | { kind: 'failed'; message: string | null }
  | { kind: 'ready'; packet: TriagePacket; actions: ActionView[] };

async function loadPacket(issueKey: string, refresh: boolean, onBuilding: () => void): Promise<TriagePacket> {
  try {
    return await getPacket(issueKey, { refresh });
  } catch (e) {
    // No case yet: the trigger has not run for this issue (or ran before the app was installed).
    if (!(e instanceof RemoteError && e.code === 'case_not_found')) throw e;
    onBuilding();
    return syncIssue(issueKey);
  }
}

/** The `jira:issueContext` panel: the issue's triage packet and its approval flow. */
export function App() {
  const [context, setContext] = useState<PanelContext | null>(null);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [stale, setStale] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const t = useMemo(() => translator(context?.locale ?? 'en-US'), [context]);

  const load = useCallback(async (issueKey: string, refresh: boolean) => {
    try {
      const packet = await loadPacket(issueKey, refresh, () => setState({ kind: 'building' }));
      const actions = await listActions(issueKey);
      setState({ kind: 'ready', packet, actions: actions.actions });
      setStale(false);
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof RemoteError ? e.message : null });
    }
  }, []);

  useEffect(() => {
    getPanelContext().then(
      (ctx) => {
        setContext(ctx);
        void load(ctx.extension.issue.key, false);
      },
      (e: unknown) => setState({ kind: 'failed', message: e instanceof RemoteError ? e.message : null }),
    );
    return onIssueChanged(() => setStale(true));
  }, [load]);

  const issueKey = context?.extension.issue.key;
  const refresh = useCallback(() => {
    if (!issueKey) return;
    setRefreshing(true);
    void load(issueKey, true).finally(() => setRefreshing(false));
  }, [issueKey, load]);

  const replaceAction = useCallback((next: ActionView) => {
    setState((s) =>
      s.kind === 'ready'
        ? { ...s, actions: s.actions.map((a) => (a.proposalId === next.proposalId ? next : a)) }
        : s,
    );
  }, []);

  return (
    <main
      lang={context?.locale.slice(0, 2) ?? 'en'}
      style={{
        padding: 8,
        fontSize: 14,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      }}
      aria-busy={state.kind === 'loading' || state.kind === 'building'}
    >
      <h2 style={{ fontSize: 16, margin: '0 0 8px' }}>{t('title')}</h2>
      {(state.kind === 'loading' || state.kind === 'building') && (
        <div role="status" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Spinner size="small" label={t(state.kind === 'loading' ? 'loading' : 'building')} />
          <span>{t(state.kind === 'loading' ? 'loading' : 'building')}</span>
        </div>
      )}
      {state.kind === 'failed' && (
        <div role="alert">
          <SectionMessage appearance="error" title={t('loadFailed')}>
            {state.message && <p>{state.message}</p>}
            {issueKey && (
              <Button
                onClick={() => {
                  setState({ kind: 'loading' });
                  void load(issueKey, false);
                }}
              >
                {t('retry')}
              </Button>
            )}
          </SectionMessage>
        </div>
      )}
      {state.kind === 'ready' && (
        <PacketPanel
          view={toPacketView(state.packet, { locale: context?.locale })}
          actions={state.actions}
          t={t}
          locale={context?.locale ?? 'en-US'}
          stale={stale}
          refreshing={refreshing}
          onRefresh={refresh}
          onActionReplaced={replaceAction}
        />
      )}
    </main>
  );
}
