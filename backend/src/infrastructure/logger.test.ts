import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from './logger';

const CANARY_EMAIL = 'canary.person@example.com';
const CANARY_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYW5hcnkiLCJpYXQiOjE1MTYyMzkwMjJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const CANARY_CARD = '4111 1111 1111 1111';
const CANARY_TOKEN = 'canary-opaque-token-1234567890';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: {
      write(line: string) {
        lines.push(line);
      },
    },
  });
  return { lines, logger };
}

describe('redactText', () => {
  it.each([
    ['email', `contact ${CANARY_EMAIL} now`, 'contact [email] now'],
    ['card (Luhn valid)', `card ${CANARY_CARD} used`, 'card [card] used'],
    ['card without separators', 'card 5555555555554444.', 'card [card].'],
    ['IBAN', 'pay to DE89 3704 0044 0532 0130 00 today', 'pay to [iban] today'],
    ['IBAN compact', 'GB82WEST12345698765432', '[iban]'],
    ['bearer token', `Authorization: Bearer ${CANARY_TOKEN}`, 'Authorization: Bearer [token]'],
    ['JWT', `token=${CANARY_JWT}`, 'token=[token]'],
    ['phone, international', 'call +44 20 7946 0958 please', 'call [phone] please'],
    ['phone, US style', 'call (555) 123-4567', 'call [phone]'],
    ['IPv4', 'from 203.0.113.42 at noon', 'from [ip] at noon'],
  ])('masks %s', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    ['a Luhn-invalid digit run', 'order 4111 1111 1111 1112'],
    ['an ISO date', 'since 2026-03-02'],
    ['an ISO timestamp', 'at 2026-03-02T10:14:00Z'],
    ['a ticket id', 'ticket ZD-1042 and 123456'],
    ['a version', 'fixed in 4.2.1'],
    ['a duration', 'took 1500 ms'],
    ['a UUID', 'request 3f1c2a9e-1b2c-4d5e-8f90-123456789abc'],
    ['an invalid IBAN', 'DE00 3704 0044 0532 0130 00'],
  ])('keeps %s', (_name, input) => {
    expect(redactText(input)).toBe(input);
  });
});

describe('createLogger', () => {
  it('never writes canary credentials or PII, in fields, messages or errors', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: {
          headers: {
            authorization: `Bearer ${CANARY_TOKEN}`,
            cookie: `session=${CANARY_TOKEN}`,
            'x-forge-oauth-system': CANARY_TOKEN,
            'x-forge-oauth-user': CANARY_TOKEN,
          },
        },
        case: {
          requester: { email: CANARY_EMAIL, phone: '+1 555 123 4567' },
          subject: 'canary subject',
          body: 'canary body',
        },
        nested: { deeper: { apiKey: CANARY_TOKEN, clientSecret: CANARY_TOKEN, password: 'hunter2-canary' } },
        note: `free text with ${CANARY_EMAIL} and ${CANARY_CARD}`,
      },
      'user %s paid with %s using %s',
      CANARY_EMAIL,
      CANARY_CARD,
      CANARY_JWT,
    );
    logger.error(new Error(`lookup failed for ${CANARY_EMAIL}`, { cause: new Error(`token ${CANARY_JWT}`) }));
    logger.warn({ err: new Error(`card ${CANARY_CARD}`) }, 'while handling');
    logger.child({ token: CANARY_TOKEN, requester: CANARY_EMAIL }).info(`message with ${CANARY_EMAIL}`);

    const output = lines.join('');
    expect(lines).toHaveLength(4);
    for (const canary of [
      CANARY_EMAIL,
      CANARY_JWT,
      CANARY_CARD,
      CANARY_TOKEN,
      'hunter2-canary',
      'canary subject',
      'canary body',
    ]) {
      expect(output).not.toContain(canary);
    }
    expect(output).not.toContain('555 123 4567');
  });

  it('keeps the structure useful: redacted keys say so, errors keep message shape and cause', () => {
    const { lines, logger } = capture();
    logger.error(
      { err: new Error('outer', { cause: new Error('inner') }), headers: { authorization: 'x' } },
      'failed',
    );
    const line: unknown = JSON.parse(lines[0] ?? '');
    expect(line).toMatchObject({
      level: 'error',
      msg: 'failed',
      headers: { authorization: '[redacted]' },
      err: { type: 'Error', message: 'outer', cause: { message: 'inner' } },
    });
  });

  it('redacts child bindings at every generation and keeps the parent bindings', () => {
    const { lines, logger } = capture();
    logger.child({ requestId: 'req-12345678' }).child({ sessionToken: CANARY_TOKEN }).info('hello');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      requestId: 'req-12345678',
      sessionToken: '[redacted]',
    });
  });

  it('honours the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (l: string) => lines.push(l) } });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
