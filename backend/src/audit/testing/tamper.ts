/**
 * Test support: builds audit chains and tampers with them the way an attacker with database access
 * would, bypassing the append-only trigger (`session_replication_role = replica` skips ordinary
 * triggers for the transaction; needs superuser, which the test databases have).
 */
import { sha256Hex } from '../../common/hashing';
import { auditRowHash, createAuditRepository, type Db } from '../../storage/index';

/** Appends `n` events to the tenant's chain through the repository. */
export async function appendEvents(db: Db, tenant: string, n: number): Promise<void> {
  const audit = createAuditRepository(db);
  for (let i = 1; i <= n; i += 1) {
    await audit.append(tenant, {
      actor: { kind: i % 2 ? 'engine' : 'person', id: `actor-${i}` },
      action: 'packet.built',
      object: { type: 'packet', id: `pk-${i}` },
      payloadHash: sha256Hex(`payload ${tenant} ${i}`),
    });
  }
}

/** Runs statements with the append-only trigger switched off, in one transaction. */
export async function tamper(db: Db, statements: { sql: string; params?: unknown[] }[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL session_replication_role = replica');
    for (const { sql, params } of statements) await tx.query(sql, params ?? []);
  });
}

/** A mutation of a 5-event chain and what the verifier must report for it. */
export interface TamperCase {
  name: string;
  apply: (db: Db, tenant: string) => Promise<void>;
  firstBadSeq: number;
  fault: 'seq_gap' | 'prev_hash_mismatch' | 'row_hash_mismatch';
}

/** The single-row mutations of PLATFORMS.md 3.8 G2, each on a chain of five events. */
export const TAMPER_CASES: readonly TamperCase[] = [
  {
    name: "UPDATE of a row's action",
    apply: (db, tenant) =>
      tamper(db, [
        {
          sql: "UPDATE audit_events SET action = 'nothing.happened' WHERE tenant_id = $1 AND seq = 3",
          params: [tenant],
        },
      ]),
    firstBadSeq: 3,
    fault: 'row_hash_mismatch',
  },
  {
    name: 'DELETE of a middle row',
    apply: (db, tenant) =>
      tamper(db, [{ sql: 'DELETE FROM audit_events WHERE tenant_id = $1 AND seq = 3', params: [tenant] }]),
    firstBadSeq: 3,
    fault: 'seq_gap',
  },
  {
    name: "swap of two rows' seq",
    apply: (db, tenant) =>
      tamper(db, [
        { sql: 'UPDATE audit_events SET seq = 1000 WHERE tenant_id = $1 AND seq = 2', params: [tenant] },
        { sql: 'UPDATE audit_events SET seq = 2 WHERE tenant_id = $1 AND seq = 4', params: [tenant] },
        { sql: 'UPDATE audit_events SET seq = 4 WHERE tenant_id = $1 AND seq = 1000', params: [tenant] },
      ]),
    firstBadSeq: 2,
    fault: 'prev_hash_mismatch',
  },
  {
    name: 'INSERT of a forged row with a correct-looking hash',
    apply: async (db, tenant) => {
      const [row2] = await createAuditRepository(db).list(tenant, { afterSeq: 1, limit: 1 });
      if (row2 === undefined) throw new Error('missing row 2');
      const forged = {
        seq: 3,
        tenant,
        ts: row2.ts,
        actor: { kind: 'person', id: 'insider' },
        action: 'approval.decided',
        object: { type: 'approval', id: 'forged' },
        payloadHash: null,
      };
      await tamper(db, [
        // Make room at seq 3 in two steps: the primary key is checked row by row.
        {
          sql: 'UPDATE audit_events SET seq = seq + 1000 WHERE tenant_id = $1 AND seq > 2',
          params: [tenant],
        },
        {
          sql: 'UPDATE audit_events SET seq = seq - 999 WHERE tenant_id = $1 AND seq > 1000',
          params: [tenant],
        },
        {
          sql: `INSERT INTO audit_events (tenant_id, seq, ts, actor_kind, actor_id, action, object_type, object_id,
                                          payload_hash, prev_hash, row_hash)
                VALUES ($1, 3, $2, 'person', 'insider', 'approval.decided', 'approval', 'forged', NULL, $3, $4)`,
          params: [tenant, row2.ts, row2.rowHash, auditRowHash(row2.rowHash, forged)],
        },
      ]);
    },
    // The forged row itself links and hashes correctly; the displaced old row 3 (now 4) does not link.
    firstBadSeq: 4,
    fault: 'prev_hash_mismatch',
  },
];

/** Deletes the tenant's events from `fromSeq` on: a truncated tail, invisible without a checkpoint. */
export function truncateTail(db: Db, tenant: string, fromSeq: number): Promise<void> {
  return tamper(db, [
    { sql: 'DELETE FROM audit_events WHERE tenant_id = $1 AND seq >= $2', params: [tenant, fromSeq] },
  ]);
}

/**
 * Borrows a database for code that closes what it is given (a command's db factory): `close` only
 * counts, the test's own `afterAll` closes the real one.
 */
export function borrowDb(db: Db): Db & { closed: number } {
  const borrowed = {
    kind: db.kind,
    closed: 0,
    query: <T>(sql: string, params?: readonly unknown[]) => db.query<T>(sql, params),
    exec: (sql: string) => db.exec(sql),
    transaction: <T>(fn: (tx: Db) => Promise<T>) => db.transaction(fn),
    close: () => {
      borrowed.closed += 1;
      return Promise.resolve();
    },
  };
  return borrowed;
}
