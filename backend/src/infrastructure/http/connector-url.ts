import { isIP } from 'node:net';
import { OutboundHttpError } from './errors';
import { forbiddenRange, isLoopbackAddress } from './forbidden-address';

/** Options shared by URL validation, resolution and the client. */
export interface ConnectorUrlOptions {
  /**
   * Development and test allowance: loopback (127/8, ::1, `localhost`) becomes reachable, over plain
   * http as well as https. Every other forbidden range stays forbidden. Never set in production.
   */
  allowInsecureLocal?: boolean;
}

/** Long enough for any real API URL, short enough that a pasted blob is refused early. */
const MAX_URL_LENGTH = 2048;

/**
 * Validates and normalises a tenant-configured connector URL (or a redirect target) before anything
 * is sent. It judges only what the URL says; whether a *hostname* resolves to a safe address is
 * checked at connect time by the guarded client, on every connection.
 *
 * Rules: http(s) only, and https unless the development allowance is set and the host is loopback;
 * no user name or password; an IP-literal host must be a public unicast address (loopback too under
 * the allowance); `localhost` and `*.localhost` count as loopback. WHATWG parsing first turns numeric
 * IPv4 spellings (`2130706433`, `0x7f.1`, `017700000001`, `127.1`) into dotted form, so those reach the
 * address check as `127.0.0.1`. IPv4-mapped IPv6 literals are refused whatever they embed: they have
 * no honest use in a connector URL.
 *
 * @returns a new, normalised `URL` (lower-case host, default port dropped, dot segments resolved,
 * fragment removed). Messages never repeat the URL: its query may hold a credential.
 * @throws OutboundHttpError with code `invalid_url`, `unsupported_scheme`, `credentials_in_url` or
 * `forbidden_address`.
 * @example
 * validateConnectorUrl('https://Example.atlassian.net:443/rest/api/3/').href;
 * // 'https://example.atlassian.net/rest/api/3/'
 * validateConnectorUrl('http://127.0.0.1:8080/', { allowInsecureLocal: true }); // allowed (tests)
 */
export function validateConnectorUrl(raw: string | URL, options: ConnectorUrlOptions = {}): URL {
  const text = typeof raw === 'string' ? raw.trim() : raw.href;
  if (text.length === 0 || text.length > MAX_URL_LENGTH) {
    throw new OutboundHttpError('invalid_url', `connector URL must be 1 to ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The parser's message repeats the input, which may hold a credential; drop it.
    throw new OutboundHttpError('invalid_url', 'connector URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OutboundHttpError('unsupported_scheme', 'connector URL must use https');
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundHttpError(
      'credentials_in_url',
      'connector URL must not contain a user name or password; configure credentials separately',
    );
  }
  const host = hostWithoutBrackets(url.hostname);
  if (host === '') throw new OutboundHttpError('invalid_url', 'connector URL has no host');

  const allowLocal = options.allowInsecureLocal === true;
  const loopback = isLoopbackHost(host);
  if (isIP(host) !== 0) {
    if (/^::ffff:/i.test(host)) {
      throw new OutboundHttpError('forbidden_address', 'connector URL host is an IPv4-mapped IPv6 address');
    }
    const range = forbiddenRange(host);
    if (range !== undefined && !(allowLocal && loopback)) {
      throw new OutboundHttpError(
        'forbidden_address',
        `connector URL host is in a forbidden range (${range})`,
      );
    }
  } else if (loopback && !allowLocal) {
    throw new OutboundHttpError('forbidden_address', 'connector URL host is localhost');
  }
  if (url.protocol === 'http:' && !(allowLocal && loopback)) {
    throw new OutboundHttpError('unsupported_scheme', 'connector URL must use https');
  }
  url.hash = '';
  return url;
}

/** `URL.hostname` keeps the brackets of an IPv6 literal; sockets and classifiers want them off. */
export function hostWithoutBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  // RFC 6761: localhost and every name under it are loopback, whatever a resolver says.
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return isIP(name) !== 0 && isLoopbackAddress(name);
}
