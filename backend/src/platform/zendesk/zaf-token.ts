import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { PublicKeyUnavailable, ZENDESK_SUBDOMAIN, type ZendeskPublicKeys } from './public-keys';
import type { ReplayGuard } from '../../infrastructure/replay/replay-guard';

/**
 * Why a ZAF signed-URL token was refused. Logged as a code; the caller sees one plain 401 either way, and
 * the token itself is never logged.
 */
export type ZafRefusal =
  | 'malformed'
  | 'algorithm'
  | 'issuer'
  | 'bad_subdomain'
  | 'key_unavailable'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'too_old'
  | 'audience'
  | 'tenant_mismatch'
  | 'context'
  | 'no_subject'
  | 'replayed';

export class ZafTokenError extends Error {
  constructor(
    readonly refusal: ZafRefusal,
    options?: { cause?: unknown },
  ) {
    super(`Zendesk app token refused: ${refusal}`, options);
    this.name = 'ZafTokenError';
  }
}

/** Who Zendesk vouches for: the account (our tenant), the installation, and the agent. */
export interface ZafIdentity {
  subdomain: string;
  installationId: string;
  /** The Zendesk user id from `sub`: the only signed agent identity in the token. */
  userId: string;
  expiresAt: Date;
}

export interface ZafTokenVerifierOptions {
  publicKeys: ZendeskPublicKeys;
  replay: ReplayGuard;
  clock?: () => Date;
  /** Refuse tokens issued longer ago than this, whatever their `exp`. Default 10 minutes. */
  maxAgeSeconds?: number;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`. Default 60 s. */
  clockToleranceSeconds?: number;
}

export interface ZafTokenVerifier {
  /** @throws ZafTokenError with the refusal reason. */
  verify(token: string): Promise<ZafIdentity>;
}

const ISSUER = /^(.*)\.zendesk\.com$/;
const AUDIENCE = /^https:\/\/([^/]+)\.zendesk\.com\/api\/v2\/apps\/installations\/(\d{1,20})\.json$/;
// The signature part may be empty so that `alg: none` tokens reach the algorithm check and are named as such.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const VerifiedClaims = z.object({
  iat: z.number().int(),
  exp: z.number().int(),
  aud: z.string(),
  sub: z.union([z.string().min(1).max(64), z.number().int().nonnegative()]).optional(),
  context: z.unknown().optional(),
});

const Context = z.object({ product: z.literal('support'), location: z.literal('ticket_sidebar') });

/**
 * Verifies the RS256 token Zendesk POSTs to a signed `ticket_sidebar` URL (PLATFORMS.md §1.2 and §3.1), in
 * an order that never fetches anything for a token whose header or issuer is already wrong:
 *
 * 1. shape and header: a JWS whose `alg` is RS256 (`none`, HS* and every other alg are refused before a key
 *    is looked at, so the public key can never serve as an HMAC secret);
 * 2. the unverified issuer names the account: `{subdomain}.zendesk.com` with a DNS-label subdomain;
 * 3. the signature, with that account's app public key (never a key named by the token);
 * 4. `exp`, `nbf`, `iat` (not in the future, not older than `maxAgeSeconds`), `iss`;
 * 5. `aud` is that same account's installation URL; `context` is Support's ticket sidebar; `sub` names the
 *    agent;
 * 6. the token was not exchanged before (its SHA-256 is remembered until `exp`).
 */
export function createZafTokenVerifier(options: ZafTokenVerifierOptions): ZafTokenVerifier {
  const clock = options.clock ?? (() => new Date());
  const maxAge = options.maxAgeSeconds ?? 600;
  const tolerance = options.clockToleranceSeconds ?? 60;

  return {
    async verify(token) {
      if (token.length > 8192 || !JWT_SHAPE.test(token)) throw new ZafTokenError('malformed');
      let alg: unknown;
      let unverifiedIssuer: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
        unverifiedIssuer = decodeJwt(token).iss;
      } catch (e) {
        throw new ZafTokenError('malformed', { cause: e });
      }
      if (alg !== 'RS256') throw new ZafTokenError('algorithm');
      const issuerMatch = typeof unverifiedIssuer === 'string' ? ISSUER.exec(unverifiedIssuer) : null;
      const subdomain = issuerMatch?.[1];
      if (subdomain === undefined) throw new ZafTokenError('issuer');
      if (!ZENDESK_SUBDOMAIN.test(subdomain)) throw new ZafTokenError('bad_subdomain');

      let key;
      try {
        key = await options.publicKeys.get(subdomain);
      } catch (e) {
        if (e instanceof PublicKeyUnavailable) throw new ZafTokenError('key_unavailable', { cause: e });
        throw e;
      }

      const now = clock();
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['RS256'],
          issuer: `${subdomain}.zendesk.com`,
          currentDate: now,
          clockTolerance: tolerance,
          requiredClaims: ['exp', 'iat', 'aud'],
        }));
      } catch (e) {
        throw new ZafTokenError(refusalOf(e), { cause: e });
      }

      const claims = VerifiedClaims.safeParse(payload);
      if (!claims.success) throw new ZafTokenError('malformed');
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if (claims.data.iat > nowSeconds + tolerance) throw new ZafTokenError('not_yet_valid');
      if (nowSeconds - claims.data.iat > maxAge) throw new ZafTokenError('too_old');

      const audience = AUDIENCE.exec(claims.data.aud);
      const audienceSubdomain = audience?.[1];
      const installationId = audience?.[2];
      if (audienceSubdomain === undefined || installationId === undefined)
        throw new ZafTokenError('audience');
      // The key proves Zendesk signed it; the two names must still agree, or an installation of one account
      // could present itself as another.
      if (audienceSubdomain !== subdomain) throw new ZafTokenError('tenant_mismatch');
      if (!Context.safeParse(claims.data.context).success) throw new ZafTokenError('context');
      const sub = claims.data.sub;
      if (sub === undefined) throw new ZafTokenError('no_subject');

      const expiresAt = new Date(claims.data.exp * 1000);
      if (!(await options.replay.firstUse(`zaf:${tokenHash(token)}`, expiresAt)))
        throw new ZafTokenError('replayed');
      return { subdomain, installationId, userId: String(sub), expiresAt };
    },
  };
}

function refusalOf(e: unknown): ZafRefusal {
  if (e instanceof joseErrors.JWTExpired) return 'expired';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf') return 'not_yet_valid';
    if (e.claim === 'iat') return 'too_old';
    if (e.claim === 'iss') return 'issuer';
    if (e.claim === 'aud') return 'audience';
  }
  return 'malformed';
}

/** The replay memory's key: the token's digest, so the guard never holds a usable token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
