import type { TenantId } from '@triage/shared';
import {
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type FetchImplementation,
  type JWTVerifyGetKey,
} from 'jose';
import { FIT_ISSUER, FitClaims, panelIssueOf, tenantOf } from './fit-claims';

/**
 * Why a FIT was refused. Logged as a code, never shown (every refusal is the same bare 401) and never
 * with the token.
 */
export type FitRefusal =
  | 'missing_token'
  | 'malformed'
  | 'alg_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'too_old'
  | 'missing_claims'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'app_mismatch'
  | 'wrong_environment'
  | 'no_installation'
  | 'no_tenant'
  | 'bad_api_base'
  | 'no_principal'
  | 'replayed'
  | 'keys_unavailable';

export class FitError extends Error {
  constructor(
    readonly refusal: FitRefusal,
    options?: { cause?: unknown },
  ) {
    super(`forge invocation token refused: ${refusal}`, options);
    this.name = 'FitError';
  }
}

/**
 * Signature algorithms a FIT may use: asymmetric only. The key the `kid` names decides which one applies
 * (jose only matches a JWK whose type, and `alg` when it declares one, fit the header), so an HS256
 * header can never be checked against an RSA public key used as an HMAC secret, and `none` never
 * verifies.
 */
export const FIT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];

/** Which keys to believe, and for which apps, environments and Jira base URLs. */
export interface FitTrust {
  /** A name for logs: `atlassian` or `harness`. */
  readonly name: string;
  readonly keys: JWTVerifyGetKey;
  /** App ARIs accepted as `aud` (and `app.id`). */
  readonly appIds: readonly string[];
  /** Accepted `app.environment.type` values or environment ARIs. */
  readonly environments: readonly string[];
  /** Whether a token may send us to call Jira at this base URL with the forwarded tokens. */
  readonly apiBaseAllowed: (url: URL) => boolean;
  /** The key ids this trust owns; a trust without a list takes every other `kid`. */
  readonly kids?: ReadonlySet<string>;
}

/** A verified invocation: who, where, and what the platform forwarded with it. */
export interface VerifiedInvocation {
  readonly claims: FitClaims;
  readonly trust: string;
  readonly tenant: TenantId;
  readonly installationId: string;
  readonly apiBaseUrl: string;
  /** The invoking person's account id; absent on events. */
  readonly principal: string | undefined;
  readonly issueKey: string | undefined;
  readonly projectKey: string | undefined;
  /** When the token expires (epoch seconds): how long its `jti` must be remembered. */
  readonly exp: number;
}

export interface FitVerifierOptions {
  /** Checked in order: the first whose `kids` holds the token's `kid`, else the first without `kids`. */
  trusts: readonly FitTrust[];
  clock?: () => Date;
  /** Clock skew allowed on `exp`, `nbf` and `iat`. Default 10 s. */
  clockToleranceSeconds?: number;
  /** Oldest `iat` accepted. Default 15 minutes; a FIT is meant for one call. */
  maxTokenAgeSeconds?: number;
}

export interface FitVerifier {
  /** @throws FitError */
  verify(token: string): Promise<VerifiedInvocation>;
}

/**
 * Atlassian's key set, fetched on first use and cached; an unknown `kid` triggers one refetch, at most
 * every `cooldownMs` (jose's cooldown), so a stream of forged `kid`s cannot make us hammer the CDN.
 */
export function atlassianKeys(options: {
  jwksUrl: string;
  fetch?: FetchImplementation;
  cooldownMs?: number;
  cacheMaxAgeMs?: number;
  timeoutMs?: number;
}): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    timeoutDuration: options.timeoutMs ?? 5_000,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  });
}

/** The Atlassian API gateway: `apiBaseUrl` is `https://api.atlassian.com/ex/jira/<cloudId>`. */
export function isAtlassianApiBase(url: URL): boolean {
  return (
    url.protocol === 'https:' && url.hostname === 'api.atlassian.com' && url.port === '' && url.search === ''
  );
}

/** A plain-http loopback URL: local fake Jira servers in development and tests. */
export function isLoopbackHttp(url: URL): boolean {
  return (
    url.protocol === 'http:' &&
    ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) &&
    url.search === ''
  );
}

function audiences(aud: string | string[]): string[] {
  return Array.isArray(aud) ? aud : [aud];
}

function claimRefusal(e: InstanceType<typeof joseErrors.JWTClaimValidationFailed>, now: Date): FitRefusal {
  if (e.reason === 'missing') return 'missing_claims';
  // jose reports an `iat` in the future and one past the maximum age under the same claim.
  if (e.claim === 'iat') {
    const iat = e.payload.iat;
    return typeof iat === 'number' && iat * 1000 > now.getTime() ? 'not_yet_valid' : 'too_old';
  }
  switch (e.claim) {
    case 'iss':
      return 'wrong_issuer';
    case 'aud':
      return 'wrong_audience';
    case 'nbf':
      return 'not_yet_valid';
    default:
      return 'missing_claims';
  }
}

function joseRefusal(e: unknown, now: Date): FitRefusal {
  if (e instanceof FitError) return e.refusal;
  if (e instanceof joseErrors.JWTExpired) return 'expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return claimRefusal(e, now);
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'alg_not_allowed';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'unknown_kid';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return 'keys_unavailable';
  // A fetch failure of the key set surfaces as a plain error from jose's fetch.
  if (e instanceof joseErrors.JOSEError) return 'malformed';
  return 'keys_unavailable';
}

function environmentAllowed(trust: FitTrust, env: { type: string; id: string }): boolean {
  const type = env.type.toUpperCase();
  return trust.environments.some((allowed) => allowed === env.id || allowed.toUpperCase() === type);
}

/**
 * Verifies Forge Invocation Tokens (PLATFORMS.md 2.4, 3.1): signature with a key from the trusted key
 * set (asymmetric algorithms only), `iss` = `forge/invocation-token`, `aud` ∈ the trusted app ids and
 * `app.id` = `aud`, `exp`/`nbf`/`iat` present and valid, the environment allowed, an installation and a
 * tenant present, and an `apiBaseUrl` we may send the forwarded tokens to.
 *
 * `principal` is not required here: events carry none. The `/v1` authenticator requires it.
 *
 * @example
 * ```ts
 * const verifier = createFitVerifier({ trusts: [{ name: 'atlassian', keys: atlassianKeys({ jwksUrl }),
 *   appIds: config.forge.appIds, environments: config.forge.environments, apiBaseAllowed: isAtlassianApiBase }] });
 * const invocation = await verifier.verify(bearer); // throws FitError
 * ```
 */
export function createFitVerifier(options: FitVerifierOptions): FitVerifier {
  const clock = options.clock ?? (() => new Date());
  const tolerance = options.clockToleranceSeconds ?? 10;
  const maxAge = options.maxTokenAgeSeconds ?? 15 * 60;

  function trustFor(kid: string): FitTrust | undefined {
    return (
      options.trusts.find((t) => t.kids?.has(kid) === true) ??
      options.trusts.find((t) => t.kids === undefined)
    );
  }

  return {
    async verify(token) {
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(token);
      } catch (e) {
        throw new FitError('malformed', { cause: e });
      }
      // Refuse before any key lookup: `none` and HMAC headers never reach the key set.
      if (typeof header.alg !== 'string' || !FIT_ALGORITHMS.includes(header.alg)) {
        throw new FitError('alg_not_allowed');
      }
      if (typeof header.kid !== 'string' || header.kid === '') throw new FitError('unknown_kid');
      const trust = trustFor(header.kid);
      if (!trust || trust.appIds.length === 0) throw new FitError('wrong_audience');

      let payload: unknown;
      const now = clock();
      try {
        ({ payload } = await jwtVerify(token, trust.keys, {
          issuer: FIT_ISSUER,
          audience: [...trust.appIds],
          algorithms: FIT_ALGORITHMS,
          currentDate: now,
          clockTolerance: tolerance,
          maxTokenAge: maxAge,
          requiredClaims: ['exp', 'nbf', 'iat', 'jti'],
        }));
      } catch (e) {
        throw new FitError(joseRefusal(e, now), { cause: e });
      }
      const parsed = FitClaims.safeParse(payload);
      if (!parsed.success) throw new FitError('missing_claims');
      const claims = parsed.data;
      if (!audiences(claims.aud).includes(claims.app.id)) throw new FitError('app_mismatch');
      if (!environmentAllowed(trust, claims.app.environment)) throw new FitError('wrong_environment');
      if (claims.app.installationId.trim() === '') throw new FitError('no_installation');
      const tenant = tenantOf(claims);
      if (tenant === undefined) throw new FitError('no_tenant');
      const apiBase = new URL(claims.app.apiBaseUrl);
      if (!trust.apiBaseAllowed(apiBase)) throw new FitError('bad_api_base');
      const { issueKey, projectKey } = panelIssueOf(claims);
      return {
        claims,
        trust: trust.name,
        tenant,
        installationId: claims.app.installationId,
        apiBaseUrl: claims.app.apiBaseUrl.replace(/\/+$/, ''),
        principal: claims.principal,
        issueKey,
        projectKey,
        exp: claims.exp,
      };
    },
  };
}
