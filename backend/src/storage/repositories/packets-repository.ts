import { Evidence, TriagePacket } from '@triage/shared';
import { z } from 'zod';
import { StorageError, toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** Triage packets and the evidence rows they cite. */
export interface PacketsRepository {
  /**
   * Saves a packet and one `evidence` row per `packet.evidence` item in one transaction: both or
   * neither. The case must be stored first (the packet references it).
   * @throws StorageError `invalid_input` when `packet.tenant` is not `tenant`; `foreign_key_violation`
   * when the case is not stored; `unique_violation` for a packet id already saved or a duplicate
   * evidence id within the packet.
   */
  save(tenant: string, packet: TriagePacket): Promise<void>;
  /** The most recently built packet for a case (latest `builtAt`, then latest saved), or null. */
  latestForCase(tenant: string, caseRef: string): Promise<TriagePacket | null>;
  /** A packet by id, or null. */
  get(tenant: string, packetId: string): Promise<TriagePacket | null>;
  /** The evidence rows of a packet, in the packet's order. */
  evidenceOf(tenant: string, packetId: string): Promise<Evidence[]>;
}

const PacketRow = z.object({ packet: z.unknown() });
const EvidenceRow = z.object({ item: z.unknown() });

/** Creates the packets repository over a {@link Db} (or a transaction handle). */
export function createPacketsRepository(db: Db): PacketsRepository {
  function toPacket(row: unknown): TriagePacket {
    return parseStored(TriagePacket, parseStored(PacketRow, row, 'packet').packet, 'packet');
  }

  return {
    async save(tenant, packet) {
      const t = requireTenant(tenant);
      if (packet.tenant !== t) throw new StorageError('invalid_input', 'packet belongs to another tenant');
      try {
        await db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO packets (tenant_id, id, case_ref, built_at, engine_version, inputs_digest, packet)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
            [
              t,
              packet.id,
              packet.caseRef,
              packet.builtAt,
              packet.engineVersion,
              packet.inputsDigest,
              JSON.stringify(packet),
            ],
          );
          if (packet.evidence.length === 0) return;
          // One statement for all items; `ordinality` keeps the packet's order for evidenceOf.
          await tx.query(
            `INSERT INTO evidence (tenant_id, packet_id, id, position, source, kind, observed_at, item)
             SELECT $1, $2, e.item ->> 'id', e.n, e.item ->> 'source', e.item ->> 'kind',
                    (e.item ->> 'observedAt')::timestamptz, e.item
             FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(item, n)`,
            [t, packet.id, JSON.stringify(packet.evidence)],
          );
        });
      } catch (e) {
        throw toStorageError(e, 'save packet');
      }
    },

    async latestForCase(tenant, caseRef) {
      const rows = await db.query(
        `SELECT packet FROM packets WHERE tenant_id = $1 AND case_ref = $2
         ORDER BY built_at DESC, stored_seq DESC LIMIT 1`,
        [requireTenant(tenant), caseRef],
      );
      return rows[0] === undefined ? null : toPacket(rows[0]);
    },

    async get(tenant, packetId) {
      const rows = await db.query('SELECT packet FROM packets WHERE tenant_id = $1 AND id = $2', [
        requireTenant(tenant),
        packetId,
      ]);
      return rows[0] === undefined ? null : toPacket(rows[0]);
    },

    async evidenceOf(tenant, packetId) {
      const rows = await db.query(
        'SELECT item FROM evidence WHERE tenant_id = $1 AND packet_id = $2 ORDER BY position',
        [requireTenant(tenant), packetId],
      );
      return rows.map((row) =>
        parseStored(Evidence, parseStored(EvidenceRow, row, 'evidence').item, 'evidence'),
      );
    },
  };
}
