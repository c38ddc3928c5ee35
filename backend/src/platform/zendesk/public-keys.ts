import { importSPKI, type CryptoKey } from 'jose';

/** A Zendesk subdomain: one DNS label (checked before any request is built from it). */
export const ZENDESK_SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What the key fetcher hands back: the status and at most a few kilobytes of body. */
export interface FetchedText {
  status: number;
  body: string;
}

/** Fetches a URL as text. Injected so tests (and a proxy setup) can answer without the network. */
export type TextFetcher = (url: string, signal: AbortSignal) => Promise<FetchedText>;

/** The app's RS256 public key per Zendesk account. */
export interface ZendeskPublicKeys {
  /** @throws PublicKeyUnavailable when the key cannot be fetched or parsed. */
  get(subdomain: string): Promise<CryptoKey>;
}

export class PublicKeyUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublicKeyUnavailable';
  }
}

export interface ZendeskPublicKeysOptions {
  /** The app id Zendesk assigned on upload (`ZENDESK_APP_ID`). */
  appId: string;
  fetchText?: TextFetcher;
  clock?: () => Date;
  /** How long a fetched key is trusted before it is fetched again. Default 6 hours. */
  ttlMs?: number;
  /** How long a failed fetch is remembered, so a flood of forged issuers cannot make us hammer Zendesk. */
  failureTtlMs?: number;
  timeoutMs?: number;
  /** Accounts remembered at most (least recently fetched go first). */
  maxEntries?: number;
}

const MAX_PEM_BYTES = 16 * 1024;

/**
 * Plain `fetch` is enough here: the host is always `{subdomain}.zendesk.com` with a checked label, never a
 * tenant-supplied URL, and redirects are refused so the answer cannot come from anywhere else.
 */
export const fetchTextDefault: TextFetcher = async (url, signal) => {
  const res = await fetch(url, {
    redirect: 'error',
    signal,
    headers: { Accept: 'application/x-pem-file, text/plain' },
  });
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_PEM_BYTES) {
    await res.body?.cancel();
    return { status: res.status, body: '' };
  }
  const body = await res.text();
  return { status: res.status, body: body.slice(0, MAX_PEM_BYTES) };
};

interface Entry {
  at: number;
  key: Promise<CryptoKey>;
  failed: boolean;
}

/**
 * The app public key of each Zendesk account, from
 * `https://{subdomain}.zendesk.com/api/v2/apps/{app_id}/public_key.pem`, cached per account. Concurrent
 * sign-ins share one request; failures are cached briefly. Keys named by a token (`jku`, `x5u`, `jwk`,
 * `cnf.jku`) are never consulted: the only key source is this URL.
 */
export function createZendeskPublicKeys(options: ZendeskPublicKeysOptions): ZendeskPublicKeys {
  if (!/^\d{1,20}$/.test(options.appId)) throw new Error('ZENDESK_APP_ID must be the numeric app id');
  const fetchText = options.fetchText ?? fetchTextDefault;
  const clock = options.clock ?? (() => new Date());
  const ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000;
  const failureTtlMs = options.failureTtlMs ?? 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 3000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, Entry>();

  async function load(subdomain: string): Promise<CryptoKey> {
    const url = `https://${subdomain}.zendesk.com/api/v2/apps/${options.appId}/public_key.pem`;
    let fetched: FetchedText;
    try {
      fetched = await fetchText(url, AbortSignal.timeout(timeoutMs));
    } catch (e) {
      throw new PublicKeyUnavailable('the app public key could not be fetched', { cause: e });
    }
    if (fetched.status !== 200) {
      throw new PublicKeyUnavailable(`the app public key request answered ${fetched.status}`);
    }
    const pem = /-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----/.exec(fetched.body)?.[0];
    if (pem === undefined) throw new PublicKeyUnavailable('the app public key is not a PEM public key');
    try {
      return await importSPKI(pem, 'RS256');
    } catch (e) {
      throw new PublicKeyUnavailable('the app public key is not an RSA key', { cause: e });
    }
  }

  return {
    get(subdomain) {
      if (!ZENDESK_SUBDOMAIN.test(subdomain)) {
        return Promise.reject(new PublicKeyUnavailable('not a Zendesk subdomain'));
      }
      const now = clock().getTime();
      const cached = cache.get(subdomain);
      if (cached && now - cached.at < (cached.failed ? failureTtlMs : ttlMs)) return cached.key;
      const entry: Entry = { at: now, key: load(subdomain), failed: false };
      entry.key.catch(() => {
        entry.failed = true;
      });
      cache.delete(subdomain);
      if (cache.size >= maxEntries) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(subdomain, entry);
      return entry.key;
    },
  };
}
