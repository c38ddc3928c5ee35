import { createGuardedClient } from '../../infrastructure/http';
import type { ConnectorContext } from '../definition';

/** A connector context for contract tests: the real guarded client, allowed to reach loopback only. */
export function testConnectorContext(
  secrets: Record<string, string> = {},
  now = new Date('2026-11-20T12:00:00Z'),
): ConnectorContext {
  return {
    http: createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 2_000_000, allowInsecureLocal: true }),
    secrets,
    clock: () => now,
  };
}

/** A query signal that never fires. */
export function neverAborted(): AbortSignal {
  return new AbortController().signal;
}
