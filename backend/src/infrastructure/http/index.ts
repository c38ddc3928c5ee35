export { validateConnectorUrl, type ConnectorUrlOptions } from './connector-url';
export {
  OutboundHttpError,
  isOutboundHttpError,
  type OutboundHttpErrorCode,
  type OutboundHttpErrorOptions,
} from './errors';
export {
  forbiddenRange,
  isForbiddenAddress,
  isLoopbackAddress,
  type ForbiddenRange,
} from './forbidden-address';
export {
  createGuardedClient,
  type GuardedClient,
  type GuardedClientOptions,
  type GuardedRequest,
  type GuardedResponse,
  type HttpMethod,
} from './guarded-client';
export {
  createGuardedLookup,
  resolveConnectorHost,
  systemResolver,
  type ResolveOptions,
  type ResolvedAddress,
  type Resolver,
} from './guarded-lookup';
export { retryAfterMs, type HeaderBag } from './retry-after';
