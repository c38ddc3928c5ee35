import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../common/errors';
import { SessionTokenError, type SessionTokens } from '../../infrastructure/session/session-tokens';
import type { Logger } from '../../infrastructure/logger';

const BEARER = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/;

/** The bearer value of a request when it has the shape a session token can have, else undefined. */
export function sessionBearer(req: Request): string | undefined {
  return BEARER.exec(req.get('authorization') ?? '')?.[1];
}
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface SessionAuthOptions {
  sessions: SessionTokens;
  logger: Logger;
  /** Handles bearer values that are not JWTs (the development tokens), when configured. */
  fallback?: RequestHandler;
}

/**
 * The `/v1` authenticator for the sidebars: a session token minted by this backend after it verified the
 * desk's own signed token (Zendesk signed URL, Forge invocation token). The tenant, person and roles come
 * only from it. Every failure is the same 401; the reason is logged as a code, never the token.
 */
export function sessionAuth(options: SessionAuthOptions): RequestHandler {
  return function sessionAuth(req: Request, res: Response, next: NextFunction) {
    const presented = sessionBearer(req);
    if (presented !== undefined && !JWT_SHAPE.test(presented) && options.fallback) {
      options.fallback(req, res, next);
      return;
    }
    if (presented === undefined) {
      next(new AppError('unauthenticated', 'A valid bearer token is required.'));
      return;
    }
    options.sessions.verify(presented).then(
      (claims) => {
        res.locals.auth = {
          tenant: claims.tenant,
          actor: { kind: 'person', id: `${claims.desk}:${claims.sub}`, role: claims.roles[0] },
          roles: claims.roles,
          desk: claims.desk,
        };
        next();
      },
      (e: unknown) => {
        const refusal = e instanceof SessionTokenError ? e.refusal : 'error';
        (res.locals.logger ?? options.logger).warn({ refusal }, 'session token refused');
        next(new AppError('unauthenticated', 'A valid bearer token is required.'));
      },
    );
  };
}
