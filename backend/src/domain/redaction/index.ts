export { redact, luhnValid, ibanValid, type RedactOptions, type RedactResult } from './redact';
