import type { TriagePacket } from '@triage/shared';
import { z } from 'zod';
import { AppError } from '../../common/errors';
import { isConnectorError } from '../../connectors/errors';
import { requestJson } from '../../connectors/http-json';
import { importJiraJson } from '../../importers';
import type { GuardedClient } from '../../infrastructure/http';
import type { TriageService } from '../../usecases/triage-service';

export const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;

/** The fields the case record is made from (the importer's), plus the project type to check. */
const ISSUE_FIELDS = [
  'summary',
  'description',
  'created',
  'updated',
  'resolutiondate',
  'status',
  'priority',
  'issuetype',
  'labels',
  'components',
  'reporter',
  'project',
  'resolution',
  'comment',
  'issuelinks',
].join(',');

const IssueEnvelope = z.looseObject({
  key: z.string().regex(ISSUE_KEY),
  fields: z.looseObject({
    project: z.looseObject({ key: z.string(), projectTypeKey: z.string().optional() }).nullish(),
  }),
});

export interface SyncIssueDeps {
  http: GuardedClient;
  services: Pick<TriageService, 'buildPacketForRecord'>;
}

export interface SyncIssueInput {
  tenant: string;
  apiBaseUrl: string;
  /** The token to read with: the person's on a panel call, the app's on a trigger. */
  token: string;
  issueKey: string;
  signal: AbortSignal;
}

export type SyncIssueResult =
  | { kind: 'built'; packet: TriagePacket }
  /** Not a service-desk issue: the panel never shows there, so no packet is built. */
  | { kind: 'not-service-desk' };

/**
 * Reads one issue from Jira at the installation's `apiBaseUrl`, turns it into a case record (the Jira
 * importer's mapping: ADF to text, comments, links) and stores it with a fresh packet.
 *
 * @throws AppError `case_not_found` when Jira has no such issue (or the token may not see it),
 * `unavailable` when Jira cannot be read, `validation_failed` when the issue makes no usable case.
 */
export async function syncIssue(deps: SyncIssueDeps, input: SyncIssueInput): Promise<SyncIssueResult> {
  if (!ISSUE_KEY.test(input.issueKey)) throw new AppError('validation_failed', 'That is not an issue key.');
  const url = new URL(`${input.apiBaseUrl}/rest/api/3/issue/${encodeURIComponent(input.issueKey)}`);
  url.searchParams.set('fields', ISSUE_FIELDS);
  let raw: unknown;
  try {
    ({ data: raw } = await requestJson(deps.http, {
      url,
      headers: { Authorization: `Bearer ${input.token}` },
      signal: input.signal,
      schema: z.unknown(),
      system: 'Jira',
    }));
  } catch (e) {
    if (isConnectorError(e) && (e.code === 'not_found' || e.code === 'forbidden')) {
      throw new AppError('case_not_found', 'Jira has no such issue, or it is not visible to you.', {
        cause: e,
      });
    }
    throw new AppError('unavailable', 'Jira could not be read just now. Try again shortly.', { cause: e });
  }
  const issue = IssueEnvelope.safeParse(raw);
  if (!issue.success) throw new AppError('unavailable', 'Jira answered with an issue we could not read.');
  if (issue.data.fields.project?.projectTypeKey !== 'service_desk') return { kind: 'not-service-desk' };
  const imported = importJiraJson(JSON.stringify({ issues: [raw] }));
  const record = imported.records[0];
  if (!record)
    throw new AppError('validation_failed', 'This issue has no summary or description to triage yet.');
  return { kind: 'built', packet: await deps.services.buildPacketForRecord(input.tenant, record) };
}

/** Background issue syncs for triggers, one per issue at a time, a few at once. */
export interface IssueSyncQueue {
  /** Schedules a sync; a second event for an issue already queued or running coalesces into one rerun. */
  enqueue(key: string, run: () => Promise<void>): void;
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
}

export function createIssueSyncQueue(
  options: { concurrency?: number; maxQueued?: number; onError?: (e: unknown) => void } = {},
): IssueSyncQueue {
  const concurrency = options.concurrency ?? 2;
  const maxQueued = options.maxQueued ?? 1_000;
  const waiting = new Map<string, () => Promise<void>>();
  const running = new Set<string>();
  const rerun = new Map<string, () => Promise<void>>();
  let idleWaiters: (() => void)[] = [];

  function settleIdle() {
    if (waiting.size === 0 && running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  function pump() {
    for (const [key, run] of waiting) {
      if (running.size >= concurrency) break;
      if (running.has(key)) continue;
      waiting.delete(key);
      running.add(key);
      void run()
        .catch((e: unknown) => options.onError?.(e))
        .finally(() => {
          running.delete(key);
          const again = rerun.get(key);
          if (again) {
            rerun.delete(key);
            waiting.set(key, again);
          }
          pump();
          settleIdle();
        });
    }
  }

  return {
    enqueue(key, run) {
      if (running.has(key)) rerun.set(key, run);
      else if (waiting.has(key) || waiting.size < maxQueued) waiting.set(key, run);
      // Past the bound the event is dropped: the panel builds the packet on demand when it opens.
      pump();
    },
    idle() {
      if (waiting.size === 0 && running.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
