import { createHash } from 'node:crypto';

/**
 * Serialises a JSON-compatible value canonically: object keys sorted by UTF-16 code units, no
 * whitespace, `undefined` members dropped, numbers and strings written as `JSON.stringify` writes them.
 * For the JSON values this project hashes (no floats needing special care) this matches RFC 8785 (JCS),
 * so the same payload hashes the same in the backend, in tests and in an external verifier.
 *
 * Values with a `toJSON` method (for example `Date`) are replaced by its result first, as
 * `JSON.stringify` does.
 *
 * @throws TypeError for values JSON cannot represent faithfully: non-finite numbers, bigints,
 * functions, symbols, and cycles. Silently writing `null` (what `JSON.stringify` does for `NaN`)
 * would let two different payloads share one hash.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set<object>());
}

function write(value: unknown, seen: Set<object>): string {
  const v = toJsonValue(value);
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError('canonicalJson: non-finite numbers have no JSON form');
      return JSON.stringify(v);
    case 'object': {
      if (seen.has(v)) throw new TypeError('canonicalJson: cyclic structure');
      seen.add(v);
      try {
        if (Array.isArray(v)) {
          // Array holes and undefined members become null, as in JSON.stringify.
          const items: string[] = [];
          for (let i = 0; i < v.length; i += 1) {
            const item: unknown = v[i];
            items.push(isSkippable(item) ? 'null' : write(item, seen));
          }
          return `[${items.join(',')}]`;
        }
        const entries = Object.entries(v)
          .filter(([, member]) => !isSkippable(member))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${write(member, seen)}`).join(',')}}`;
      } finally {
        seen.delete(v);
      }
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof v} has no JSON form`);
  }
}

function isSkippable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function toJsonValue(value: unknown): unknown {
  if (
    value !== null &&
    typeof value === 'object' &&
    'toJSON' in value &&
    typeof value.toJSON === 'function'
  ) {
    return (value.toJSON as () => unknown)();
  }
  return value;
}

/**
 * SHA-256 of a string (UTF-8) or bytes, as 64 lowercase hex digits.
 *
 * @example
 * sha256Hex(canonicalJson(payload)); // the payloadHash an approval binds to
 */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** SHA-256 hex of the canonical JSON of a value: the one way payloads, cases and rows are fingerprinted. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
