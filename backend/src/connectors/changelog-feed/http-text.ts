import type { GuardedClient } from '../../infrastructure/http';
import { statusError, transportError } from '../http-json';

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
 * One GET of a raw body (a feed), with requestJson's transport and status mapping
 * (`transportError`, `statusError`).
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
    throw transportError(e, req.system);
  }
  const failure = statusError(res, req.system, (req.now ?? Date.now)());
  if (failure) throw failure;
  return { body: res.body, status: res.status, headers: res.headers };
}
