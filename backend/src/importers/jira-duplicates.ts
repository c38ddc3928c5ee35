import type { CaseRecord } from '@triage/shared';

/**
 * The "Duplicate" links of one issue, in Jira's own direction: `duplicates` are the issues this one
 * duplicates (outward, "duplicates"), `duplicatedBy` the issues that duplicate it (inward, "is
 * duplicated by").
 */
export interface DuplicateLinks {
  duplicates: readonly string[];
  duplicatedBy: readonly string[];
}

/** Whether a Jira link type is the built-in "Duplicate" one (by name, or by its outward wording). */
export function isDuplicateLinkType(type: { name: string; outward?: string | null | undefined }): boolean {
  return /^duplicates?$/i.test(type.name.trim()) || /^duplicates$/i.test(type.outward?.trim() ?? '');
}

interface Candidate {
  target: string;
  inFile: boolean;
  jiraDirection: boolean;
  targetTime: number;
}

/**
 * Sets `duplicate_of` on imported Jira records from their Duplicate links, in place.
 *
 * DESIGN.md says `duplicate_of` names an *earlier* case, while Jira's direction records which
 * ticket was kept, not which came first. So each duplicate link is treated as an undirected pair:
 * - both issues imported: the later-created one gets `duplicate_of` = the earlier one (Jira's
 *   direction decides when either creation time is missing or they are equal);
 * - only this issue imported and it "duplicates" the other: `duplicate_of` = the other key (its
 *   creation time is unknown; evaluation ignores targets that are not in the file);
 * - only this issue imported and it "is duplicated by" the other: nothing on this issue.
 * A record with several candidates keeps one: imported targets first, then Jira's direction, then
 * the earliest-created target, then the first listed.
 *
 * `links` is keyed by issue key; records are the validated ones, so a rejected issue never counts
 * as "in the file".
 */
export function applyDuplicateLinks(
  records: readonly CaseRecord[],
  links: ReadonlyMap<string, DuplicateLinks>,
): void {
  const byId = new Map(records.map((r) => [r.id, r]));
  const time = (id: string): number => {
    const at = byId.get(id)?.created_at;
    return at === undefined ? Number.NaN : Date.parse(at);
  };
  const candidates = new Map<string, Candidate[]>();
  const propose = (from: string, target: string, jiraDirection: boolean): void => {
    if (from === target || !byId.has(from)) return;
    const list = candidates.get(from) ?? [];
    if (list.some((c) => c.target === target)) {
      // The same pair is usually listed on both issues; remember if Jira's direction backs it.
      for (const c of list) if (c.target === target) c.jiraDirection ||= jiraDirection;
    } else {
      list.push({ target, inFile: byId.has(target), jiraDirection, targetTime: time(target) });
    }
    candidates.set(from, list);
  };
  const pair = (duplicate: string, original: string): void => {
    const [td, to] = [time(duplicate), time(original)];
    if (byId.has(duplicate) && byId.has(original) && !Number.isNaN(td) && !Number.isNaN(to) && td !== to) {
      if (td > to) propose(duplicate, original, true);
      else propose(original, duplicate, false);
      return;
    }
    propose(duplicate, original, true);
  };
  for (const record of records) {
    const own = links.get(record.id);
    if (!own) continue;
    for (const key of own.duplicates) pair(record.id, key);
    for (const key of own.duplicatedBy) pair(key, record.id);
  }
  for (const [id, list] of candidates) {
    const best = [...list].sort(
      (a, b) =>
        Number(b.inFile) - Number(a.inFile) ||
        Number(b.jiraDirection) - Number(a.jiraDirection) ||
        (Number.isNaN(a.targetTime) ? 1 : 0) - (Number.isNaN(b.targetTime) ? 1 : 0) ||
        (a.targetTime || 0) - (b.targetTime || 0),
    )[0];
    const record = byId.get(id);
    if (best && record) record.duplicate_of = best.target;
  }
}
