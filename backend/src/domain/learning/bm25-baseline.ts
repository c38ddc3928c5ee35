import type { CaseRecord } from '@triage/shared';
import MiniSearch from 'minisearch';

/** A plain BM25 index: the duplicate-retrieval baseline `eval` measures the engine's case index against. */
export interface PlainBm25Index {
  add(record: CaseRecord, position: number): void;
  /** Ids of indexed cases added at a position before `before`, best first. */
  search(query: CaseRecord, before: number): string[];
}

interface Doc {
  id: string;
  subject: string;
  description: string;
  position: number;
}

/**
 * MiniSearch with its default tokenizer and BM25 parameters over subject and description, queried
 * with the whole subject and description: no error signatures, field boosts, comments or query-term
 * pruning. What anyone would get from an off-the-shelf search box.
 */
export function createPlainBm25Index(): PlainBm25Index {
  const mini = new MiniSearch<Doc>({ fields: ['subject', 'description'], storeFields: ['position'] });
  return {
    add(record, position) {
      mini.add({
        id: record.id,
        subject: record.subject ?? '',
        description: record.description ?? '',
        position,
      });
    },
    search(query, before) {
      const text = `${query.subject ?? ''}\n${query.description ?? ''}`;
      return mini
        .search(text, { filter: (r) => (r.position as number) < before && r.id !== query.id })
        .map((r) => String(r.id));
    },
  };
}
