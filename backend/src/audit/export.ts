import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuditEvent } from '@triage/shared';
import type { AuditRepository } from '../storage/index';

/** Options for {@link streamAuditEvents} and {@link writeAuditJsonl}. */
export interface AuditExportOptions {
  /** Start after this seq (default 0: from the first event). */
  afterSeq?: number;
  /**
   * Stop at this seq. Default: the head when the export starts, so events appended meanwhile do not
   * make the export a moving target.
   */
  upToSeq?: number;
  /** Events per {@link AuditRepository.list} page (default 1000, at most 5000). */
  pageSize?: number;
}

/**
 * The tenant's events in seq order, paging through {@link AuditRepository.list} with a keyset on
 * seq, so memory stays constant however long the chain. The events are not verified here; run the
 * verifier for that.
 */
export async function* streamAuditEvents(
  audit: AuditRepository,
  tenant: string,
  options: AuditExportOptions = {},
): AsyncGenerator<AuditEvent> {
  const limit = Math.min(5000, Math.max(1, Math.trunc(options.pageSize ?? 1000)));
  const upToSeq = options.upToSeq ?? (await audit.head(tenant))?.seq ?? 0;
  let afterSeq = options.afterSeq ?? 0;
  while (afterSeq < upToSeq) {
    const page = await audit.list(tenant, { afterSeq, limit });
    for (const event of page) {
      if (event.seq > upToSeq) return;
      yield event;
      afterSeq = event.seq;
    }
    if (page.length < limit) return;
  }
}

/** What {@link writeAuditJsonl} wrote. */
export interface AuditExportSummary {
  count: number;
  /** Seq of the first and last event written; null when none were. */
  firstSeq: number | null;
  lastSeq: number | null;
}

/**
 * Writes the tenant's events to `out` as JSON Lines, one `AuditEvent` (the '@triage/shared' contract)
 * a line, in seq order, with back-pressure. `out` is ended when done, and destroyed on failure (a
 * database or write error rejects the promise; nothing is left dangling).
 */
export async function writeAuditJsonl(
  audit: AuditRepository,
  tenant: string,
  out: Writable,
  options: AuditExportOptions = {},
): Promise<AuditExportSummary> {
  const summary: AuditExportSummary = { count: 0, firstSeq: null, lastSeq: null };
  async function* lines(): AsyncGenerator<string> {
    for await (const event of streamAuditEvents(audit, tenant, options)) {
      summary.count += 1;
      summary.firstSeq ??= event.seq;
      summary.lastSeq = event.seq;
      yield `${JSON.stringify(event)}\n`;
    }
  }
  await pipeline(Readable.from(lines()), out);
  return summary;
}
