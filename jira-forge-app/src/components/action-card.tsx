import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import { token } from '@atlaskit/tokens';
import { toActionCard, type ActionView, type AuditEntryView } from '@triage/shared';
import { useEffect, useId, useState } from 'react';
import { approveAction, editAction, getAction, rejectAction } from '../lib/api';
import { RemoteError } from '../lib/bridge';
import type { Translate } from '../lib/i18n';
import { muted } from './section';
import { LOZENGE } from './tone';

/** How often an approved action's write-back is looked at until it settles. */
const POLL_MS = 1500;
/** Polls at most this often; a write still queued after that shows its state and a reload shows more. */
const MAX_POLLS = 40;

type Mode = { kind: 'view' } | { kind: 'editing'; text: string } | { kind: 'rejecting'; reason: string };

function problemText(t: Translate, e: unknown): string {
  // The API's messages are written to be shown; anything else gets a generic line.
  return e instanceof RemoteError ? e.message : t('loadFailed');
}

/**
 * One proposed action with its whole approval flow: read the exact payload, edit its text (which makes
 * a new action needing its own approval), approve that exact payload, or reject it; then follow the
 * write-back until it is done, with the action's audit history.
 */
export function ActionCard(props: {
  action: ActionView;
  t: Translate;
  onReplaced: (next: ActionView) => void;
}) {
  const { t } = props;
  const [action, setAction] = useState(props.action);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [audit, setAudit] = useState<AuditEntryView[]>([]);
  const card = toActionCard(action);
  const textId = useId();

  useEffect(() => setAction(props.action), [props.action]);

  const following = !card.settled || card.state === 'approved';
  useEffect(() => {
    if (card.state === 'proposed' && card.requester === null) return;
    let cancelled = false;
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      getAction(card.id).then(
        (detail) => {
          if (cancelled) return;
          setAudit(detail.audit);
          setAction(detail.action);
          const settled = toActionCard(detail.action).settled;
          if (!settled && ++polls < MAX_POLLS) timer = setTimeout(look, POLL_MS);
        },
        () => undefined,
      );
    };
    look();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // Restart following only when the action or its state changes, not on every poll's new object.
  }, [card.id, card.state, following, card.requester]);

  async function run(step: () => Promise<ActionView>, replaces = false) {
    setBusy(true);
    setProblem(null);
    try {
      const next = await step();
      setMode({ kind: 'view' });
      if (replaces) props.onReplaced(next);
      else setAction(next);
    } catch (e) {
      setProblem(problemText(t, e));
    } finally {
      setBusy(false);
    }
  }

  const stateLabel = t(`state_${card.state}`);
  return (
    <section
      aria-label={card.title}
      style={{
        border: `1px solid ${token('color.border', '#DFE1E6')}`,
        borderRadius: 4,
        padding: 8,
        marginBottom: 8,
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'baseline' }}>
        <strong>{card.title}</strong>
        {/* The state must stay readable next to a long title; the title wraps instead. */}
        <span style={{ flexShrink: 0 }}>
          <Lozenge appearance={LOZENGE[card.stateTone]} maxWidth="none">
            {stateLabel}
          </Lozenge>
        </span>
      </div>
      <div style={muted}>
        {card.kind} → {card.target}
      </div>

      {mode.kind === 'editing' ? (
        <div style={{ marginTop: 6 }}>
          <label htmlFor={textId} style={muted}>
            {t('editLabel')}
          </label>
          <TextArea
            id={textId}
            value={mode.text}
            minimumRows={5}
            resize="vertical"
            onChange={(e) => setMode({ kind: 'editing', text: e.currentTarget.value })}
          />
        </div>
      ) : card.text !== null ? (
        <p style={{ whiteSpace: 'pre-wrap', margin: '6px 0' }}>{card.text}</p>
      ) : null}

      {card.details.length > 0 && (
        <dl style={{ margin: '4px 0', fontSize: 12 }}>
          {card.details.map((d) => (
            <div key={d.key}>
              <dt style={{ display: 'inline', fontWeight: 600 }}>{d.key}: </dt>
              <dd style={{ display: 'inline', margin: 0 }}>{d.value}</dd>
            </div>
          ))}
        </dl>
      )}

      {card.commitments.length > 0 && (
        <SectionMessage appearance="warning" title={t('commitments')}>
          <ul>
            {card.commitments.map((c) => (
              <li key={`${c.kind}:${c.phrase}`}>
                {c.kind}: “{c.phrase}”
              </li>
            ))}
          </ul>
        </SectionMessage>
      )}
      {card.links.length > 0 && (
        <div style={muted}>
          {t('links')}: {card.links.join(', ')}
        </div>
      )}
      {card.hiddenCharactersRemoved && <div style={muted}>{t('hiddenRemoved')}</div>}
      <div style={muted}>
        {t('requiredRoles', { roles: card.approvalRoles.join(', ') })}
        {card.fourEyes ? ` · ${t('fourEyes')}` : ''}
      </div>
      {card.requester && <div style={muted}>{t('requestedBy', { who: card.requester })}</div>}
      {card.approver && <div style={muted}>{t('approvedBy', { who: card.approver })}</div>}
      {card.writeBack && (
        <div style={{ marginTop: 4 }} role="status">
          {card.writeBack.status === 'done' ? (
            <Lozenge appearance="success">{t('writtenBack')}</Lozenge>
          ) : (
            <Lozenge appearance={LOZENGE[card.writeBack.tone]}>
              {t('writeBack', { status: t(`wb_${card.writeBack.status}`) })}
            </Lozenge>
          )}
          {card.writeBack.error && <span style={muted}> {card.writeBack.error}</span>}
        </div>
      )}

      {mode.kind === 'rejecting' && (
        <div style={{ marginTop: 6 }}>
          <label htmlFor={`${textId}-reason`} style={muted}>
            {t('rejectReason')}
          </label>
          <TextArea
            id={`${textId}-reason`}
            value={mode.reason}
            minimumRows={2}
            onChange={(e) => setMode({ kind: 'rejecting', reason: e.currentTarget.value })}
          />
        </div>
      )}

      {problem && (
        <div role="alert" style={{ marginTop: 6 }}>
          <SectionMessage appearance="error">
            <p>{problem}</p>
          </SectionMessage>
        </div>
      )}

      {card.decidable && (
        <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
          {mode.kind === 'view' && (
            <>
              <Button
                appearance="primary"
                isLoading={busy}
                onClick={() => void run(() => approveAction(card.id, card.payloadHash))}
              >
                {t('approve')}
              </Button>
              {card.editable && (
                <Button isDisabled={busy} onClick={() => setMode({ kind: 'editing', text: card.text ?? '' })}>
                  {t('edit')}
                </Button>
              )}
              <Button
                appearance="subtle"
                isDisabled={busy}
                onClick={() => setMode({ kind: 'rejecting', reason: '' })}
              >
                {t('reject')}
              </Button>
            </>
          )}
          {mode.kind === 'editing' && (
            <>
              <Button
                appearance="primary"
                isLoading={busy}
                isDisabled={mode.text.trim() === ''}
                onClick={() => void run(() => editAction(card.id, card.payloadHash, mode.text), true)}
              >
                {t('save')}
              </Button>
              <Button appearance="subtle" isDisabled={busy} onClick={() => setMode({ kind: 'view' })}>
                {t('cancel')}
              </Button>
            </>
          )}
          {mode.kind === 'rejecting' && (
            <>
              <Button
                appearance="danger"
                isLoading={busy}
                onClick={() => void run(() => rejectAction(card.id, card.payloadHash, mode.reason.trim()))}
              >
                {t('confirmReject')}
              </Button>
              <Button appearance="subtle" isDisabled={busy} onClick={() => setMode({ kind: 'view' })}>
                {t('cancel')}
              </Button>
            </>
          )}
        </div>
      )}

      {audit.length > 0 && (
        <details style={{ marginTop: 6 }}>
          <summary style={muted}>{t('history')}</summary>
          <ol style={{ fontSize: 12, margin: '4px 0', paddingLeft: 18 }}>
            {audit.map((entry) => (
              <li key={entry.seq}>
                {entry.action} · {entry.actor.id} · {new Date(entry.ts).toLocaleString()}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
