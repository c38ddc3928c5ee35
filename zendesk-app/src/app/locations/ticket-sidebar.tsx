import { useCallback, useEffect, useRef } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Dots } from '@zendeskgarden/react-loaders';
import { Alert } from '@zendeskgarden/react-notifications';
import { MD, SM } from '@zendeskgarden/react-typography';
import { ApiError } from '../../lib/api';
import { formatTime } from '../../lib/i18n';
import type { CommentType } from '../../lib/zaf';
import { ActionCard } from '../components/action-card';
import {
  FirstAction,
  PacketDetails,
  PacketSummary,
  PartialEvidenceNotice,
} from '../components/packet-sections';
import { useActions } from '../hooks/use-actions';
import { useClient } from '../hooks/use-client';
import { useI18n } from '../hooks/use-i18n';
import { usePacket } from '../hooks/use-packet';

/** Keeps the iframe as tall as its content, so the sidebar never scrolls inside a scroll. */
function useAutoResize(ref: React.RefObject<HTMLElement | null>): void {
  const host = useClient();
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = 0;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(el.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      void host.resize(height).catch(() => undefined);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [host, ref]);
}

/** The `ticket_sidebar` location: the packet of the open ticket and the approval of its drafts. */
export function TicketSidebar() {
  const host = useClient();
  const { t, locale } = useI18n();
  const root = useRef<HTMLDivElement>(null);
  const { state, caseRef, stale, refresh, retry } = usePacket();
  const packetId = state.status === 'ready' ? state.packet.id : null;
  const actions = useActions(caseRef, packetId);
  useAutoResize(root);

  const insert = useCallback((text: string, type: CommentType) => host.insertComment(text, type), [host]);

  return (
    <div ref={root} className="triage-root">
      {state.status === 'loading' && (
        <div role="status" aria-live="polite" className="triage-loading">
          <Dots size={24} /> <SM>{state.building ? t('building') : t('loading')}</SM>
        </div>
      )}
      {state.status === 'error' && (
        <Alert type="error" role="alert">
          <Alert.Title>
            {state.error instanceof ApiError && state.error.status === 401
              ? t('session_expired')
              : t('load_failed')}
          </Alert.Title>
          {!(state.error instanceof ApiError && state.error.status === 401) && (
            <Button size="small" onClick={retry}>
              {t('retry')}
            </Button>
          )}
        </Alert>
      )}
      {state.status === 'ready' && (
        <>
          {stale && (
            <Alert type="info" role="status" data-testid="stale">
              <Alert.Title>{t('stale_title')}</Alert.Title>
              <Alert.Paragraph>{t('stale_body')}</Alert.Paragraph>
              <Button size="small" isPrimary onClick={refresh} disabled={state.refreshing}>
                {t('refresh')}
              </Button>
            </Alert>
          )}
          <SM className="triage-built" data-testid="packet-built">
            {t('built', { time: formatTime(state.view.builtAt, locale), pct: state.view.completenessPct })}
          </SM>
          <PacketSummary view={state.view} />
          <PartialEvidenceNotice view={state.view} />
          <PacketDetails view={state.view} onAsk={(q) => void insert(q, 'internalNote')} />
          <FirstAction view={state.view} />
          <section aria-labelledby="triage-actions" className="triage-block">
            <MD isBold id="triage-actions" tag="h2">
              {t('actions')}
            </MD>
            {actions.error !== null && actions.actions === null && (
              <Alert type="error" role="alert">
                <Alert.Paragraph>
                  {actions.error instanceof ApiError && actions.error.status === 401
                    ? t('session_expired')
                    : t('load_failed')}
                </Alert.Paragraph>
              </Alert>
            )}
            {actions.actions?.length === 0 && <SM>{t('no_actions')}</SM>}
            {actions.actions?.map((a) => (
              <ActionCard
                key={a.id}
                action={a}
                busy={actions.busy.has(a.id)}
                history={actions.history[a.id]}
                onEdit={actions.edit}
                onApprove={actions.approve}
                onReject={actions.reject}
                onInsert={insert}
              />
            ))}
          </section>
        </>
      )}
    </div>
  );
}
