import { randomUUID } from 'node:crypto';
import type {
  ActionDetailResponse,
  ActionState,
  ActionView,
  Actor,
  ApproveActionRequest,
  AuditEvent,
  CaseActionsResponse,
  EditActionRequest,
  ProposedAction,
  RejectActionRequest,
  RevokeActionRequest,
  RiskClass,
  TriagePacket,
} from '@triage/shared';
import { AppError } from '../common/errors';
import { hashJson } from '../common/hashing';
import {
  actingRole,
  mayExecute,
  propose,
  requirementsFor,
  toRequiredApprovals,
  transition,
  type ActionRecord,
  type ApprovalEffect,
  type ApprovalEvent,
  type RefusalCode,
} from '../domain/approval-policy';
import {
  findCommitments,
  findHiddenCharacters,
  findLinksAndMentions,
  stripHiddenCharacters,
} from '../domain/drafting';
import type { TenantConfig } from '../domain/tenant-config';
import {
  createRepositories,
  type ActionContent,
  type ClaimedWriteBack,
  type Db,
  type Repositories,
  type StoredAction,
  type StoredWriteBack,
} from '../storage';
import { loadTenantConfig } from './load-tenant-config';

/** The approver of record for writes the tenant's policy lets the product make on its own. */
export const AUTONOMY_ACTOR: Actor = { kind: 'system', id: 'autonomy-policy' };

/**
 * Queues, inside the packet's own transaction, every proposed action the tenant's policy sets to `act`
 * and that carries no risk class: the one case where something is written without a person's approval.
 * Each is stored as an action proposed by the engine, with an approval row whose approver is the
 * autonomy policy (a system actor, never a person), so the outbox, the worker's gate (which re-checks
 * the policy before every attempt) and the audit trail treat it like any other write.
 */
export async function enqueueAutonomousActions(
  tx: Db,
  packet: TriagePacket,
  config: TenantConfig,
): Promise<void> {
  const repos = createRepositories(tx);
  const now = new Date(packet.builtAt);
  let earlier: StoredAction[] | undefined;
  for (const proposal of packet.proposedActions) {
    // Most packets have no `act` action: decide from the proposal before building an action from it,
    // which runs the commitment guard over its text.
    if (proposal.autonomy !== 'act' || proposal.riskClasses.length > 0) continue;
    const candidate = fromProposal(packet, proposal, config, null, now);
    const req = candidate.record.requirement;
    if (!req.writable || req.approvalRequired) continue;
    // A rebuilt packet proposes the same write again: it is made once per case and payload.
    earlier ??= await repos.actions.listForCase(packet.tenant, packet.caseRef);
    const already = earlier.some(
      (a) =>
        a.content.proposalId === proposal.id &&
        a.record.payloadHash === candidate.record.payloadHash &&
        (a.record.status === 'proposed' || a.record.status === 'approved' || a.record.status === 'done'),
    );
    if (already) continue;
    const stored = await repos.actions.insertIfAbsent(candidate);
    const approvalId = `apr_${randomUUID()}`;
    await repos.audit.append(packet.tenant, {
      actor: { kind: 'engine', id: packet.engineVersion },
      action: 'action.proposed',
      object: { type: 'action', id: stored.id },
      payloadHash: stored.record.payloadHash,
      ts: packet.builtAt,
    });
    await repos.approvals.insert(packet.tenant, {
      id: approvalId,
      tenant: packet.tenant,
      packetId: packet.id,
      actionId: stored.id,
      actionType: stored.content.kind,
      payloadHash: stored.record.payloadHash,
      decision: 'approved',
      requester: stored.record.requester,
      approver: AUTONOMY_ACTOR,
      requiredRole: 'autonomy:act',
      createdAt: packet.builtAt,
      expiresAt: new Date(now.getTime() + req.expiresInMinutes * 60_000).toISOString(),
    });
    await repos.writeBacks.enqueue(tx, {
      tenant: packet.tenant,
      approvalId,
      actionId: stored.id,
      target: stored.content.target,
      idempotencyKey: `wb-${approvalId}`,
      payload: stored.content.payload,
    });
    await repos.audit.append(packet.tenant, {
      actor: AUTONOMY_ACTOR,
      action: 'write-back.queued',
      object: { type: 'action', id: stored.id },
      payloadHash: stored.record.payloadHash,
      ts: packet.builtAt,
    });
  }
}

/** Who acts: the tenant and person from a verified platform token, and every role the platform grants. */
export interface ActingPerson {
  tenant: string;
  actor: Actor;
  /** Roles held; `actor.role` is used when absent. */
  roles?: readonly string[];
}

export interface ActionServiceDeps {
  db: Db;
  clock: () => Date;
  newId?: () => string;
  /** Told about every audit event appended, after its transaction committed. */
  onAudit?: (event: AuditEvent) => void;
}

/** The approval workflow over packets' proposed actions, as both sidebars use it. */
export interface ActionService {
  /** The actions of the case's latest packet, each with its approval state and write-back. */
  listForCase(person: ActingPerson, caseRef: string): Promise<CaseActionsResponse>;
  /** One action with its audit history (its own events and its write-backs'). */
  detail(person: ActingPerson, actionId: string): Promise<ActionDetailResponse>;
  /** Replaces the action's text: a new action that needs its own approval; the old one is superseded. */
  edit(person: ActingPerson, actionId: string, request: EditActionRequest): Promise<ActionView>;
  /** Approves the exact payload the person saw and queues its write-back in the same transaction. */
  approve(person: ActingPerson, actionId: string, request: ApproveActionRequest): Promise<ActionView>;
  reject(person: ActingPerson, actionId: string, request: RejectActionRequest): Promise<ActionView>;
  /** Withdraws a proposal or an approval whose write has not started; a queued write-back is cancelled. */
  revoke(person: ActingPerson, actionId: string, request: RevokeActionRequest): Promise<ActionView>;
  /** The write-back worker's gate: asked right before every write attempt, retries included. */
  gate(row: ClaimedWriteBack): Promise<boolean>;
}

/** The separator between a packet id and a proposal id in an engine proposal's action id. */
const PROPOSAL_SEPARATOR = '~';

/** Which payload field a person may rewrite, per action kind; kinds without one cannot be edited. */
const TEXT_FIELD: Partial<Record<ProposedAction['kind'], string>> = {
  'internal-note': 'body',
  'public-reply': 'body',
  'crm-note': 'note',
};

/** Refusals that are about who is asking rather than about the action's state. */
const FORBIDDEN_REFUSALS: ReadonlySet<RefusalCode> = new Set<RefusalCode>([
  'wrong_role',
  'four_eyes',
  'not_a_person',
  'autonomy_forbids',
]);

/** A concurrent request changed the action between our read and our write. */
class Raced extends Error {}

/** Optimistic retries when a concurrent request changed the action between our read and our write. */
const CAS_ATTEMPTS = 3;

/**
 * Creates the action service. Every change runs in one transaction: the new approval state
 * (compare-and-set on its version), the approval row, the outbox row and the audit events commit
 * together or not at all. A refused change commits only its audit event and answers with the refusal.
 */
export function createActionService(deps: ActionServiceDeps): ActionService {
  const { db, clock } = deps;
  const newId = deps.newId ?? (() => randomUUID());
  const repos = createRepositories(db);

  async function view(tenant: string, action: StoredAction): Promise<ActionView> {
    const writeBacks = await repos.writeBacks.listForAction(tenant, action.id);
    return toView(action, writeBacks.at(-1) ?? null, clock());
  }

  /** A stored action, or the engine proposal the id names, as a not-yet-stored action. */
  async function load(
    r: Repositories,
    person: ActingPerson,
    actionId: string,
  ): Promise<{ stored: StoredAction | null; candidate: StoredAction }> {
    const stored = await r.actions.get(person.tenant, actionId);
    if (stored) return { stored, candidate: stored };
    const [packetId, proposalId] = splitProposalId(actionId);
    const packet = await r.packets.get(person.tenant, packetId);
    const proposal = packet?.proposedActions.find((p) => p.id === proposalId);
    if (!packet || !proposal) throw notFound();
    const config = await loadTenantConfig(r, person.tenant);
    return { stored: null, candidate: fromProposal(packet, proposal, config, person.actor, clock()) };
  }

  async function change(
    person: ActingPerson,
    actionId: string,
    decide: (
      action: StoredAction,
      r: Repositories,
    ) => Promise<{ event: ApprovalEvent; newContent?: ActionContent }>,
  ): Promise<ActionView> {
    requirePerson(person);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      let outcome;
      try {
        outcome = await db.transaction(async (tx) => {
          const r = createRepositories(tx);
          const { stored, candidate } = await load(r, person, actionId);
          const { event, newContent } = await decide(candidate, r);
          const now = clock();
          const result = transition(candidate.record, event, now);
          if (!result.ok) return { kind: 'refused' as const, result, candidate };
          const current = stored ?? (await materialise(r, candidate));
          // The decision was taken on `candidate`; if the stored state is not that one (another request
          // stored or changed it meanwhile), it must be taken again on what is stored now.
          if (current.record.version !== candidate.record.version) throw new Raced();
          if (
            !(await r.actions.compareAndSet(person.tenant, current.id, current.record.version, result.state))
          ) {
            throw new Raced();
          }
          const events = await applyEffects(
            tx,
            person,
            { ...current, record: result.state },
            result.effects,
            {
              newContent,
              now,
            },
          );
          const successor = result.effects.find((e) => e.kind === 'propose');
          const shownId = successor?.kind === 'propose' ? successor.record.actionId : current.id;
          return { kind: 'accepted' as const, events, shownId };
        });
      } catch (e) {
        // Thrown inside the transaction so that nothing of the lost attempt is kept.
        if (e instanceof Raced) continue;
        throw e;
      }
      if (outcome.kind === 'refused') {
        // The refusal is audited in its own transaction: the change rolled back, the attempt did not.
        const events = await db.transaction(async (tx) =>
          applyEffects(tx, person, outcome.candidate, outcome.result.effects, { now: clock() }),
        );
        events.forEach((e) => deps.onAudit?.(e));
        throw refusalError(outcome.result.code, outcome.result.message);
      }
      outcome.events.forEach((e) => deps.onAudit?.(e));
      const shown = await repos.actions.get(person.tenant, outcome.shownId);
      if (!shown) throw notFound();
      return view(person.tenant, shown);
    }
    throw new AppError(
      'conflict',
      'Someone else changed this action at the same time. Reload and try again.',
    );
  }

  async function materialise(r: Repositories, candidate: StoredAction): Promise<StoredAction> {
    const stored = await r.actions.insertIfAbsent(candidate);
    await r.audit.append(stored.tenant, {
      actor: stored.record.requester,
      action: 'action.proposed',
      object: { type: 'action', id: stored.id },
      payloadHash: stored.record.payloadHash,
      ts: stored.record.proposedAt,
    });
    return stored;
  }

  /** Carries out a transition's effects inside the caller's transaction; returns the audit events. */
  async function applyEffects(
    tx: Db,
    person: ActingPerson,
    action: StoredAction,
    effects: readonly ApprovalEffect[],
    context: { newContent?: ActionContent | undefined; now: Date },
  ): Promise<AuditEvent[]> {
    const r = createRepositories(tx);
    const events: AuditEvent[] = [];
    for (const effect of effects) {
      switch (effect.kind) {
        case 'audit':
          events.push(
            await r.audit.append(person.tenant, {
              actor: effect.actor,
              action: effect.code ? `${effect.action}:${effect.code}` : effect.action,
              object: { type: 'action', id: effect.actionId },
              payloadHash: effect.payloadHash,
              ts: context.now.toISOString(),
            }),
          );
          break;
        case 'propose': {
          if (!context.newContent) throw new Error('an edit must carry the new content');
          await r.actions.insertIfAbsent({
            tenant: person.tenant,
            id: effect.record.actionId,
            packetId: action.packetId,
            caseRef: action.caseRef,
            content: context.newContent,
            record: effect.record,
          });
          break;
        }
        case 'enqueue-write-back': {
          // A risk-free `act` proposal asks for a write with no approval; this version always waits for a
          // person, so such a proposal is simply approved like any other.
          if (effect.approvalId === null) break;
          const record = effect.actionId === action.id ? action.record : null;
          const approval = record?.approval;
          if (!record || !approval) throw new Error('enqueue without an approval');
          await r.approvals.insert(person.tenant, {
            id: approval.id,
            tenant: person.tenant,
            packetId: action.packetId,
            actionId: action.id,
            actionType: action.content.kind,
            payloadHash: approval.payloadHash,
            decision: 'approved',
            requester: record.requester,
            approver: approval.approver,
            requiredRole: approval.role,
            createdAt: approval.approvedAt,
            expiresAt: approval.expiresAt,
          });
          await r.writeBacks.enqueue(tx, {
            tenant: person.tenant,
            approvalId: approval.id,
            actionId: action.id,
            target: action.content.target,
            idempotencyKey: `wb-${approval.id}`,
            payload: action.content.payload,
          });
          break;
        }
        case 'cancel-write-back':
          await r.writeBacks.cancelQueued(
            person.tenant,
            effect.actionId,
            `cancelled: ${action.record.status}`,
          );
          break;
      }
    }
    return events;
  }

  /** This action's id and the ids of the actions it replaced through edits, oldest first. */
  async function chainOf(tenant: string, action: StoredAction): Promise<string[]> {
    const ids = [action.id];
    let previous = action.content.supersedes;
    while (previous !== null && ids.length < 50) {
      ids.unshift(previous);
      previous = (await repos.actions.get(tenant, previous))?.content.supersedes ?? null;
    }
    return ids;
  }

  return {
    async listForCase(person, caseRef) {
      const packet = await repos.packets.latestForCase(person.tenant, caseRef);
      if (!packet)
        throw new AppError('packet_not_found', 'This case has no packet yet. Open it to build one.');
      const config = await loadTenantConfig(repos, person.tenant);
      const stored = await repos.actions.listForCase(person.tenant, caseRef);
      const now = clock();
      const actions: ActionView[] = [];
      for (const proposal of packet.proposedActions) {
        const chain = stored.filter((a) => a.content.proposalId === proposal.id);
        // A write approved or done from an earlier packet of this case stays what the sidebar shows, so a
        // rebuilt packet never offers the same reply a second time.
        const committed = [...chain].reverse().find((a) => isCommitted(a.record));
        const current = chain
          .filter((a) => a.packetId === packet.id && a.record.supersededBy === null)
          .at(-1);
        const shown = committed ?? current;
        if (shown) actions.push(await view(person.tenant, shown));
        else actions.push(toView(fromProposal(packet, proposal, config, null, now), null, now));
      }
      return { caseRef, packetId: packet.id, actions };
    },

    async detail(person, actionId) {
      const { candidate, stored } = await load(repos, person, actionId);
      const action = stored ? await view(person.tenant, stored) : toView(candidate, null, clock(), true);
      const writeBacks = stored ? await repos.writeBacks.listForAction(person.tenant, stored.id) : [];
      // The history starts where the text came from: the engine's draft, then the chain of edits.
      const chain = await chainOf(person.tenant, candidate);
      const audit = await repos.audit.listForObjects(person.tenant, [
        ...(candidate.content.draftId === undefined
          ? []
          : [{ type: 'draft', id: `${candidate.packetId}~${candidate.content.draftId}` }]),
        ...chain.map((id) => ({ type: 'action', id })),
        ...writeBacks.map((w) => ({ type: 'write-back', id: w.id })),
      ]);
      return {
        action,
        audit: audit.map((e) => ({
          seq: e.seq,
          ts: e.ts,
          actor: e.actor,
          action: e.action,
          objectType: e.object.type,
          objectId: e.object.id,
          payloadHash: e.payloadHash,
        })),
      };
    },

    edit(person, actionId, request) {
      return change(person, actionId, async (action, r) => {
        const field = TEXT_FIELD[action.content.kind];
        if (field === undefined) {
          throw new AppError('unprocessable', `A ${action.content.kind} action has no text to edit.`);
        }
        if (request.payloadHash !== action.record.payloadHash) {
          throw refusalError(
            'hash_mismatch',
            'The payload changed after you opened it; reload to edit the current version.',
          );
        }
        const config = await loadTenantConfig(r, person.tenant);
        const base = await baseRiskClasses(r, person.tenant, action);
        const content = contentFor(
          { ...action.content, supersedes: action.id },
          { ...action.content.payload, [field]: stripHiddenCharacters(request.body) },
          base,
          findHiddenCharacters(request.body).length > 0,
        );
        const requirement = requirementsFor(content.kind, content.riskClasses, config.approvalPolicy);
        return {
          event: {
            type: 'edit',
            actor: actorFor(person, requirement.roles),
            newActionId: `act_${newId()}`,
            payloadHash: hashJson(content.payload),
            requirement,
          },
          newContent: content,
        };
      });
    },

    approve(person, actionId, request) {
      return change(person, actionId, (action) =>
        Promise.resolve({
          event: {
            type: 'approve',
            approvalId: `apr_${newId()}`,
            approver: actorFor(person, action.record.requirement.roles),
            presentedHash: request.payloadHash,
          },
        }),
      );
    },

    reject(person, actionId, request) {
      return change(person, actionId, (action) =>
        Promise.resolve({
          event: {
            type: 'reject',
            actor: actorFor(person, action.record.requirement.roles),
            presentedHash: request.payloadHash,
            ...(request.reason ? { reason: request.reason } : {}),
          },
        }),
      );
    },

    revoke(person, actionId, request) {
      return change(person, actionId, (action) =>
        Promise.resolve({
          event: {
            type: 'revoke',
            actor: actorFor(person, action.record.requirement.roles),
            ...(request.reason ? { reason: request.reason } : {}),
          },
        }),
      );
    },

    async gate(row) {
      const action = await repos.actions.get(row.tenant, row.actionId);
      if (!action) return false;
      const approval = await repos.approvals.get(row.tenant, row.approvalId);
      if (approval?.decision !== 'approved' || approval.payloadHash !== action.record.payloadHash)
        return false;
      // The policy as it is now, not as it was when the action was proposed: a tightened policy (a role
      // removed, four-eyes added, autonomy lowered) voids approvals that no longer meet it.
      const config = await loadTenantConfig(repos, row.tenant);
      const current = requirementsFor(action.content.kind, action.content.riskClasses, config.approvalPolicy);
      const now = clock();
      return (
        mayExecute(action.record, row.payload, now) &&
        mayExecute({ ...action.record, requirement: current }, row.payload, now)
      );
    },
  };
}

function requirePerson(person: ActingPerson): void {
  if (person.actor.kind !== 'person') {
    throw new AppError('forbidden', 'Only a person signed in through the desk can change an action.');
  }
}

/** The actor as the state machine sees them: acting in the first required role they hold. */
function actorFor(person: ActingPerson, required: readonly string[]): Actor {
  const held = person.roles ?? (person.actor.role === undefined ? [] : [person.actor.role]);
  const role = actingRole(held, required);
  const { role: _ignored, ...rest } = person.actor;
  return role === undefined ? rest : { ...rest, role };
}

function notFound(): AppError {
  return new AppError('not_found', 'No such action in this workspace.');
}

function refusalError(code: RefusalCode, message: string): AppError {
  return new AppError(FORBIDDEN_REFUSALS.has(code) ? 'forbidden' : 'conflict', message, { reason: code });
}

function splitProposalId(actionId: string): [string, string] {
  const at = actionId.indexOf(PROPOSAL_SEPARATOR);
  if (at <= 0 || at === actionId.length - 1) throw notFound();
  return [actionId.slice(0, at), actionId.slice(at + 1)];
}

/** The proposal's own risk classes, from the packet: an edit is judged against these, not an earlier edit's. */
async function baseRiskClasses(r: Repositories, tenant: string, action: StoredAction): Promise<RiskClass[]> {
  const packet = await r.packets.get(tenant, action.packetId);
  const proposal = packet?.proposedActions.find((p) => p.id === action.content.proposalId);
  return proposal ? [...proposal.riskClasses] : [...action.content.riskClasses];
}

function textOf(kind: ProposedAction['kind'], payload: Readonly<Record<string, unknown>>): string | null {
  const field = TEXT_FIELD[kind];
  const value = field === undefined ? undefined : payload[field];
  return typeof value === 'string' ? value : null;
}

/** An action's content with the guard's findings over its text and the risk classes they add. */
function contentFor(
  base: Omit<ActionContent, 'payload' | 'riskClasses' | 'commitments' | 'links' | 'hiddenCharactersRemoved'>,
  payload: Record<string, unknown>,
  baseRisk: readonly RiskClass[],
  hiddenCharactersRemoved: boolean,
): ActionContent {
  const text = textOf(base.kind, payload);
  const locale = typeof payload.locale === 'string' ? payload.locale : undefined;
  const commitments = text === null ? [] : findCommitments(text, locale);
  const riskClasses = [...new Set([...baseRisk, ...commitments.map((c) => c.riskClass)])];
  return {
    ...base,
    payload,
    riskClasses,
    commitments: commitments.map((c) => ({
      kind: c.kind,
      riskClass: c.riskClass,
      rule: c.rule,
      phrase: c.phrase,
    })),
    links: text === null ? [] : findLinksAndMentions(text).map((l) => l.text),
    hiddenCharactersRemoved,
  };
}

/** An engine proposal as an action nobody has acted on yet; `requester` becomes whoever acts first. */
function fromProposal(
  packet: TriagePacket,
  proposal: ProposedAction,
  config: TenantConfig,
  requester: Actor | null,
  now: Date,
): StoredAction {
  if (hashJson(proposal.payload) !== proposal.payloadHash) {
    throw new AppError('internal', 'A stored proposal does not match its payload hash.');
  }
  const content = contentFor(
    {
      proposalId: proposal.id,
      kind: proposal.kind,
      title: proposal.title,
      target: proposal.target,
      autonomy: proposal.autonomy,
      supersedes: null,
      ...(proposal.draftId === undefined ? {} : { draftId: proposal.draftId }),
    },
    proposal.payload,
    proposal.riskClasses,
    false,
  );
  // Text from the engine is never rewritten here: the hash the packet shows must stay the hash approved.
  const record = propose({
    actionId: `${packet.id}${PROPOSAL_SEPARATOR}${proposal.id}`,
    kind: proposal.kind,
    requirement: requirementsFor(proposal.kind, content.riskClasses, config.approvalPolicy),
    payloadHash: proposal.payloadHash,
    requester: requester ?? { kind: 'engine', id: packet.engineVersion },
    now,
  }).state;
  return {
    tenant: packet.tenant,
    id: record.actionId,
    packetId: packet.id,
    caseRef: packet.caseRef,
    content,
    record,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** What the sidebar shows. The state folds in the write-back and a lapsed approval. */
function toView(
  action: StoredAction,
  writeBack: StoredWriteBack | null,
  now: Date,
  unstored = false,
): ActionView {
  const { record, content } = action;
  const engineProposal = unstored || record.requester.kind !== 'person';
  return {
    id: action.id,
    packetId: action.packetId,
    caseRef: action.caseRef,
    proposalId: content.proposalId,
    kind: content.kind,
    title: content.title,
    target: content.target,
    riskClasses: content.riskClasses,
    payload: content.payload,
    payloadHash: record.payloadHash,
    requiredApprovals: toRequiredApprovals(record.requirement),
    autonomy: record.requirement.autonomy,
    writable: record.requirement.writable,
    state: displayedState(record, writeBack, now),
    requester: engineProposal ? null : record.requester,
    approval: record.approval
      ? {
          approver: record.approval.approver,
          role: record.approval.role,
          approvedAt: record.approval.approvedAt,
          expiresAt: record.approval.expiresAt,
        }
      : null,
    closure: record.closure,
    supersededBy: record.supersededBy,
    supersedes: content.supersedes,
    commitments: content.commitments,
    links: content.links,
    hiddenCharactersRemoved: content.hiddenCharactersRemoved,
    writeBack: writeBack
      ? {
          id: writeBack.id,
          status: writeBack.status,
          attempts: writeBack.attempts,
          lastError: writeBack.lastError ?? null,
          externalId: writeBack.externalId,
          url: writeBack.url,
          nextAttemptAt: writeBack.status === 'queued' ? writeBack.nextAttemptAt : null,
          updatedAt: writeBack.updatedAt,
        }
      : null,
    ...(content.draftId === undefined ? {} : { draftId: content.draftId }),
  };
}

/** Approved or written, or queued on its own under `act` autonomy: a rebuilt packet must not offer it again. */
function isCommitted(record: ActionRecord): boolean {
  if (record.status === 'approved' || record.status === 'executing' || record.status === 'done') return true;
  const autonomous = record.requirement.writable && !record.requirement.approvalRequired;
  return record.status === 'proposed' && autonomous && record.requester.kind === 'engine';
}

function displayedState(record: ActionRecord, writeBack: StoredWriteBack | null, now: Date): ActionState {
  // An autonomous write has no person's approval: the record stays `proposed` and its write-back tells.
  const autonomous = record.status === 'proposed' && record.approval === null && writeBack !== null;
  if (record.status !== 'approved' && !autonomous) return record.status;
  switch (writeBack?.status) {
    case 'executing':
      return 'executing';
    case 'done':
      return 'done';
    case 'failed':
    case 'dead':
      return 'failed';
    default:
      break;
  }
  const expiresAt = record.approval ? Date.parse(record.approval.expiresAt) : Number.NaN;
  return Number.isFinite(expiresAt) && now.getTime() >= expiresAt ? 'expired' : 'approved';
}
