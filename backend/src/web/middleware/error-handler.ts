import type { NextFunction, Request, RequestHandler, Response, ErrorRequestHandler } from 'express';
import { ERROR_STATUS, fail, type ErrorBody, type ErrorCode } from '@triage/shared';
import { AppError, isAppError } from '../../common/errors';
import type { Logger } from '../../infrastructure/logger';
import { requestLogger } from '../locals';

export interface ErrorHandlerOptions {
  /** Used when the request-id middleware has not bound a per-request logger. */
  logger: Logger;
}

/** What the caller sees, and what we log about it. */
interface Mapped {
  code: ErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
  /** Whether the original error (with its cause chain) goes into the log line. */
  logError: boolean;
  /** A short, value-free description for errors whose own message may quote the input. */
  reason?: string;
  /** A stable sub-code the caller sees (AppError.reason). */
  publicReason?: string;
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. Quote the request id if you contact support.';

/**
 * body-parser and Express raise `http-errors` with a `type` and `status`. Their messages can quote the
 * request (a JSON SyntaxError shows a slice of the body), so only `type` and `status` are used.
 */
interface HttpError {
  status: number;
  type: string | undefined;
  limit: number | undefined;
}

function asHttpError(err: unknown): HttpError | undefined {
  if (!(err instanceof Error)) return undefined;
  const status: unknown = Reflect.get(err, 'status');
  if (typeof status !== 'number' || status < 400 || status > 599) return undefined;
  const type: unknown = Reflect.get(err, 'type');
  const limit: unknown = Reflect.get(err, 'limit');
  return {
    status,
    type: typeof type === 'string' ? type : undefined,
    limit: typeof limit === 'number' ? limit : undefined,
  };
}

function mapError(err: unknown): Mapped {
  if (isAppError(err)) {
    return {
      code: err.code,
      message: err.message,
      ...(err.issues ? { issues: err.issues } : {}),
      ...(err.reason ? { publicReason: err.reason } : {}),
      // Refusals are expected answers, not faults: their stack would only bury real errors in the log.
      logError: err.reason === undefined,
    };
  }
  const http = asHttpError(err);
  if (http) {
    switch (http.type) {
      case 'entity.parse.failed':
        return {
          code: 'invalid_json',
          message: 'The request body is not valid JSON.',
          logError: false,
          reason: http.type,
        };
      case 'entity.too.large':
        return {
          code: 'payload_too_large',
          message:
            http.limit === undefined
              ? 'The request body is too large.'
              : `The request body is larger than this route accepts (${http.limit} bytes).`,
          logError: false,
          reason: http.type,
        };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return {
          code: 'unsupported_media_type',
          message: 'Send the request body as UTF-8 application/json.',
          logError: false,
          reason: http.type,
        };
      default:
        break;
    }
    if (http.status === 404)
      return {
        code: 'not_found',
        message: 'No route matches this method and path.',
        logError: false,
        reason: 'http.404',
      };
    if (http.status === 413)
      return {
        code: 'payload_too_large',
        message: 'The request body is too large.',
        logError: false,
        reason: 'http.413',
      };
    if (http.status === 415)
      return {
        code: 'unsupported_media_type',
        message: 'Send the request body as application/json.',
        logError: false,
        reason: 'http.415',
      };
    // Other client errors from Express or body-parser: an undecodable path parameter, an aborted or
    // truncated body. The request could not be read, which is closest to a malformed one.
    if (http.status < 500) {
      return {
        code: 'validation_failed',
        message: 'The request could not be read.',
        logError: false,
        reason: http.type ?? `http.${http.status}`,
      };
    }
  }
  return { code: 'internal', message: INTERNAL_MESSAGE, logError: true };
}

/**
 * The one error middleware. Maps `AppError` codes to statuses through the shared `ERROR_STATUS` table,
 * translates body-parser/Express errors (400 `invalid_json`, 413 `payload_too_large`, 415
 * `unsupported_media_type`), and turns anything else into a generic 500 `internal` whose message reveals
 * nothing. The body is always `{ ok: false, error: { code, message, issues?, requestId } }`.
 *
 * Logging: 5xx at `error` with the error and its cause chain; 401/403/429 at `warn`; other 4xx at `info`.
 * Errors whose message may quote the request (body-parser's) are logged by type only.
 */
export function errorHandler(options: ErrorHandlerOptions): ErrorRequestHandler {
  return function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction) {
    // A response already under way cannot become an envelope; Express's default handler closes the socket.
    if (res.headersSent) {
      next(err);
      return;
    }

    const mapped = mapError(err);
    const status = ERROR_STATUS[mapped.code];
    const log = requestLogger(res, options.logger);
    const fields = {
      code: mapped.code,
      status,
      ...(mapped.logError ? { err } : {}),
      ...(mapped.reason ? { reason: mapped.reason } : {}),
      ...(mapped.publicReason ? { refusal: mapped.publicReason } : {}),
    };
    if (status >= 500) log.error(fields, 'request failed');
    else if (status === 401 || status === 403 || status === 429) log.warn(fields, 'request refused');
    else log.info(fields, 'request rejected');

    const body: ErrorBody = {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.issues ? { issues: mapped.issues } : {}),
      ...(mapped.publicReason ? { reason: mapped.publicReason } : {}),
      ...(res.locals.requestId ? { requestId: res.locals.requestId } : {}),
    };
    if (mapped.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json(fail(body));
  };
}

/** Terminal handler for requests no router answered: 404 `not_found`. */
export function notFound(): RequestHandler {
  return function notFound(_req: Request, _res: Response, next: NextFunction) {
    next(new AppError('not_found', 'No route matches this method and path.'));
  };
}
