import { useId, useState } from 'react';
import { Anchor, Button } from '@zendeskgarden/react-buttons';
import { Field, Input, Textarea } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { MD, Paragraph, SM } from '@zendeskgarden/react-typography';
import type { ActionView, AuditEntryView } from '@triage/shared';
import { ApiError } from '../../lib/api';
import { formatTime, type MessageKey, type Translate } from '../../lib/i18n';
import type { CommentType } from '../../lib/zaf';
import { useI18n } from '../hooks/use-i18n';

/** The payload field a person reads and edits, per kind; other kinds show their title only. */
const TEXT_FIELD: Partial<Record<ActionView['kind'], string>> = {
  'internal-note': 'body',
  'public-reply': 'body',
  'crm-note': 'note',
};

function textOf(action: ActionView): string | null {
  const field = TEXT_FIELD[action.kind];
  const value = field === undefined ? undefined : action.payload[field];
  return typeof value === 'string' ? value : null;
}

const STATE_HUE: Record<ActionView['state'], string> = {
  proposed: 'grey',
  approved: 'blue',
  executing: 'blue',
  done: 'green',
  failed: 'red',
  rejected: 'grey',
  expired: 'yellow',
  revoked: 'grey',
  superseded: 'grey',
};

/** What a refusal means to the person, from its stable reason; the server's message as a last resort. */
export function explainError(e: unknown, t: Translate, action: ActionView): string {
  if (e instanceof ApiError) {
    switch (e.reason) {
      case 'four_eyes':
        return t('refusal_four_eyes');
      case 'wrong_role':
        return t('refusal_wrong_role', { roles: action.requiredApprovals.roles.join(', ') });
      case 'hash_mismatch':
        return t('refusal_hash_mismatch');
      case 'not_pending':
        return t('refusal_not_pending');
      case 'autonomy_forbids':
        return t('refusal_autonomy_forbids');
      case 'expired':
        return t('refusal_expired');
      case 'no_change':
        return t('refusal_no_change');
      default:
        if (e.status === 403 || e.status === 409) return t('refusal_other', { message: e.message });
        return t('failed_action', { message: e.message });
    }
  }
  return t('failed_action', { message: e instanceof Error ? e.message : String(e) });
}

export interface ActionCardProps {
  action: ActionView;
  busy: boolean;
  history: AuditEntryView[] | undefined;
  onEdit: (action: ActionView, body: string) => Promise<ActionView>;
  onApprove: (action: ActionView) => Promise<void>;
  onReject: (action: ActionView, reason?: string) => Promise<void>;
  onInsert: (text: string, type: CommentType) => Promise<void>;
}

/**
 * One draft or proposed action: its text, what approving it needs, and the buttons to edit, approve,
 * reject or put it into the comment box. The write-back's progress and the audit history show here too.
 */
export function ActionCard(props: ActionCardProps) {
  const { action, busy } = props;
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const headingId = useId();
  const text = textOf(action);
  const pending = action.state === 'proposed';
  const actionable = pending && action.writable;
  // Composer text is sent by the agent, outside the approval: only low-risk drafts may go in as replies.
  const replyAllowed =
    action.kind === 'public-reply' && !action.requiredApprovals.fourEyes && action.riskClasses.length === 0;

  const run = async (work: () => Promise<void>) => {
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setMessage({ kind: 'error', text: explainError(e, t, action) });
    }
  };

  const kindKey = `kind_${action.kind.replace(/-/g, '_')}` as MessageKey;
  return (
    <article className="triage-action" aria-labelledby={headingId} data-action-kind={action.kind}>
      <MD isBold id={headingId} tag="h3">
        {t(kindKey)}{' '}
        <Tag hue={STATE_HUE[action.state]} size="small">
          {t(`state_${action.state}` as MessageKey)}
        </Tag>
      </MD>
      <SM>{action.title}</SM>

      {editing === null ? (
        text !== null && (
          <Paragraph size="small" className="triage-draft-text" data-testid="draft-text">
            {text}
          </Paragraph>
        )
      ) : (
        <Field>
          <Field.Label>{t('edit_label')}</Field.Label>
          <Textarea
            value={editing}
            minRows={4}
            maxRows={14}
            onChange={(e) => setEditing(e.target.value)}
            disabled={busy}
          />
        </Field>
      )}

      <SM>
        {t('needs_roles', { roles: action.requiredApprovals.roles.join(', ') })}
        {action.requiredApprovals.fourEyes ? ` · ${t('four_eyes')}` : ''}
      </SM>
      {action.riskClasses.length > 0 && <SM>{t('risk', { list: action.riskClasses.join(', ') })}</SM>}
      {action.commitments.length > 0 && (
        <Alert type="warning">
          <Alert.Paragraph>{t('commitments')}</Alert.Paragraph>
          <ul>
            {action.commitments.map((c) => (
              <li key={`${c.rule}:${c.phrase}`}>
                “{c.phrase}” ({c.kind})
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {action.links.length > 0 && <SM>{t('links', { list: action.links.join(', ') })}</SM>}
      {action.hiddenCharactersRemoved && <SM>{t('hidden_characters')}</SM>}
      {pending && !action.writable && <SM>{t('not_writable')}</SM>}

      {action.writeBack && (
        <div className="triage-writeback" data-writeback-status={action.writeBack.status} role="status">
          <Tag
            hue={
              action.writeBack.status === 'done'
                ? 'green'
                : action.writeBack.status === 'queued' || action.writeBack.status === 'executing'
                  ? 'blue'
                  : 'red'
            }
            size="small"
          >
            {t(`writeback_${action.writeBack.status}` as MessageKey)}
          </Tag>{' '}
          {action.writeBack.lastError && (
            <SM tag="span">{t('writeback_error', { code: action.writeBack.lastError })}</SM>
          )}
          {action.writeBack.url && (
            <Anchor href={action.writeBack.url} target="_blank" rel="noopener noreferrer" isExternal>
              {t('open_written')}
            </Anchor>
          )}
        </div>
      )}

      {message && (
        <Alert
          type={message.kind === 'error' ? 'error' : 'success'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          <Alert.Paragraph>{message.text}</Alert.Paragraph>
        </Alert>
      )}

      {rejecting !== null && (
        <Field>
          <Field.Label>{t('reject_reason')}</Field.Label>
          <Input value={rejecting} maxLength={500} onChange={(e) => setRejecting(e.target.value)} />
        </Field>
      )}

      <div className="triage-buttons">
        {editing !== null ? (
          <>
            <Button
              size="small"
              isPrimary
              disabled={busy || editing.trim() === ''}
              onClick={() =>
                void run(async () => {
                  await props.onEdit(action, editing);
                  setEditing(null);
                })
              }
            >
              {t('save_edit')}
            </Button>
            <Button size="small" isBasic onClick={() => setEditing(null)}>
              {t('cancel')}
            </Button>
          </>
        ) : rejecting !== null ? (
          <>
            <Button
              size="small"
              isDanger
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await props.onReject(action, rejecting.trim() || undefined);
                  setRejecting(null);
                })
              }
            >
              {t('confirm_reject')}
            </Button>
            <Button size="small" isBasic onClick={() => setRejecting(null)}>
              {t('cancel')}
            </Button>
          </>
        ) : (
          <>
            {actionable && (
              <Button
                size="small"
                isPrimary
                disabled={busy}
                onClick={() => void run(() => props.onApprove(action))}
              >
                {t('approve')}
              </Button>
            )}
            {actionable && text !== null && (
              <Button size="small" disabled={busy} onClick={() => setEditing(text)}>
                {t('edit')}
              </Button>
            )}
            {actionable && (
              <Button size="small" isBasic disabled={busy} onClick={() => setRejecting('')}>
                {t('reject')}
              </Button>
            )}
            {text !== null && action.kind !== 'crm-note' && (
              <Button
                size="small"
                isBasic
                onClick={() =>
                  void run(async () => {
                    await props.onInsert(text, 'internalNote');
                    setMessage({ kind: 'success', text: t('inserted') });
                  })
                }
              >
                {t('insert_note')}
              </Button>
            )}
            {text !== null && replyAllowed && (
              <Button
                size="small"
                isBasic
                onClick={() =>
                  void run(async () => {
                    await props.onInsert(text, 'publicReply');
                    setMessage({ kind: 'success', text: t('inserted') });
                  })
                }
              >
                {t('insert_reply')}
              </Button>
            )}
          </>
        )}
      </div>

      {props.history && props.history.length > 0 && (
        <div className="triage-history">
          <SM isBold>{t('history')}</SM>
          <ol aria-label={t('history')}>
            {props.history.map((entry) => (
              <li key={entry.seq} data-audit-action={entry.action}>
                <SM>
                  {t('history_entry', {
                    time: formatTime(entry.ts, locale),
                    action: entry.action,
                    actor: entry.actor.id,
                  })}
                </SM>
              </li>
            ))}
          </ol>
        </div>
      )}
    </article>
  );
}
