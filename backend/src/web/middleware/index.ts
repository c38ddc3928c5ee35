export { accessLog, type AccessLogOptions } from './access-log';
export { denyAll, devAuth, type DevAuthOptions } from './dev-auth';
export { errorHandler, notFound, type ErrorHandlerOptions } from './error-handler';
export { IMPORT_JSON_LIMIT_BYTES, JSON_LIMIT_BYTES, jsonBody, type JsonBodyOptions } from './json-body';
export { REQUEST_ID_PATTERN, requestId, type RequestIdOptions } from './request-id';
export { securityHeaders, type SecurityHeadersOptions } from './security-headers';
export { validate, type RequestSchemas, type Validated, type ValidateMiddleware } from './validate';
