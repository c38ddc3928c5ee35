import type { Response } from 'express';
import type { Actor, TenantId } from '@triage/shared';
import { AppError } from '../common/errors';
import type { Logger } from '../infrastructure/logger';

/** Who is calling: the tenant and actor, taken only from a verified token (PLATFORMS.md §3.2). */
export interface AuthContext {
  readonly tenant: TenantId;
  readonly actor: Actor;
  /** Every role the platform grants the person; `actor.role` alone when absent. */
  readonly roles?: readonly string[];
  /** Which desk signed the identity. */
  readonly desk?: 'zendesk' | 'jsm' | 'dev';
}

declare global {
  // Express types `res.locals` through this interface; declaring our keys removes the `any`.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the request-id middleware. */
      requestId?: string;
      /** A child logger bound to the request id; set by the request-id middleware. */
      logger?: Logger;
      /** Set by an authenticator (dev-auth, and later the Zendesk/Forge ones). */
      auth?: AuthContext;
    }
  }
}

/**
 * The verified caller of this request.
 *
 * @throws AppError `unauthenticated` when no authenticator ran: a route mounted outside the authenticated
 * router fails closed instead of acting without a tenant.
 */
export function requireAuth(res: Response): AuthContext {
  const auth = res.locals.auth;
  if (!auth) throw new AppError('unauthenticated', 'Authentication is required.');
  return auth;
}

/** The request's logger (bound to its request id), or the given fallback before request-id ran. */
export function requestLogger(res: Response, fallback: Logger): Logger {
  return res.locals.logger ?? fallback;
}
