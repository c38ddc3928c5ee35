import type { z } from 'zod';
import {
  isOutboundHttpError,
  retryAfterMs,
  type GuardedClient,
  type HttpMethod,
} from '../infrastructure/http';
import { ConnectorError } from './errors';

/**
 * A transport failure of the guarded client as a connector error: a refused address is `blocked_address`,
 * a deadline or abort `timeout`, an oversized body `bad_response`, anything else `network`. Messages name
 * the system only.
 */
export function transportError(e: unknown, system: string): ConnectorError {
  if (
    isOutboundHttpError(e, 'forbidden_address') ||
    isOutboundHttpError(e, 'invalid_url') ||
    isOutboundHttpError(e, 'unsupported_scheme') ||
    isOutboundHttpError(e, 'credentials_in_url')
  ) {
    return new ConnectorError('blocked_address', `${system}: the configured address is not allowed`, {
      cause: e,
    });
  }
  if (isOutboundHttpError(e, 'timeout') || isOutboundHttpError(e, 'aborted')) {
    return new ConnectorError('timeout', `${system} did not answer in time`, { cause: e });
  }
  if (isOutboundHttpError(e, 'too_large')) {
    return new ConnectorError('bad_response', `${system} sent a response larger than allowed`, { cause: e });
  }
  return new ConnectorError('network', `${system} could not be reached`, { cause: e });
}

/**
 * The connector error a vendor status means, or null for 2xx: 401 `auth`, 403 `forbidden`, 404
 * `not_found`, 429 `rate_limited`, 5xx `unavailable` (each with `Retry-After` as `retryAfterMs`), any
 * other status `bad_response`.
 */
export function statusError(
  res: { status: number; headers: Readonly<Record<string, string>> },
  system: string,
  nowMs: number,
): ConnectorError | null {
  if (res.status >= 200 && res.status < 300) return null;
  const wait = retryAfterMs(res.headers, nowMs);
  const withStatus = (code: ConnectorError['code'], what: string) =>
    new ConnectorError(code, `${system} answered ${res.status}: ${what}`, {
      status: res.status,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  if (res.status === 401) return withStatus('auth', 'the credentials were refused');
  if (res.status === 403) return withStatus('forbidden', 'the credentials lack permission');
  if (res.status === 404) return withStatus('not_found', 'not found');
  if (res.status === 429) return withStatus('rate_limited', 'rate limited');
  if (res.status >= 500) return withStatus('unavailable', 'the service is unavailable');
  return withStatus('bad_response', 'unexpected status');
}

export interface JsonRequest<S extends z.ZodType> {
  method?: HttpMethod;
  url: string | URL;
  headers?: Readonly<Record<string, string>>;
  /** A JSON body (serialised here) for POST searches such as JQL. */
  json?: unknown;
  signal: AbortSignal;
  /** The documented response shape; extra fields are allowed by the schema's own choice. */
  schema: S;
  /** Which system this is, for messages ("Zendesk answered 401"). */
  system: string;
  now?: () => number;
}

export interface JsonResponse<T> {
  data: T;
  status: number;
  headers: Readonly<Record<string, string>>;
}

/**
 * One JSON call to a vendor API through the SSRF-guarded client: maps statuses to connector errors
 * (401 auth, 403 forbidden, 404 not found, 429/503 rate limited or unavailable with `Retry-After`, other
 * 5xx unavailable), and parses the body with the documented schema. No retry here: the fan-out decides,
 * because only it knows how much of the packet deadline is left.
 *
 * @throws ConnectorError with a message naming the system and status, never the body.
 */
export async function requestJson<S extends z.ZodType>(
  client: GuardedClient,
  req: JsonRequest<S>,
): Promise<JsonResponse<z.output<S>>> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Encoding': 'identity',
    ...req.headers,
  };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await client.request({
      method: req.method ?? 'GET',
      url: req.url,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: req.signal,
    });
  } catch (e) {
    throw transportError(e, req.system);
  }
  const failure = statusError(res, req.system, (req.now ?? Date.now)());
  if (failure) throw failure;
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8')) as unknown;
  } catch (e) {
    throw new ConnectorError('bad_response', `${req.system} sent a body that is not JSON`, {
      status: res.status,
      cause: e,
    });
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    // Field paths only: the values are the tenant's data.
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => i.path.join('.') || '(root)')
      .join(', ');
    throw new ConnectorError('bad_response', `${req.system} sent an unexpected shape (at ${where})`, {
      status: res.status,
      cause: parsed.error,
    });
  }
  return { data: parsed.data, status: res.status, headers: res.headers };
}
