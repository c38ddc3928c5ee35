import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { hostWithoutBrackets, validateConnectorUrl } from './connector-url';
import { OutboundHttpError } from './errors';
import { isForbiddenAddress, isLoopbackAddress } from './forbidden-address';
import { createGuardedLookup, type Resolver } from './guarded-lookup';

/** Options for {@link createGuardedClient}. */
export interface GuardedClientOptions {
  /** One deadline for the whole exchange: every hop, connect, TLS, headers and body. */
  timeoutMs: number;
  /** Largest response body accepted; larger bodies are refused, not truncated. */
  maxResponseBytes: number;
  /** See {@link ConnectorUrlOptions.allowInsecureLocal}. Development and tests only. */
  allowInsecureLocal?: boolean;
  /** DNS resolver used at connect time; defaults to the system resolver. Tests inject a fake. */
  resolver?: Resolver;
  /**
   * How many redirects to follow. Default 0: a redirect response is refused with `redirect_refused`,
   * so a connector never silently reads a page it did not ask for. When following, every hop's URL is
   * validated again and connected through the same guard, and credentials are dropped on a change of
   * origin.
   */
  maxRedirects?: number;
}

/** HTTP methods the connectors use. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One outbound request. */
export interface GuardedRequest {
  method: HttpMethod;
  url: string | URL;
  /** Header names are matched without regard to case; values must not contain CR, LF or NUL. */
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** The caller's cancellation (for example the packet deadline), passed down to the socket. */
  signal?: AbortSignal;
  /**
   * `manual`: a redirect comes back as the 3xx response (with its `location` header) instead of being
   * followed or refused, for callers that must fetch the target differently (without credentials, say).
   * Whatever they fetch next goes through this client and its checks again.
   */
  redirect?: 'manual';
}

/** A complete, size-capped response. Any status is a response; only transport problems throw. */
export interface GuardedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** The raw body, not decoded: connectors parse it (zod) and never log it. */
  body: Buffer;
  /** The URL that answered (differs from the request URL only after followed redirects). */
  url: string;
}

/** The SSRF-guarded outbound HTTP client for tenant-configured connector URLs. */
export interface GuardedClient {
  /**
   * Sends one request and reads the whole response.
   * @throws OutboundHttpError: `invalid_url`, `unsupported_scheme`, `credentials_in_url`,
   * `forbidden_address` (URL host or any resolved address), `redirect_refused`, `timeout`, `aborted`,
   * `too_large`, `invalid_request`, `network`.
   */
  request(request: GuardedRequest): Promise<GuardedResponse>;
  /** Closes idle keep-alive sockets. The client is unusable afterwards. */
  close(): void;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// RFC 9110 token characters for header names.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values may not carry line breaks or NUL (header injection); Node refuses them too, but its
// error text is not ours to control.
const BAD_HEADER_VALUE = /[\r\n\0]/;
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * Creates an outbound HTTP client for tenant-configured URLs, guarded against SSRF.
 *
 * Defences, in order: the URL is validated ({@link validateConnectorUrl}); every new connection
 * resolves its host through a guarded `lookup` on the client's own agents and refuses forbidden
 * answers (so DNS rebinding between validation and connect does not help); the connected socket's
 * peer address is checked once more; redirects are refused unless `maxRedirects` allows them, and each
 * followed hop repeats all checks. Built-in `fetch` cannot take an `http.Agent`, hence `node:http`.
 *
 * Nothing here logs. Error messages name at most the host, never the path, query, headers or body.
 *
 * @throws OutboundHttpError `invalid_request` when the options are out of range.
 * @example
 * const client = createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 1_000_000 });
 * const res = await client.request({ method: 'GET', url: 'https://acme.example/api/health', signal });
 */
export function createGuardedClient(options: GuardedClientOptions): GuardedClient {
  const { timeoutMs, maxResponseBytes } = options;
  const maxRedirects = options.maxRedirects ?? 0;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new OutboundHttpError('invalid_request', 'timeoutMs must be a positive integer');
  }
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 0) {
    throw new OutboundHttpError('invalid_request', 'maxResponseBytes must be a non-negative integer');
  }
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0 || maxRedirects > 10) {
    throw new OutboundHttpError('invalid_request', 'maxRedirects must be an integer from 0 to 10');
  }
  const urlOptions = { allowInsecureLocal: options.allowInsecureLocal === true };
  const lookup = createGuardedLookup({ ...urlOptions, resolver: options.resolver });
  const agents = {
    'http:': new http.Agent({ keepAlive: true, lookup }),
    'https:': new https.Agent({ keepAlive: true, lookup, minVersion: 'TLSv1.2' }),
  };
  const peerAllowed = (address: string): boolean =>
    !isForbiddenAddress(address) || (urlOptions.allowInsecureLocal && isLoopbackAddress(address));

  async function request(req: GuardedRequest): Promise<GuardedResponse> {
    let url = validateConnectorUrl(req.url, urlOptions);
    let method: HttpMethod = req.method;
    let body = req.body;
    let headers = checkHeaders(req.headers ?? {});

    if (req.signal?.aborted === true) throw abortedError();
    // One internal signal carries both the deadline and the caller's abort, with a distinct reason.
    const control = new AbortController();
    const timer = setTimeout(() => {
      control.abort(
        new OutboundHttpError('timeout', `request to ${url.hostname} timed out after ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const onCallerAbort = (): void => {
      control.abort(abortedError());
    };
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      for (let hop = 0; ; hop += 1) {
        const response = await sendOnce({
          url,
          method,
          headers,
          body,
          agent: agents[url.protocol === 'https:' ? 'https:' : 'http:'],
          signal: control.signal,
          maxResponseBytes,
          peerAllowed,
        });
        const location = response.headers.location;
        if (!REDIRECT_STATUSES.has(response.status) || location === undefined || req.redirect === 'manual')
          return response;
        if (hop >= maxRedirects) {
          throw new OutboundHttpError(
            'redirect_refused',
            maxRedirects === 0
              ? `${url.hostname} answered with a redirect; redirects are not followed`
              : `too many redirects from ${url.hostname}`,
          );
        }
        let next: URL;
        try {
          next = validateConnectorUrl(new URL(location, url), urlOptions);
        } catch (cause) {
          throw new OutboundHttpError('redirect_refused', `${url.hostname} redirected to a refused URL`, {
            cause,
          });
        }
        if (next.origin !== url.origin) headers = withoutCredentials(headers);
        // As browsers do: 303 always, and 301/302 after POST, turn into a GET without a body.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
          headers = withoutBodyHeaders(headers);
        }
        url = next;
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    request,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

interface SendOptions {
  url: URL;
  method: HttpMethod;
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array | undefined;
  agent: http.Agent;
  signal: AbortSignal;
  maxResponseBytes: number;
  peerAllowed: (address: string) => boolean;
}

function sendOnce(o: SendOptions): Promise<GuardedResponse> {
  return new Promise<GuardedResponse>((resolve, reject) => {
    const host = o.url.hostname;
    let settled = false;
    const finish = (error: OutboundHttpError | undefined, response?: GuardedResponse): void => {
      if (settled) return;
      settled = true;
      o.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else if (response) resolve(response);
    };
    // Once the deadline or the caller has spoken, that reason wins over the socket error it causes.
    const failure = (fallback: OutboundHttpError): OutboundHttpError =>
      o.signal.aborted && o.signal.reason instanceof OutboundHttpError ? o.signal.reason : fallback;

    if (o.signal.aborted) {
      finish(failure(abortedError()));
      return;
    }

    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined && !hasHeader(headers, 'content-length')) {
      headers['content-length'] = String(Buffer.byteLength(o.body));
    }

    let req: http.ClientRequest;
    try {
      const transport = o.url.protocol === 'https:' ? https : http;
      req = transport.request({
        protocol: o.url.protocol,
        hostname: hostWithoutBrackets(host),
        port: o.url.port === '' ? undefined : Number(o.url.port),
        path: `${o.url.pathname}${o.url.search}`,
        method: o.method,
        headers,
        agent: o.agent,
        // Certificates are checked against the URL's host name, never a caller-supplied Host header
        // (Node would otherwise take SNI from it). IP literals carry no SNI (RFC 6066).
        ...(o.url.protocol === 'https:' && isIP(hostWithoutBrackets(host)) === 0 ? { servername: host } : {}),
      });
    } catch {
      // Node's message may quote a header value; ours names nothing.
      finish(new OutboundHttpError('invalid_request', `request to ${host} could not be built`));
      return;
    }

    function onAbort(): void {
      const reason = failure(abortedError());
      finish(reason);
      req.destroy(reason);
    }
    o.signal.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (socket: Socket) => {
      // Defence in depth behind the guarded lookup: judge the peer we actually reached. A reused
      // keep-alive socket was judged when it connected, and would never emit 'connect' again: a
      // listener on it would only pile up until the connection closes.
      if (!socket.connecting) return;
      socket.once('connect', () => {
        const peer = socket.remoteAddress;
        if (peer === undefined || !o.peerAllowed(peer)) {
          const error = new OutboundHttpError(
            'forbidden_address',
            `${host} connected to a forbidden address`,
          );
          finish(error);
          req.destroy(error);
        }
      });
    });

    req.on('error', (error: Error) => {
      finish(
        failure(
          error instanceof OutboundHttpError
            ? error
            : new OutboundHttpError('network', `request to ${host} failed`, { cause: safeCause(error) }),
        ),
      );
    });

    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > o.maxResponseBytes) {
        const error = tooLarge(host, o.maxResponseBytes);
        finish(error);
        req.destroy(error);
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > o.maxResponseBytes) {
          const error = tooLarge(host, o.maxResponseBytes);
          finish(error);
          req.destroy(error);
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error: Error) => {
        finish(
          failure(
            error instanceof OutboundHttpError
              ? error
              : new OutboundHttpError('network', `response from ${host} failed`, { cause: safeCause(error) }),
          ),
        );
      });
      res.on('end', () => {
        if (!res.complete) {
          finish(failure(new OutboundHttpError('network', `response from ${host} ended early`)));
          return;
        }
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          body: Buffer.concat(chunks),
          url: o.url.href,
        });
      });
    });

    if (o.body !== undefined) req.end(o.body);
    else req.end();
  });
}

function checkHeaders(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new OutboundHttpError('invalid_request', 'a request header name is not a valid token');
    }
    // Name the header, never its value: it may be the Authorization header.
    if (BAD_HEADER_VALUE.test(value)) {
      throw new OutboundHttpError(
        'invalid_request',
        `request header ${name.toLowerCase()} contains a line break`,
      );
    }
    out[name] = value;
  }
  return out;
}

function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())),
  );
}

function withoutBodyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/**
 * Keeps the code and syscall of a socket error for logs, not its message or other fields: some Node
 * errors quote request details.
 */
function safeCause(error: Error): Error {
  const { code, syscall } = error as NodeJS.ErrnoException;
  const safe = new Error([syscall, code].filter((part) => part !== undefined).join(' ') || error.name);
  safe.name = error.name;
  return safe;
}

function tooLarge(host: string, limit: number): OutboundHttpError {
  return new OutboundHttpError('too_large', `response from ${host} exceeds ${limit} bytes`);
}

function abortedError(): OutboundHttpError {
  return new OutboundHttpError('aborted', 'request was aborted by the caller');
}
