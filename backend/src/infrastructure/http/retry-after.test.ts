import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './index';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['Wed, 01 May 2024 12:00:30 GMT', 30_000],
    ['Wednesday, 01-May-24 12:01:00 GMT', 60_000],
    ['Wed May  1 12:00:05 2024', 5000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(retryAfterMs({ 'retry-after': value }, NOW)).toBe(expected);
  });

  it.each([
    '',
    '-1',
    '1.5',
    '3 seconds',
    'soon',
    '2024-05-01T12:00:30Z',
    'Wed, 01 May 2024 12:00:30 PST',
    '0x10',
  ])('ignores the malformed value %j', (value) => {
    expect(retryAfterMs({ 'retry-after': value }, NOW)).toBeUndefined();
  });

  it('matches the header name without regard to case and takes the first of repeated values', () => {
    expect(retryAfterMs({ 'Retry-After': '2' }, NOW)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': ['4', '9'] }, NOW)).toBe(4000);
  });

  it('is undefined without the header and accepts a Date as the clock', () => {
    expect(retryAfterMs({ 'content-type': 'text/plain' }, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 May 2024 12:00:01 GMT' }, new Date(NOW))).toBe(1000);
  });

  it('saturates absurd delays instead of overflowing', () => {
    expect(retryAfterMs({ 'retry-after': '9'.repeat(30) }, NOW)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
