import { hkdfSync, randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { TenantId } from '@triage/shared';
import { z } from 'zod';

/** `iss` of every session token this backend mints. */
export const SESSION_ISSUER = 'triage-backend';
/** `aud` of session tokens: only the sidebar API accepts them. */
export const SESSION_AUDIENCE = 'triage-sidebar';
/** PLATFORMS.md 3.1: a session lives at most 15 minutes; the sidebar renews it through its desk. */
export const DEFAULT_SESSION_TTL_SECONDS = 15 * 60;

const ALGORITHM = 'HS256';

/** What a session token asserts: who the desk verified, for which tenant, and what they may do. */
export const SessionClaims = z.object({
  tenant: TenantId,
  /** The desk's id for the person (Zendesk user id, Atlassian account id). */
  sub: z.string().min(1).max(200),
  desk: z.enum(['zendesk', 'jsm']),
  /** Product roles, highest first; from the desk's verified data, never from the page. */
  roles: z.array(z.string().min(1).max(64)).min(1).max(10),
  name: z.string().max(200).optional(),
  /** The desk installation the person came through (Zendesk installation id, Forge installation). */
  inst: z.string().max(300).optional(),
  jti: z.string().min(1),
  /**
   * When the desk last verified the person (epoch seconds). A renewed session keeps it, so renewals
   * cannot stretch one desk sign-in past its limit; absent on tokens minted before it existed.
   */
  auth_time: z.number().int().optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type SessionClaims = z.infer<typeof SessionClaims>;

export type SessionInput = Pick<SessionClaims, 'tenant' | 'sub' | 'desk' | 'roles'> &
  Partial<Pick<SessionClaims, 'name' | 'inst' | 'auth_time'>>;

/** Why a session token was refused: logged, never shown (the caller sees one indistinguishable 401). */
export type SessionRefusal = 'malformed' | 'unknown_kid' | 'bad_signature' | 'expired' | 'claims';

export class SessionTokenError extends Error {
  constructor(readonly refusal: SessionRefusal) {
    super(`session token refused: ${refusal}`);
    this.name = 'SessionTokenError';
  }
}

export interface SessionTokenOptions {
  /**
   * Root keys by key id (the credential keys). Each session key is derived from one with HKDF, so the
   * session keys rotate with the credential keys and are never the keys that seal credentials.
   */
  keys: Readonly<Record<string, Uint8Array>>;
  activeKid: string;
  ttlSeconds?: number;
  clock?: () => Date;
}

export interface SessionTokens {
  mint(input: SessionInput): Promise<{ token: string; expiresAt: string }>;
  /** @throws SessionTokenError */
  verify(token: string): Promise<SessionClaims>;
}

/** The session signing key derived from one root key (exported so tests can sign crafted claims). */
export function deriveSessionKey(root: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', root, new Uint8Array(0), 'triage session token v1', 32));
}

/** Mints and verifies the short-lived session tokens the sidebars send as `Authorization: Bearer`. */
export function createSessionTokens(options: SessionTokenOptions): SessionTokens {
  const clock = options.clock ?? (() => new Date());
  const ttl = options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  const derived = new Map(Object.entries(options.keys).map(([kid, key]) => [kid, deriveSessionKey(key)]));
  const active = derived.get(options.activeKid);
  if (!active) throw new Error('the active session key id has no key');

  return {
    async mint(input) {
      const iat = Math.floor(clock().getTime() / 1000);
      const exp = iat + ttl;
      const token = await new SignJWT({
        tenant: input.tenant,
        desk: input.desk,
        roles: input.roles,
        auth_time: input.auth_time ?? iat,
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.inst === undefined ? {} : { inst: input.inst }),
      })
        .setProtectedHeader({ alg: ALGORITHM, kid: options.activeKid, typ: 'JWT' })
        .setIssuer(SESSION_ISSUER)
        .setAudience(SESSION_AUDIENCE)
        .setSubject(input.sub)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(active);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },

    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(
          token,
          (header: JWTHeaderParameters) => {
            const key = header.kid === undefined ? undefined : derived.get(header.kid);
            if (!key) throw new SessionTokenError('unknown_kid');
            return key;
          },
          {
            issuer: SESSION_ISSUER,
            audience: SESSION_AUDIENCE,
            algorithms: [ALGORITHM],
            currentDate: clock(),
            requiredClaims: ['exp', 'iat', 'sub', 'jti'],
          },
        ));
      } catch (e) {
        if (e instanceof SessionTokenError) throw e;
        if (e instanceof joseErrors.JWTExpired) throw new SessionTokenError('expired');
        if (e instanceof joseErrors.JWSSignatureVerificationFailed)
          throw new SessionTokenError('bad_signature');
        if (e instanceof joseErrors.JWTClaimValidationFailed) throw new SessionTokenError('claims');
        throw new SessionTokenError('malformed');
      }
      const claims = SessionClaims.safeParse(payload);
      if (!claims.success) throw new SessionTokenError('claims');
      // A token minted with a longer life than policy allows is refused even if its signature is ours.
      if (claims.data.exp - claims.data.iat > ttl) throw new SessionTokenError('claims');
      return claims.data;
    },
  };
}
