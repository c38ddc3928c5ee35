import { ActionDetailResponse, ActionView, CaseActionsResponse, TriagePacket } from '@triage/shared';
import { callRemote } from './bridge';

/**
 * One typed function per backend route the panel uses; each goes through the bridge seam. Paths are the
 * backend's `/v1` API, the same routes the Zendesk sidebar calls, authenticated here by the Forge token.
 */

const enc = encodeURIComponent;

/** The case's packet; `refresh` rebuilds it. @throws RemoteError `case_not_found` before the issue is synced. */
export function getPacket(caseRef: string, options: { refresh?: boolean } = {}): Promise<TriagePacket> {
  return callRemote(
    { method: 'GET', path: `/v1/cases/${enc(caseRef)}/packet${options.refresh ? '?refresh=true' : ''}` },
    TriagePacket,
  );
}

/** Reads the issue from Jira as the agent, stores it and builds its packet (first open of an issue). */
export function syncIssue(issueKey: string): Promise<TriagePacket> {
  return callRemote({ method: 'POST', path: `/v1/forge/issues/${enc(issueKey)}/sync` }, TriagePacket);
}

export function listActions(caseRef: string): Promise<CaseActionsResponse> {
  return callRemote({ method: 'GET', path: `/v1/cases/${enc(caseRef)}/actions` }, CaseActionsResponse);
}

export function getAction(actionId: string): Promise<ActionDetailResponse> {
  return callRemote({ method: 'GET', path: `/v1/actions/${enc(actionId)}` }, ActionDetailResponse);
}

/** A new action with the edited text; the old one is superseded. */
export function editAction(actionId: string, payloadHash: string, body: string): Promise<ActionView> {
  return callRemote(
    { method: 'POST', path: `/v1/actions/${enc(actionId)}/edit`, body: { payloadHash, body } },
    ActionView,
  );
}

export function approveAction(actionId: string, payloadHash: string): Promise<ActionView> {
  return callRemote(
    { method: 'POST', path: `/v1/actions/${enc(actionId)}/approve`, body: { payloadHash } },
    ActionView,
  );
}

export function rejectAction(actionId: string, payloadHash: string, reason?: string): Promise<ActionView> {
  return callRemote(
    {
      method: 'POST',
      path: `/v1/actions/${enc(actionId)}/reject`,
      body: { payloadHash, ...(reason ? { reason } : {}) },
    },
    ActionView,
  );
}
