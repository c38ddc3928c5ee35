/** Why a connector could not answer. Stable codes; messages never carry response bodies or secrets. */
export type ConnectorErrorCode =
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_response'
  | 'network'
  | 'timeout'
  | 'blocked_address'
  | 'config';

/**
 * A connector fault. The fan-out turns it into the source's status and a reason a person can act on;
 * `retryAfterMs` (from `Retry-After`) tells it when a retry may be sent at the earliest.
 */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ConnectorErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether sending the same read again may succeed (after `retryAfterMs` when set). */
  get retryable(): boolean {
    return this.code === 'rate_limited' || this.code === 'unavailable' || this.code === 'network';
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
