import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TenantId } from '@triage/shared';
import { AppError } from '../../common/errors';
import type { NodeEnv } from '../../infrastructure/config';

export interface DevAuthOptions {
  /** token → tenant, from `DEV_TOKENS`. */
  tokens: ReadonlyMap<string, TenantId>;
  /** The running environment; the factory refuses `production`. */
  nodeEnv: NodeEnv;
}

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Development authenticator: `Authorization: Bearer <token>` → the tenant `DEV_TOKENS` maps it to.
 * Sets `res.locals.auth = { tenant, actor: { kind: 'person', id: 'dev:<tenant>' } }`.
 *
 * Tokens are compared as SHA-256 digests with `timingSafeEqual`, against every configured token
 * without stopping at the first match, so timing reveals neither a prefix nor which entry matched.
 * A missing, malformed or unknown token is one indistinguishable 401 (`unauthenticated`).
 *
 * @throws Error at construction when `nodeEnv` is `production`: dev tokens must not be mountable there.
 */
export function devAuth(options: DevAuthOptions): RequestHandler {
  if (options.nodeEnv === 'production') {
    throw new Error('devAuth refuses to run with NODE_ENV=production');
  }
  const entries = [...options.tokens].map(([token, tenant]) => ({ digest: digest(token), tenant }));

  return function devAuth(req: Request, res: Response, next: NextFunction) {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const presented = match?.[1];
    if (presented === undefined) {
      next(new AppError('unauthenticated', 'A valid bearer token is required.'));
      return;
    }
    const presentedDigest = digest(presented);
    let tenant: TenantId | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, presentedDigest)) tenant = entry.tenant;
    }
    if (tenant === undefined) {
      next(new AppError('unauthenticated', 'A valid bearer token is required.'));
      return;
    }
    // A development token stands for a workspace admin; platform tokens bring the person's real role.
    res.locals.auth = { tenant, actor: { kind: 'person', id: `dev:${tenant}`, role: 'admin' } };
    next();
  };
}

/**
 * The authenticator used when none is configured (production before the Zendesk/Forge authenticators
 * are mounted): every request is a 401. Failing closed beats serving data without a tenant.
 */
export function denyAll(): RequestHandler {
  return function denyAll(_req: Request, _res: Response, next: NextFunction) {
    next(new AppError('unauthenticated', 'A valid bearer token is required.'));
  };
}
