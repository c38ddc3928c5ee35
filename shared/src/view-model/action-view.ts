import type { ActionState, ActionView, WriteBackView } from '../contracts/actions';
import type { Tone } from './packet-view';

/** Which payload field holds the text a person may rewrite, per action kind. */
const TEXT_FIELDS: Readonly<Record<string, string>> = {
  'internal-note': 'body',
  'public-reply': 'body',
  'crm-note': 'note',
};

const STATE_TONES: Record<ActionState, Tone> = {
  proposed: 'info',
  approved: 'info',
  executing: 'info',
  done: 'success',
  failed: 'danger',
  rejected: 'neutral',
  expired: 'warning',
  revoked: 'neutral',
  superseded: 'neutral',
};

/** One proposed action as a sidebar card shows it; text is data, to be rendered as text. */
export interface ActionCardView {
  id: string;
  kind: string;
  title: string;
  target: string;
  state: ActionState;
  stateTone: Tone;
  /** The editable text (a note's or reply's body), or null for kinds without text. */
  text: string | null;
  /** Everything else in the payload, as key/value lines for the approver to read. */
  details: { key: string; value: string }[];
  payloadHash: string;
  /** Whether a person may still edit, approve or reject it (proposed, and the policy lets it be written). */
  decidable: boolean;
  editable: boolean;
  riskClasses: string[];
  approvalRoles: string[];
  fourEyes: boolean;
  commitments: { kind: string; phrase: string }[];
  links: string[];
  hiddenCharactersRemoved: boolean;
  requester: string | null;
  approver: string | null;
  writeBack: {
    status: WriteBackView['status'];
    tone: Tone;
    attempts: number;
    error: string | null;
    url: string | null;
  } | null;
  /** The write is settled (done, failed, rejected, ...): nothing more will change without a person. */
  settled: boolean;
}

function writeBackTone(status: WriteBackView['status']): Tone {
  if (status === 'done') return 'success';
  if (status === 'failed' || status === 'dead') return 'danger';
  return 'info';
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(display).join(', ');
  return JSON.stringify(value);
}

/**
 * The card both sidebars render for one action: what it will write, where, in which state, who asked
 * and who approved, and what the approver should notice (commitments, links, removed characters).
 * Pure; labels are left to each sidebar's localisation.
 */
export function toActionCard(action: ActionView): ActionCardView {
  const field = TEXT_FIELDS[action.kind];
  const rawText = field === undefined ? undefined : action.payload[field];
  const text = typeof rawText === 'string' ? rawText : null;
  const decidable = action.state === 'proposed' && action.writable;
  const wb = action.writeBack;
  const writeBackSettled =
    wb === null || wb.status === 'done' || wb.status === 'failed' || wb.status === 'dead';
  return {
    id: action.id,
    kind: action.kind,
    title: action.title,
    target: `${action.target.system}:${action.target.ref}`,
    state: action.state,
    stateTone: STATE_TONES[action.state],
    text,
    details: Object.entries(action.payload)
      .filter(([key]) => key !== field)
      .map(([key, value]) => ({ key, value: display(value) })),
    payloadHash: action.payloadHash,
    decidable,
    editable: decidable && text !== null,
    riskClasses: action.riskClasses,
    approvalRoles: action.requiredApprovals.roles,
    fourEyes: action.requiredApprovals.fourEyes,
    commitments: action.commitments.map((c) => ({ kind: c.kind, phrase: c.phrase })),
    links: action.links,
    hiddenCharactersRemoved: action.hiddenCharactersRemoved,
    requester: action.requester?.id ?? null,
    approver: action.approval?.approver.id ?? null,
    writeBack: wb && {
      status: wb.status,
      tone: writeBackTone(wb.status),
      attempts: wb.attempts,
      error: wb.lastError,
      url: wb.url,
    },
    settled: !['approved', 'executing'].includes(action.state) && writeBackSettled,
  };
}
