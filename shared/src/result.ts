import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors';

export const ErrorBody = z.object({
  code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  /** Field-level problems of a validation error: where, and what is wrong. Never echoes the input. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** A stable finer-grained code under `code`, e.g. the approval refusal `four_eyes`. */
  reason: z.string().optional(),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The one envelope every API response uses. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(error: ErrorBody): Result<never> {
  return { ok: false, error };
}

/** A zod schema for the envelope around `data`, for parsing responses at the client edge. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBody }),
  ]);
}
