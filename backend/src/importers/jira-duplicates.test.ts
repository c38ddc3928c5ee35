import type { CaseRecord } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { applyDuplicateLinks, isDuplicateLinkType, type DuplicateLinks } from './jira-duplicates';

const rec = (id: string, created_at?: string): CaseRecord => ({
  id,
  subject: id,
  ...(created_at ? { created_at } : {}),
});
const links = (entries: Record<string, Partial<DuplicateLinks>>): Map<string, DuplicateLinks> =>
  new Map(
    Object.entries(entries).map(([k, v]) => [
      k,
      { duplicates: v.duplicates ?? [], duplicatedBy: v.duplicatedBy ?? [] },
    ]),
  );

describe('applyDuplicateLinks', () => {
  it('prefers an imported target, then Jira direction, then the earliest target', () => {
    const records = [
      rec('A', '2024-01-01T00:00:00Z'),
      rec('B', '2024-01-02T00:00:00Z'),
      rec('C', '2024-01-03T00:00:00Z'),
      rec('D', '2024-01-04T00:00:00Z'),
    ];
    applyDuplicateLinks(
      records,
      links({
        // D duplicates B and an issue outside the export; A duplicates D (but is earlier).
        D: { duplicates: ['OUT-1', 'B'], duplicatedBy: ['A'] },
        // C is linked to B in Jira's direction only from B's side, and duplicates nothing itself.
        B: { duplicatedBy: ['C'] },
      }),
    );
    expect(records.map((r) => [r.id, r.duplicate_of ?? null])).toEqual([
      ['A', null],
      ['B', null],
      ['C', 'B'],
      ['D', 'B'],
    ]);
  });

  it('keeps Jira direction when a creation time is missing, and ignores targets that were not imported', () => {
    const records = [rec('A'), rec('B', '2024-01-01T00:00:00Z')];
    // 'GONE' was in the file but rejected, so it is not "in the file" here.
    applyDuplicateLinks(records, links({ A: { duplicates: ['B'] }, B: { duplicatedBy: ['GONE'] } }));
    expect(records.map((r) => r.duplicate_of ?? null)).toEqual(['B', null]);
  });

  it('recognises the Duplicate link type by name or by its outward wording', () => {
    expect(isDuplicateLinkType({ name: 'Duplicate' })).toBe(true);
    expect(isDuplicateLinkType({ name: 'Dupe', outward: 'duplicates' })).toBe(true);
    expect(isDuplicateLinkType({ name: 'Relates', outward: 'relates to' })).toBe(false);
  });
});
