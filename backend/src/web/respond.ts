import type { Response } from 'express';
import { ok } from '@triage/shared';

/** Sends `{ ok: true, data }` with the given status: the only way routes answer successfully. */
export function sendOk(res: Response, status: number, data: unknown): void {
  res.status(status).json(ok(data));
}
