import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature, `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'X-Triage-Signature';
/** The header carrying the signing time, Unix seconds. */
export const TIMESTAMP_HEADER = 'X-Triage-Timestamp';
/** How far a receiver accepts the signing time from its own clock, either way, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;
const TIMESTAMP = /^\d{1,12}$/;

function mac(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
}

/**
 * The `X-Triage-Signature` value for one delivery: `sha256=` + hex HMAC-SHA256 of `"<timestamp>.<raw
 * body>"` under the shared secret. The timestamp is inside the MAC so a captured delivery cannot be
 * replayed later with a fresh timestamp.
 */
export function signEscalation(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `sha256=${mac(secret, timestamp, body).toString('hex')}`;
}

/**
 * Verifies a delivery as a receiver must: the timestamp is within `toleranceSeconds` of `now` (either
 * way), and the signature matches the raw body as received (before any JSON parsing), compared in
 * constant time. Receivers must still dedupe by `Idempotency-Key`: a retried delivery is a new,
 * validly signed request for the same escalation.
 *
 * @param timestamp the `X-Triage-Timestamp` header value.
 * @param header the `X-Triage-Signature` header value.
 * @param now the receiver's clock.
 * @returns true only for a fresh delivery signed with this secret.
 */
export function verifyEscalationSignature(
  secret: string,
  timestamp: string | undefined,
  body: string | Uint8Array,
  header: string | undefined,
  now: Date | number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (timestamp === undefined || header === undefined || !TIMESTAMP.test(timestamp)) return false;
  const match = SIGNATURE.exec(header.trim().toLowerCase());
  const hex = match?.[1];
  if (hex === undefined) return false;
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  // Both sides are 32 bytes by construction (64 hex digits), as timingSafeEqual requires.
  return timingSafeEqual(Buffer.from(hex, 'hex'), mac(secret, timestamp, body));
}
