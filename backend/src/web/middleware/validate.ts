import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError } from '../../common/errors';

/** The parts of a request a route validates. Each is optional; absent parts are not checked. */
export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** The parsed (output) values for the parts a route declared. */
export type Validated<S extends RequestSchemas> = {
  [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

/** A validation middleware that also hands its typed results to the route handler. */
export interface ValidateMiddleware<S extends RequestSchemas> extends RequestHandler {
  /**
   * The values this middleware parsed for `res`'s request.
   * @throws AppError `internal` when the middleware did not run before the handler (a wiring bug).
   */
  get(res: Response): Validated<S>;
}

/** At most this many issues go back to the caller; the rest are counted in the message. */
const MAX_ISSUES = 20;

/** A path segment we are willing to echo: schema-like keys and indices, not free-form record keys. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

function formatPath(part: string, path: readonly PropertyKey[]): string {
  return [
    part,
    ...path.map((seg) =>
      typeof seg === 'number' || (typeof seg === 'string' && SAFE_SEGMENT.test(seg)) ? String(seg) : '*',
    ),
  ].join('.');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const seg of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[seg];
  }
  return current;
}

/**
 * zod 4's default messages describe the expectation, not the input, but a custom refine message or a
 * future default could quote what was sent. Anything that contains the offending value, and the
 * unknown-keys message (which lists the caller's keys), is replaced by a generic one.
 */
function safeMessage(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'contains keys this endpoint does not accept';
    case 'invalid_type':
      return `expected ${issue.expected}`;
    default: {
      const value = valueAt(input, issue.path);
      const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      if (text.length >= 3 && issue.message.includes(text)) return 'is invalid';
      return issue.message;
    }
  }
}

/**
 * Validates `params`, `query` and `body` with zod before the handler runs.
 *
 * Parsed values are kept per response (Express 5's `req.query` is read-only) and read back, fully
 * typed, with `.get(res)`. Failures become `AppError('validation_failed')` with `issues` of the form
 * `{ path: 'body.case.subject', message }`; the submitted values are never echoed.
 *
 * @example
 * ```ts
 * const input = validate({ params: CaseRefParam, query: PacketQuery });
 * router.get('/cases/:caseRef/packet', input, async (_req, res) => {
 *   const { params, query } = input.get(res);
 * });
 * ```
 */
export function validate<S extends RequestSchemas>(schemas: S): ValidateMiddleware<S> {
  const results = new WeakMap<Response, Validated<S>>();
  const parts = (['params', 'query', 'body'] as const).filter((part) => schemas[part] !== undefined);

  function validateRequest(req: Request, res: Response, next: NextFunction): void {
    const issues: { path: string; message: string }[] = [];
    const parsed: Partial<Record<keyof RequestSchemas, unknown>> = {};
    for (const part of parts) {
      const schema = schemas[part];
      if (!schema) continue;
      const input: unknown = req[part];
      const result = schema.safeParse(input);
      if (result.success) {
        parsed[part] = result.data;
      } else {
        for (const issue of result.error.issues) {
          issues.push({ path: formatPath(part, issue.path), message: safeMessage(issue, input) });
        }
      }
    }
    if (issues.length > 0) {
      const shown = issues.slice(0, MAX_ISSUES);
      const more = issues.length - shown.length;
      next(
        new AppError(
          'validation_failed',
          more > 0 ? `The request is invalid (${more} more problems not shown).` : 'The request is invalid.',
          { issues: shown },
        ),
      );
      return;
    }
    // Each declared part was parsed by its own schema above, so the record matches Validated<S>.
    results.set(res, parsed as Validated<S>);
    next();
  }

  return Object.assign(validateRequest, {
    get(res: Response): Validated<S> {
      const value = results.get(res);
      if (!value)
        throw new AppError('internal', 'Something went wrong on our side.', {
          cause: new Error('validate() did not run before its handler'),
        });
      return value;
    },
  });
}
