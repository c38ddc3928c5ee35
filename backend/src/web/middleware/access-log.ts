import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../infrastructure/logger';
import { requestLogger } from '../locals';

export interface AccessLogOptions {
  /** Used when the request-id middleware has not bound a per-request logger. */
  logger: Logger;
}

/**
 * One line per finished request: method, path, status and duration. The query string is left out on
 * purpose: query values can carry customer text or tokens (PLATFORMS.md §3.7), and headers and bodies
 * are never logged here. Paths carry case refs, which are ids, not customer text.
 */
export function accessLog(options: AccessLogOptions): RequestHandler {
  return function accessLog(req: Request, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      requestLogger(res, options.logger).info(
        {
          method: req.method,
          // Capped: an unmatched path is whatever the caller typed. The logger masks PII inside it.
          path: (req.originalUrl.split('?', 1)[0] ?? '').slice(0, 200),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request finished',
      );
    });
    next();
  };
}
