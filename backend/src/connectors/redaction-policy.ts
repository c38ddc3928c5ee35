import { AsyncLocalStorage } from 'node:async_hooks';
import type { RedactOptions } from '../domain/redaction';

const current = new AsyncLocalStorage<RedactOptions>();

/**
 * Runs a source's fetch under its tenant's redaction policy, so every evidence item it builds with
 * `toEvidence` follows the policy without each connector passing it along (and without a connector being
 * able to forget it).
 */
export function withRedactionPolicy<T>(policy: RedactOptions, fn: () => Promise<T>): Promise<T> {
  return current.run(policy, fn);
}

/** The policy of the fetch in progress; outside one, the strictest (redact everything). */
export function currentRedactionPolicy(): RedactOptions {
  return current.getStore() ?? {};
}
