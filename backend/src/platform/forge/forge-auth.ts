import type { ReplayGuard } from '../../infrastructure/replay/replay-guard';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import { AppError } from '../../common/errors';
import type { Logger } from '../../infrastructure/logger';
import { FIT_ISSUER } from './fit-claims';
import type { JiraRoleResolver } from './jira-roles';
import type { ForgeTokenStore } from './token-store';
import { FitError, type FitRefusal, type FitVerifier, type VerifiedInvocation } from './verify-fit';

declare global {
  // Express types `res.locals` through this interface; the Forge authenticators add the invocation.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The verified Forge invocation, when the caller presented a FIT. */
      forge?: VerifiedInvocation;
    }
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_.-]{1,8192})$/;

/** The bearer value of `Authorization`, or undefined. */
export function bearerOf(req: Request): string | undefined {
  return BEARER.exec(req.get('authorization') ?? '')?.[1];
}

/** A forwarded token header: Forge sends the bare token; a `Bearer ` prefix is tolerated. */
function forwarded(req: Request, name: 'x-forge-oauth-system' | 'x-forge-oauth-user'): string | undefined {
  const raw = req.get(name)?.trim();
  if (!raw) return undefined;
  const token = raw.replace(/^Bearer\s+/i, '');
  return /^[A-Za-z0-9_.~+/=-]{1,8192}$/.test(token) ? token : undefined;
}

export interface ForgeAuthOptions {
  verifier: FitVerifier;
  tokens: ForgeTokenStore;
  roles: JiraRoleResolver;
  /** Remembers each write's `jti` until the token expires, so a captured token cannot be replayed. */
  replay: ReplayGuard;
  logger: Logger;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(res: Response, fallback: Logger, refusal: FitRefusal, next: NextFunction): void {
  (res.locals.logger ?? fallback).warn({ refusal }, 'forge invocation token refused');
  next(new AppError('unauthenticated', 'A valid bearer token is required.'));
}

/**
 * The `/v1` authenticator for the JSM panel: a Forge Invocation Token from `invokeRemote`
 * (PLATFORMS.md 2.4). Tenant = the site's cloudId, the person = `jsm:<principal>`, and their roles come
 * from Jira as that person ({@link JiraRoleResolver}). A UI call without `principal` is refused, and so
 * is a reused `jti` on a write. Forwarded tokens are kept in memory for write-backs, never logged.
 *
 * Every refusal is the same 401; the reason is logged as a code.
 */
export function forgeAuth(options: ForgeAuthOptions): RequestHandler {
  return async function forgeAuth(req: Request, res: Response, next: NextFunction) {
    const token = bearerOf(req);
    if (token === undefined) {
      refuse(res, options.logger, 'missing_token', next);
      return;
    }
    let invocation: VerifiedInvocation;
    try {
      invocation = await options.verifier.verify(token);
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
      refuse(res, options.logger, e.refusal, next);
      return;
    }
    const principal = invocation.principal;
    if (principal === undefined) {
      refuse(res, options.logger, 'no_principal', next);
      return;
    }
    if (
      !SAFE_METHODS.has(req.method) &&
      !(await options.replay.firstUse(`fit:${invocation.claims.jti}`, new Date(invocation.exp * 1000)))
    ) {
      refuse(res, options.logger, 'replayed', next);
      return;
    }
    const userToken = forwarded(req, 'x-forge-oauth-user');
    options.tokens.remember({
      tenant: invocation.tenant,
      installationId: invocation.installationId,
      apiBaseUrl: invocation.apiBaseUrl,
      systemToken: forwarded(req, 'x-forge-oauth-system'),
      user: userToken === undefined ? undefined : { accountId: principal, token: userToken },
    });
    const roles = await options.roles.rolesFor({
      tenant: invocation.tenant,
      accountId: principal,
      projectKey: invocation.projectKey,
      apiBaseUrl: invocation.apiBaseUrl,
      userToken,
    });
    res.locals.forge = invocation;
    res.locals.auth = {
      tenant: invocation.tenant,
      actor: {
        kind: 'person',
        id: `jsm:${principal}`,
        ...(roles[0] === undefined ? {} : { role: roles[0] }),
      },
      roles,
      desk: 'jsm',
    };
    next();
  };
}

/**
 * Sends a request to the Forge authenticator when its bearer token is a JWT issued by
 * `forge/invocation-token`, and to `otherwise` (session or development tokens) in every other case.
 * The issuer is read without verification only to choose; the chosen authenticator verifies everything.
 */
export function byTokenIssuer(options: { forge: RequestHandler; otherwise: RequestHandler }): RequestHandler {
  return async function byTokenIssuer(req: Request, res: Response, next: NextFunction) {
    const token = bearerOf(req);
    let issuer: unknown;
    if (token !== undefined && token.split('.').length === 3) {
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        issuer = undefined;
      }
    }
    // Awaited so that a rejection reaches Express's error handling.
    if (issuer === FIT_ISSUER) await options.forge(req, res, next);
    else await options.otherwise(req, res, next);
  };
}
