import {
  ActionDetailResponse,
  ActionView,
  CaseActionsResponse,
  ErrorBody,
  TriagePacket,
  resultSchema,
  type CaseRecord,
} from '@triage/shared';
import { z } from 'zod';
import { Session } from './session';

/** The result envelope, before its `data` is parsed with the route's own schema. */
const Envelope = resultSchema(z.unknown());

/** A refused or failed backend call: the envelope's stable code and reason, and the HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly reason: string | undefined;

  constructor(status: number, body: ErrorBody | null, options?: { cause?: unknown }) {
    super(body?.message ?? `The triage service answered ${status}.`, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'network' : 'internal');
    this.reason = body?.reason;
  }
}

/** The backend calls the sidebar makes, one typed function each; every answer is parsed with the shared contracts. */
export interface TriageApi {
  packet(caseRef: string, options?: { refresh?: boolean }): Promise<TriagePacket>;
  /** Stores the ticket as a case and builds its packet (a ticket the backend has not seen yet). */
  buildPacket(record: CaseRecord): Promise<TriagePacket>;
  actions(caseRef: string): Promise<CaseActionsResponse>;
  action(actionId: string): Promise<ActionDetailResponse>;
  edit(actionId: string, payloadHash: string, body: string): Promise<ActionView>;
  approve(actionId: string, payloadHash: string): Promise<ActionView>;
  reject(actionId: string, payloadHash: string, reason?: string): Promise<ActionView>;
  /** Exchanges the live session for a fresh one (see `keepSessionAlive`). */
  renewSession(): Promise<Session>;
}

export interface TriageApiOptions {
  /** The session token, sent as `Authorization: Bearer`; a function when the session is renewed. */
  token: string | (() => string);
  /** Same origin as the page by default: the backend served it. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** @throws ApiError from every method. */
export function createTriageApi(options: TriageApiOptions): TriageApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const { token } = options;
  const tokenOf = typeof token === 'string' ? () => token : token;

  async function call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${tokenOf()}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new ApiError(0, null, { cause: e });
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      throw new ApiError(res.status, null, { cause: e });
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) throw new ApiError(res.status, null, { cause: envelope.error });
    if (!envelope.data.ok) throw new ApiError(res.status, envelope.data.error);
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) throw new ApiError(res.status, null, { cause: data.error });
    return data.data;
  }

  const ref = (caseRef: string) => encodeURIComponent(caseRef);
  const id = (actionId: string) => encodeURIComponent(actionId);

  return {
    packet: (caseRef, o = {}) =>
      call(TriagePacket, 'GET', `/v1/cases/${ref(caseRef)}/packet${o.refresh ? '?refresh=true' : ''}`),
    buildPacket: (record) => call(TriagePacket, 'POST', '/v1/packets', { case: record }),
    actions: (caseRef) => call(CaseActionsResponse, 'GET', `/v1/cases/${ref(caseRef)}/actions`),
    action: (actionId) => call(ActionDetailResponse, 'GET', `/v1/actions/${id(actionId)}`),
    edit: (actionId, payloadHash, body) =>
      call(ActionView, 'POST', `/v1/actions/${id(actionId)}/edit`, { payloadHash, body }),
    approve: (actionId, payloadHash) =>
      call(ActionView, 'POST', `/v1/actions/${id(actionId)}/approve`, { payloadHash }),
    reject: (actionId, payloadHash, reason) =>
      call(ActionView, 'POST', `/v1/actions/${id(actionId)}/reject`, {
        payloadHash,
        ...(reason ? { reason } : {}),
      }),
    renewSession: () => call(Session, 'POST', '/zendesk/session/renew'),
  };
}
