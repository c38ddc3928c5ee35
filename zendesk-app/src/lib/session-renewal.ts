import type { Session } from './session';

/** The page's current session, renewed in the background before it ends. */
export interface SessionKeeper {
  current(): Session;
  stop(): void;
}

export interface SessionKeeperOptions {
  initial: Session;
  /** Asks the backend for a fresh session with the current one (`TriageApi.renewSession`). */
  renew: () => Promise<Session>;
  /** How long before the session ends to renew it. Default 2 minutes. */
  leadMs?: number;
  /** How long to wait after a renewal that failed for a reason that may pass (network, 5xx). */
  retryMs?: number;
  /** Whether a failed renewal is final (the backend said to sign in again), from the error. */
  isFinal?: (error: unknown) => boolean;
  now?: () => number;
  /** Runs `fn` after `ms`; returns how to cancel it. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

const MIN_DELAY_MS = 1_000;

/**
 * Keeps the sidebar's session alive while the ticket stays open: renews it `leadMs` before it ends,
 * retries a failure that may pass until the session actually ends, and stops for good when the backend
 * refuses (the sign-in is too old, or the person is no longer an agent). After that the next call gets
 * a 401 and the sidebar asks the agent to reload the ticket.
 */
export function keepSessionAlive(options: SessionKeeperOptions): SessionKeeper {
  const leadMs = options.leadMs ?? 2 * 60_000;
  const retryMs = options.retryMs ?? 30_000;
  const now = options.now ?? (() => Date.now());
  const isFinal = options.isFinal ?? (() => false);
  const schedule =
    options.schedule ??
    ((fn, ms) => {
      const handle = setTimeout(fn, ms);
      return () => clearTimeout(handle);
    });
  let session = options.initial;
  let cancel: (() => void) | undefined;
  let stopped = false;

  const endsAt = (): number => Date.parse(session.expiresAt);

  function plan(delayMs: number): void {
    if (stopped) return;
    cancel = schedule(() => void attempt(), Math.max(MIN_DELAY_MS, delayMs));
  }

  async function attempt(): Promise<void> {
    try {
      session = await options.renew();
      plan(endsAt() - leadMs - now());
    } catch (e) {
      if (isFinal(e) || now() + retryMs >= endsAt()) return;
      plan(retryMs);
    }
  }

  plan(endsAt() - leadMs - now());
  return {
    current: () => session,
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
