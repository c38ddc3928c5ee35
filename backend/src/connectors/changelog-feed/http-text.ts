import { isOutboundHttpError, retryAfterMs, type GuardedClient } from '../../infrastructure/http';
import { ConnectorError } from '../errors';

/** One GET for a body that is not JSON (a feed), through the SSRF-guarded client. */
export interface TextRequest {
  url: string | URL;
  headers?: Readonly<Record<string, string>>;
  signal: AbortSignal;
  /** Which system this is, for messages. */
  system: string;
  now?: () => number;
}

/** A successful (2xx) response, body still raw: the caller decodes and parses it. */
export interface TextResponse {
  body: Buffer;
  status: number;
  headers: Readonly<Record<string, string>>;
}

/**
 * requestJson's transport and status mapping for a raw body: transport failures become `timeout`,
 * `blocked_address`, `bad_response` (too large) or `network`; 401 `auth`, 403 `forbidden`, 404
 * `not_found`, 429 `rate_limited`, 5xx `unavailable` (with `Retry-After` as `retryAfterMs`), other
 * non-2xx `bad_response`. It stays beside the one connector that needs it rather than widening the
 * shared JSON helper.
 * @throws ConnectorError with a message naming the system and status, never the body or headers.
 */
export async function requestText(client: GuardedClient, req: TextRequest): Promise<TextResponse> {
  let res;
  try {
    res = await client.request({
      method: 'GET',
      url: req.url,
      headers: { 'Accept-Encoding': 'identity', ...req.headers },
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
    if (isOutboundHttpError(e, 'too_large')) {
      throw new ConnectorError('bad_response', `${req.system} sent a response larger than allowed`, {
        cause: e,
      });
    }
    throw new ConnectorError('network', `${req.system} could not be reached`, { cause: e });
  }
  const wait = retryAfterMs(res.headers, (req.now ?? Date.now)());
  const status = res.status;
  const withStatus = (code: ConnectorError['code'], what: string) =>
    new ConnectorError(code, `${req.system} answered ${status}: ${what}`, {
      status,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  if (status === 401) throw withStatus('auth', 'the credentials were refused');
  if (status === 403) throw withStatus('forbidden', 'the credentials lack permission');
  if (status === 404) throw withStatus('not_found', 'not found');
  if (status === 429) throw withStatus('rate_limited', 'rate limited');
  if (status >= 500) throw withStatus('unavailable', 'the service is unavailable');
  if (status < 200 || status >= 300) throw withStatus('bad_response', 'unexpected status');
  return { body: res.body, status, headers: res.headers };
}
