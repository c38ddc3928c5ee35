import type { ActionKind, Actor } from '@triage/shared';
import { hashJson } from '../../../common/hashing';
import type { ApprovalPolicy } from '../../tenant-config';
import type { ActionRecord } from '../action-record';
import { requirementsFor } from '../requirements';
import { propose } from '../state-machine';

/** One policy covering every autonomy level, with and without four-eyes risk classes. */
export const POLICY: ApprovalPolicy = {
  actions: {
    'internal-note': { autonomy: 'act-with-approval', roles: ['team-lead'], expiresInMinutes: 15 },
    'public-reply': { autonomy: 'act', roles: ['team-lead', 'support-manager'], expiresInMinutes: 15 },
    'set-tags': { autonomy: 'act', roles: ['team-lead'], expiresInMinutes: 15 },
    'service-credit': {
      autonomy: 'act-with-approval',
      roles: ['support-manager'],
      expiresInMinutes: 30,
    },
    'crm-note': { autonomy: 'advise', roles: ['team-lead'], expiresInMinutes: 15 },
    escalation: { autonomy: 'observe', roles: ['team-lead'], expiresInMinutes: 15 },
  },
  fourEyesRiskClasses: ['service-credit', 'customer-facing-commitment', 'root-cause-statement'],
};

/** A platform-verified person. */
export const person = (id: string, role?: string): Actor => ({
  kind: 'person',
  id,
  ...(role === undefined ? {} : { role }),
});

export const ALICE = person('alice', 'agent');
export const BOB = person('bob', 'team-lead');
export const CAROL = person('carol', 'team-lead');
export const MAYA = person('maya', 'support-manager');
export const NIKO = person('niko', 'support-manager');
/** Not a person, even with a role claim. */
export const ENGINE: Actor = { kind: 'engine', id: 'triage-engine', role: 'team-lead' };
export const WORKER: Actor = { kind: 'system', id: 'write-back-worker' };

export const T0 = new Date('2025-03-01T10:00:00.000Z');
export const minutesAfter = (t: Date, minutes: number): Date => new Date(t.getTime() + minutes * 60_000);

/** The risk classes each kind's payload carries in these tests. */
export const RISKS = {
  'internal-note': [],
  'public-reply': ['customer-facing-commitment'],
  'set-tags': [],
  'service-credit': ['service-credit'],
  'crm-note': [],
  escalation: [],
  'set-fields': [],
  'engineering-issue': [],
} as const satisfies Record<ActionKind, readonly string[]>;

/** A payload per (kind, variant); different variants hash differently. */
export const payloadFor = (kind: ActionKind, variant: number): Record<string, unknown> => ({
  kind,
  body: `payload ${variant}`,
});

/** A fresh proposal of `kind` by `requester` at `now`. */
export function proposed(
  kind: ActionKind,
  requester: Actor = ALICE,
  now: Date = T0,
  variant = 0,
  actionId = `action-${kind}`,
): { record: ActionRecord; payload: Record<string, unknown> } {
  const payload = payloadFor(kind, variant);
  const { state } = propose({
    actionId,
    kind,
    requirement: requirementsFor(kind, RISKS[kind], POLICY),
    payloadHash: hashJson(payload),
    requester,
    now,
  });
  return { record: state, payload };
}
