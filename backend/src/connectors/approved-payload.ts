import type { ActionKind } from '@triage/shared';
import type { z } from 'zod';
import { ConnectorError } from './errors';

/**
 * Parses an approved write-back payload for one target. The error names field paths only: the payload
 * is approved customer-facing text and never goes into an error, a log or the sidebar.
 *
 * @throws ConnectorError `config` (not retryable: the same payload would fail again).
 */
export function parseApprovedPayload<S extends z.ZodType>(
  system: string,
  schema: S,
  action: ActionKind,
  payload: unknown,
): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => i.path.join('.') || '(root)')
      .join(', ');
    throw new ConnectorError('config', `${system}: the approved ${action} payload is invalid (at ${where})`);
  }
  return parsed.data;
}
