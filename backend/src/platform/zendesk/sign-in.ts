import type { TenantId } from '@triage/shared';
import { AppError } from '../../common/errors';
import {
  SessionTokenError,
  type SessionClaims,
  type SessionTokens,
} from '../../infrastructure/session/session-tokens';
import { productRolesFor, type ZendeskPeople } from './people';
import type { ZafTokenVerifier } from './zaf-token';

/** What the sidebar page receives: its session token and who it speaks for. Embedded in the page, never stored. */
export interface SidebarSession {
  token: string;
  expiresAt: string;
  tenant: TenantId;
  user: { id: string; name?: string; role: string };
  installationId?: string;
}

export interface ZendeskSignInDeps {
  /** Absent when `ZENDESK_APP_ID` is not configured: signed sign-ins are then refused. */
  verifier: ZafTokenVerifier | undefined;
  people: ZendeskPeople;
  sessions: SessionTokens;
  /**
   * Whether sessions from the development sign-in (no Zendesk installation behind them) may be
   * renewed. Never in production, where such a session cannot exist in the first place.
   */
  renewDevelopmentSessions?: boolean;
  clock?: () => Date;
}

/**
 * How long renewals may carry one Zendesk sign-in: a working day. After it the sidebar asks the agent
 * to reload the ticket, which signs them in again through Zendesk.
 */
export const MAX_SIGN_IN_AGE_SECONDS = 10 * 60 * 60;

export interface ZendeskSignIn {
  /**
   * Exchanges the token Zendesk POSTed to the signed sidebar URL for a session: tenant = the account's
   * subdomain, person = `sub`, roles from the account's own Zendesk data (least privilege without it).
   *
   * @throws ZafTokenError when the token is refused; AppError `forbidden` for an end-user;
   * AppError `unavailable` when no app id is configured.
   */
  withZafToken(token: string): Promise<SidebarSession>;
  /**
   * Exchanges a live session of the Zendesk sidebar for a fresh one, so an agent who keeps a ticket
   * open is not signed out every 15 minutes. Only the page can ask (it alone holds the token); the
   * person's role is read again from the Zendesk account, so a demotion or an end-user downgrade
   * takes effect at the next renewal; and no renewal reaches past `MAX_SIGN_IN_AGE_SECONDS` after
   * Zendesk last signed the person in.
   *
   * @throws AppError `unauthenticated` (reason `session_refused`, `sign_in_too_old` or
   *   `not_renewable`); AppError `forbidden` (reason `not_an_agent`).
   */
  renew(token: string): Promise<SidebarSession>;
  /** Development sign-in for the local harness: the caller (never reachable in production) names the person. */
  forDevelopment(input: {
    tenant: TenantId;
    userId: string;
    name: string;
    role: string;
  }): Promise<SidebarSession>;
}

const SIGN_IN_AGAIN = 'This session cannot be renewed. Reload the ticket to sign in again.';

export function createZendeskSignIn(deps: ZendeskSignInDeps): ZendeskSignIn {
  const clock = deps.clock ?? (() => new Date());
  async function mint(
    tenant: TenantId,
    userId: string,
    roles: string[],
    name: string | undefined,
    installationId: string | undefined,
    authTime?: number,
  ): Promise<SidebarSession> {
    const { token, expiresAt } = await deps.sessions.mint({
      tenant,
      sub: userId,
      desk: 'zendesk',
      roles,
      ...(authTime === undefined ? {} : { auth_time: authTime }),
      ...(name === undefined ? {} : { name }),
      ...(installationId === undefined ? {} : { inst: installationId }),
    });
    const role = roles[0] ?? 'agent';
    return {
      token,
      expiresAt,
      tenant,
      user: { id: userId, role, ...(name === undefined ? {} : { name }) },
      ...(installationId === undefined ? {} : { installationId }),
    };
  }

  return {
    async withZafToken(token) {
      if (!deps.verifier) {
        throw new AppError(
          'unavailable',
          'The Zendesk app is not configured on this server (ZENDESK_APP_ID).',
        );
      }
      const identity = await deps.verifier.verify(token);
      const person = await deps.people.lookup(identity.subdomain, identity.userId);
      const decision = productRolesFor(person);
      if (decision === 'refuse') {
        throw new AppError('forbidden', 'This sidebar is for agents.', { reason: 'not_an_agent' });
      }
      return mint(identity.subdomain, identity.userId, decision.roles, person?.name, identity.installationId);
    },
    async renew(token) {
      let claims: SessionClaims;
      try {
        claims = await deps.sessions.verify(token);
      } catch (e) {
        if (!(e instanceof SessionTokenError)) throw e;
        throw new AppError('unauthenticated', SIGN_IN_AGAIN, { reason: 'session_refused' });
      }
      if (claims.desk !== 'zendesk') {
        throw new AppError('unauthenticated', SIGN_IN_AGAIN, { reason: 'not_renewable' });
      }
      const now = Math.floor(clock().getTime() / 1000);
      const signedInAt = claims.auth_time ?? claims.iat;
      if (now - signedInAt > MAX_SIGN_IN_AGE_SECONDS) {
        throw new AppError('unauthenticated', SIGN_IN_AGAIN, { reason: 'sign_in_too_old' });
      }
      let roles = claims.roles;
      if (claims.inst !== undefined) {
        const decision = productRolesFor(await deps.people.lookup(claims.tenant, claims.sub));
        if (decision === 'refuse') {
          throw new AppError('forbidden', 'This sidebar is for agents.', { reason: 'not_an_agent' });
        }
        roles = decision.roles;
      } else if (deps.renewDevelopmentSessions !== true) {
        throw new AppError('unauthenticated', SIGN_IN_AGAIN, { reason: 'not_renewable' });
      }
      return mint(claims.tenant, claims.sub, roles, claims.name, claims.inst, signedInAt);
    },
    forDevelopment(input) {
      return mint(input.tenant, input.userId, [input.role], input.name, undefined);
    },
  };
}
