/**
 * Stable codes for everything that can go wrong with an outbound connector request. Connectors branch
 * on these and translate them into their own errors (for example "evidence unavailable"); they are not
 * HTTP statuses of our API.
 */
export type OutboundHttpErrorCode =
  /** The URL does not parse, is too long, or has no host. */
  | 'invalid_url'
  /** Not https (plain http is allowed only to loopback under the development allowance). */
  | 'unsupported_scheme'
  /** The URL carries a user name or password; credentials belong in headers held by the connector. */
  | 'credentials_in_url'
  /** The host is, or resolves to, an address outside the public internet. */
  | 'forbidden_address'
  /** The server answered with a redirect the client will not follow. */
  | 'redirect_refused'
  /** The whole exchange (all hops, connect, headers and body) took longer than `timeoutMs`. */
  | 'timeout'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The response body is larger than `maxResponseBytes`. */
  | 'too_large'
  /** The request could not be built (bad method, header name or value). */
  | 'invalid_request'
  /** DNS failure, refused connection, reset, TLS failure: the network did not deliver. */
  | 'network';

/** Options for {@link OutboundHttpError}. */
export interface OutboundHttpErrorOptions {
  /**
   * The lower-level error, for logs. Only errors whose text cannot contain request headers or bodies
   * are attached (socket and DNS errors, our own validation errors).
   */
  cause?: unknown;
}

/**
 * The one error type of the guarded client. `message` names at most the host and the failing step,
 * never the path, query, headers or body: a connector URL's query or a header may carry a credential,
 * and a body may carry customer data.
 */
export class OutboundHttpError extends Error {
  readonly code: OutboundHttpErrorCode;

  constructor(code: OutboundHttpErrorCode, message: string, options: OutboundHttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OutboundHttpError';
    this.code = code;
  }
}

/** Narrows an unknown error to {@link OutboundHttpError}, optionally with a given code. */
export function isOutboundHttpError(e: unknown, code?: OutboundHttpErrorCode): e is OutboundHttpError {
  return e instanceof OutboundHttpError && (code === undefined || e.code === code);
}
