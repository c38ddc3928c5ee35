import type { z } from 'zod';
import {
  isOutboundHttpError,
  retryAfterMs,
  type GuardedClient,
  type HttpMethod,
} from '../infrastructure/http';
import { ConnectorError } from './errors';

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
    if (
      isOutboundHttpError(e, 'forbidden_address') ||
      isOutboundHttpError(e, 'invalid_url') ||
      isOutboundHttpError(e, 'unsupported_scheme') ||
      isOutboundHttpError(e, 'credentials_in_url')
    ) {
      throw new ConnectorError('blocked_address', `${req.system}: the configured address is not allowed`, {
        cause: e,
      });
    }
    if (isOutboundHttpError(e, 'timeout') || isOutboundHttpError(e, 'aborted')) {
      throw new ConnectorError('timeout', `${req.system} did not answer in time`, { cause: e });
    }
    if (isOutboundHttpError(e, 'too_large'))
      throw new ConnectorError('bad_response', `${req.system} sent a response larger than allowed`, {
        cause: e,
      });
    throw new ConnectorError('network', `${req.system} could not be reached`, { cause: e });
  }
  const now = req.now ?? Date.now;
  const wait = retryAfterMs(res.headers, now());
  const withStatus = (code: ConnectorError['code'], what: string) =>
    new ConnectorError(code, `${req.system} answered ${res.status}: ${what}`, {
      status: res.status,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  if (res.status === 401) throw withStatus('auth', 'the credentials were refused');
  if (res.status === 403) throw withStatus('forbidden', 'the credentials lack permission');
  if (res.status === 404) throw withStatus('not_found', 'not found');
  if (res.status === 429) throw withStatus('rate_limited', 'rate limited');
  if (res.status >= 500) throw withStatus('unavailable', 'the service is unavailable');
  if (res.status < 200 || res.status >= 300) throw withStatus('bad_response', 'unexpected status');
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
