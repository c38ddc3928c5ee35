/**
 * The storage port: the few operations repositories need, implemented once over PGlite (embedded
 * default) and once over a `pg` pool (production), so the same repository code runs unchanged on both.
 *
 * Value conventions, identical on both drivers (tests run the same assertions against each):
 * - `timestamptz` / `timestamp` come back as ISO 8601 strings in UTC with millisecond precision
 *   (`2024-05-01T10:00:00.000Z`), the form the shared contracts (`IsoDateTime`) use. Strings rather
 *   than `Date` because every value leaves the backend as JSON and the audit chain hashes the text.
 * - `json` / `jsonb` come back parsed; `int8` (bigint, e.g. audit `seq`, `count(*)`) as a JS number;
 *   `numeric` as a string; `date` as `YYYY-MM-DD`.
 * - Parameters: pass strings, numbers, booleans or null. Send JSON as `JSON.stringify(value)` with a
 *   `$n::jsonb` cast, and timestamps as ISO strings: the two drivers serialise objects, arrays and
 *   `Date`s differently, so repositories never hand them raw objects.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';

  /** Runs one statement with `$1..$n` parameters and returns its rows as plain objects. */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;

  /** Runs a script of one or more statements without parameters (migrations, DDL, `SET LOCAL`). */
  exec(sql: string): Promise<void>;

  /**
   * Runs `fn` in a transaction and commits when it resolves, rolls back when it rejects (rethrowing).
   * Inside `fn`, use only the `tx` handed in: on PGlite every other query waits for the transaction to
   * end, so calling the outer `Db` from inside `fn` deadlocks. Calling `tx.transaction` nests with a
   * savepoint: an inner failure rolls back the inner part only, if the caller catches it.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;

  /** Releases the connection(s). On a transaction handle this throws: the owner closes the root. */
  close(): Promise<void>;
}

/** What went wrong in storage, for callers that must branch (a duplicate key is a 409, not a 500). */
export type StorageErrorCode =
  | 'unique_violation'
  | 'foreign_key_violation'
  | 'check_violation'
  | 'serialization_failure'
  | 'invalid_input'
  | 'corrupt_row'
  | 'migration_failed'
  | 'unavailable'
  | 'database_error';

/** The storage layer's error. The driver error, with its SQLSTATE, travels as `cause` for the logs. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** The PostgreSQL SQLSTATE when the database raised it (e.g. `23505`). */
  readonly sqlState: string | undefined;

  constructor(code: StorageErrorCode, message: string, options: { cause?: unknown; sqlState?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.code = code;
    this.sqlState = options.sqlState;
  }
}

const SQLSTATE_CODES: Readonly<Record<string, StorageErrorCode>> = {
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23514': 'check_violation',
  '40001': 'serialization_failure',
  '40P01': 'serialization_failure',
  '22P02': 'invalid_input',
  '22007': 'invalid_input',
  '22008': 'invalid_input',
};

/** The SQLSTATE both drivers put on their errors as `code`, if `e` carries one. */
export function sqlStateOf(e: unknown): string | undefined {
  if (
    e !== null &&
    typeof e === 'object' &&
    'code' in e &&
    typeof e.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(e.code)
  ) {
    return e.code;
  }
  return undefined;
}

/**
 * Wraps a driver error in a {@link StorageError} with a stable code; a `StorageError` passes through.
 * `what` names the operation ("save packet"), never values, so the message is safe to log.
 */
export function toStorageError(e: unknown, what: string): StorageError {
  if (e instanceof StorageError) return e;
  const sqlState = sqlStateOf(e);
  const code: StorageErrorCode =
    (sqlState === undefined ? undefined : SQLSTATE_CODES[sqlState]) ?? 'database_error';
  return new StorageError(
    code,
    `${what} failed (${code})`,
    sqlState === undefined ? { cause: e } : { cause: e, sqlState },
  );
}

/**
 * Turns PostgreSQL's text form of a timestamp (`2024-05-01 10:00:00.123456+00`, or without an offset
 * for `timestamp`) into the ISO string both drivers return. Sub-millisecond digits are dropped
 * (JS dates hold milliseconds); code that needs the exact value (keyset cursors) selects `::text`.
 */
export function parsePgTimestamp(text: string): string {
  if (text === 'infinity' || text === '-infinity') return text;
  const iso = text
    .replace(' ', 'T')
    // Offsets come as +HH, +HH:MM or +HH:MM:SS; ISO parsing wants +HH:MM.
    .replace(/([+-]\d\d)$/, '$1:00')
    .replace(/([+-]\d\d:\d\d):\d\d$/, '$1');
  const hasZone = /(?:Z|[+-]\d\d:\d\d)$/.test(iso);
  const date = new Date(hasZone ? iso : `${iso}Z`);
  if (Number.isNaN(date.getTime()))
    throw new StorageError('corrupt_row', 'unparseable timestamp from the database');
  return date.toISOString();
}

/** `int8` as a JS number; beyond 2^53 precision would be lost silently, so that throws instead. */
export function parsePgInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new StorageError('corrupt_row', 'bigint value outside the safe integer range');
  return n;
}

/** PostgreSQL type OIDs the adapters give a parser, so both drivers return the same JS values. */
export const PG_TYPE = {
  INT8: 20,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

/** The shared parser table, by OID, that both adapters install on their own connections only. */
export const PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_TYPE.INT8]: parsePgInt8,
  [PG_TYPE.DATE]: (text) => text,
  [PG_TYPE.TIMESTAMP]: parsePgTimestamp,
  [PG_TYPE.TIMESTAMPTZ]: parsePgTimestamp,
};
