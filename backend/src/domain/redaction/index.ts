export { redact, type RedactOptions, type RedactResult } from './redact';
