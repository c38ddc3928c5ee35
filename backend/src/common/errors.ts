import type { ErrorCode } from '@triage/shared';

export interface AppErrorOptions {
  cause?: unknown;
  /** Field-level problems, safe to show (paths and messages, never input values). */
  issues?: { path: string; message: string }[];
  /** A stable finer-grained code (e.g. an approval refusal such as `four_eyes`), safe to show. */
  reason?: string;
}

/**
 * The one error type that crosses layers. `code` is stable and maps to an HTTP status in one table
 * (shared/src/errors.ts); `message` is written for a person and never contains secrets or customer text.
 * The original error travels as `cause` for logs.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: { path: string; message: string }[] | undefined;
  readonly reason: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues;
    this.reason = options.reason;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
