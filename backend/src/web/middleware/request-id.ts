import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../infrastructure/logger';

/** Incoming ids we accept: long enough to be unique-ish, short and plain enough to log and echo safely. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

export interface RequestIdOptions {
  /** The base logger; each request gets a child bound to its id. */
  logger: Logger;
  /** Header read and written. Default `x-request-id`. */
  headerName?: string;
  /** Makes an id when the caller sent none or an unacceptable one. Default `crypto.randomUUID`. */
  generate?: () => string;
}

/**
 * Gives every request an id: the caller's `x-request-id` when it matches {@link REQUEST_ID_PATTERN}
 * (so a desk or proxy can correlate), otherwise a fresh UUID. The id is echoed in the response header,
 * stored on `res.locals.requestId`, and bound into `res.locals.logger`.
 *
 * @example
 * ```ts
 * app.use(requestId({ logger }));
 * ```
 */
export function requestId(options: RequestIdOptions): RequestHandler {
  const { logger, headerName = 'x-request-id', generate = randomUUID } = options;
  return function requestId(req: Request, res: Response, next: NextFunction) {
    const incoming = req.get(headerName);
    const id = incoming !== undefined && REQUEST_ID_PATTERN.test(incoming) ? incoming : generate();
    res.locals.requestId = id;
    res.locals.logger = logger.child({ requestId: id });
    res.setHeader(headerName, id);
    next();
  };
}
