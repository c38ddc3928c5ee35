import type { TenantId } from '@triage/shared';
import { AppError } from '../../common/errors';
import type { SessionTokens } from '../../infrastructure/session/session-tokens';
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
}

export interface ZendeskSignIn {
  /**
   * Exchanges the token Zendesk POSTed to the signed sidebar URL for a session: tenant = the account's
   * subdomain, person = `sub`, roles from the account's own Zendesk data (least privilege without it).
   *
   * @throws ZafTokenError when the token is refused; AppError `forbidden` for an end-user;
   * AppError `unavailable` when no app id is configured.
   */
  withZafToken(token: string): Promise<SidebarSession>;
  /** Development sign-in for the local harness: the caller (never reachable in production) names the person. */
  forDevelopment(input: {
    tenant: TenantId;
    userId: string;
    name: string;
    role: string;
  }): Promise<SidebarSession>;
}

export function createZendeskSignIn(deps: ZendeskSignInDeps): ZendeskSignIn {
  async function mint(
    tenant: TenantId,
    userId: string,
    roles: string[],
    name: string | undefined,
    installationId: string | undefined,
  ): Promise<SidebarSession> {
    const { token, expiresAt } = await deps.sessions.mint({
      tenant,
      sub: userId,
      desk: 'zendesk',
      roles,
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
    forDevelopment(input) {
      return mint(input.tenant, input.userId, [input.role], input.name, undefined);
    },
  };
}
