import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../common/errors';

/** Default JSON body limit: a posted case with comments fits comfortably; anything larger is a mistake. */
export const JSON_LIMIT_BYTES = 1024 * 1024;
/**
 * History import limit: `ImportHistoryRequest.content` allows 20,000,000 characters, and JSON escaping
 * of quotes and newlines in an export adds roughly a fifth on top.
 */
export const IMPORT_JSON_LIMIT_BYTES = 25 * 1024 * 1024;

export interface JsonBodyOptions {
  /** Largest accepted body in bytes. Default {@link JSON_LIMIT_BYTES}. */
  limitBytes?: number;
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses an `application/json` body for the routes it is mounted on, and nothing else:
 * - a body with any other (or no) content type → 415 `unsupported_media_type`, instead of being
 *   silently ignored and surfacing as a confusing validation error;
 * - malformed JSON → 400 `invalid_json`, over the limit → 413 `payload_too_large` (both mapped by the
 *   error handler from body-parser's error types);
 * - no body at all passes through with `req.body` undefined, for the schema to judge.
 *
 * Mount it after authentication, so unauthenticated callers never make us buffer a large body.
 */
export function jsonBody(options: JsonBodyOptions = {}): RequestHandler[] {
  const { limitBytes = JSON_LIMIT_BYTES } = options;
  const parse = express.json({ limit: limitBytes, strict: true, type: 'application/json' });
  function requireJsonContentType(req: Request, _res: Response, next: NextFunction): void {
    if (hasBody(req) && !req.is('application/json')) {
      next(new AppError('unsupported_media_type', 'Send the request body as application/json.'));
      return;
    }
    next();
  }
  return [requireJsonContentType, parse];
}
