import { Writable } from 'node:stream';
import { AuditEvent } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { createAuditRepository, type AuditRepository, type Db } from '../storage/index';
import { streamAuditEvents, writeAuditJsonl } from './export';
import { appendEvents } from './testing/tamper';

/** A sink that keeps what it is given and reports back-pressure every few writes. */
function collector(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  return { out, text: () => chunks.join('') };
}

async function collect(events: AsyncIterable<AuditEvent>): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('audit export', () => {
  let db: Db;
  let audit: AuditRepository;
  beforeAll(async () => {
    db = await createTestDb();
    audit = createAuditRepository(db);
    await appendEvents(db, 'demo', 7);
    await appendEvents(db, 'other', 2);
  });
  afterAll(async () => {
    await db.close();
  });

  it('writes JSON Lines that parse as AuditEvent and equal list(), in seq order', async () => {
    const { out, text } = collector();
    const summary = await writeAuditJsonl(audit, 'demo', out, { pageSize: 3 });
    expect(summary).toEqual({ count: 7, firstSeq: 1, lastSeq: 7 });
    const lines = text().split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map((line) => AuditEvent.parse(JSON.parse(line)));
    expect(events).toEqual(await audit.list('demo'));
    expect(events.every((e) => e.tenant === 'demo')).toBe(true);
  });

  it('starts after a given seq and pages across page boundaries', async () => {
    const events = await collect(streamAuditEvents(audit, 'demo', { afterSeq: 2, pageSize: 2 }));
    expect(events.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(events).toEqual(await audit.list('demo', { afterSeq: 2 }));
    expect(await collect(streamAuditEvents(audit, 'demo', { afterSeq: 7 }))).toEqual([]);
  });

  it('stops at the head it started from', async () => {
    await appendEvents(db, 'growing', 3);
    const seen: number[] = [];
    for await (const event of streamAuditEvents(audit, 'growing', { pageSize: 1 })) {
      seen.push(event.seq);
      if (event.seq === 1) await appendEvents(db, 'growing', 2);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect((await collect(streamAuditEvents(audit, 'growing', { upToSeq: 4 }))).map((e) => e.seq)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('writes nothing for a tenant without events', async () => {
    const { out, text } = collector();
    expect(await writeAuditJsonl(audit, 'nobody', out)).toEqual({ count: 0, firstSeq: null, lastSeq: null });
    expect(text()).toBe('');
  });
});
