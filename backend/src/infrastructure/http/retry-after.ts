/** Response headers as the guarded client or Node return them. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

// RFC 9110 §5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must accept.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * How long a `Retry-After` header asks the client to wait, in milliseconds (RFC 9110 §10.2.3).
 *
 * Accepts delay-seconds (`120`) and an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, and the obsolete
 * RFC 850 and asctime forms). A date in the past means "now" (0). Header names are matched without
 * regard to case; when the header repeats, the first value counts.
 *
 * @param now the current time (epoch milliseconds or a Date), injected so tests use a fake clock.
 * @returns milliseconds to wait, or `undefined` when the header is absent or malformed (then the
 * caller falls back to its own backoff rather than guessing).
 * @example
 * retryAfterMs({ 'retry-after': '3' }, Date.now()); // 3000
 */
export function retryAfterMs(headers: HeaderBag, now: number | Date = Date.now()): number | undefined {
  const raw = headerValue(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    const ms = Number(value) * 1000;
    return Number.isSafeInteger(ms) ? ms : Number.MAX_SAFE_INTEGER;
  }
  if (!IMF_FIXDATE.test(value) && !RFC_850.test(value) && !ASCTIME.test(value)) return undefined;
  // asctime carries no zone but is defined as UTC; Date.parse would read it as local time.
  const at = Date.parse(ASCTIME.test(value) ? `${value} GMT` : value);
  if (Number.isNaN(at)) return undefined;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return Math.max(0, at - nowMs);
}

function headerValue(headers: HeaderBag, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}
