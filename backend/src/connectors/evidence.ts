import type { Evidence } from '@triage/shared';
import { redact, type RedactOptions } from '../domain/redaction';
import { currentRedactionPolicy } from './redaction-policy';

export interface EvidenceFields {
  title: string;
  excerpt: string;
  /** A deep link into the source system, when it has one. */
  url: string | null;
  observedAt: string;
  attributes: Evidence['attributes'];
  sensitive?: boolean;
}

const MAX_EXCERPT = 600;

/**
 * Builds a redacted, source-linked evidence item. Every connector builds its evidence here, so nothing
 * reaches storage, logs or the packet before redaction. Ids are stable across builds:
 * `<source>:<kind>:<ref>`, which is also how the same fact from two sources is de-duplicated.
 */
export function toEvidence(
  source: string,
  kind: Evidence['kind'],
  ref: string,
  fields: EvidenceFields,
  options: RedactOptions = currentRedactionPolicy(),
): Evidence {
  const title = redact(fields.title, options);
  const excerpt = redact(fields.excerpt, options);
  const counts = new Map<Evidence['redactions'][number]['kind'], number>();
  for (const r of [...title.redactions, ...excerpt.redactions])
    counts.set(r.kind, (counts.get(r.kind) ?? 0) + r.count);
  // A secret in the source text makes the item security-sensitive: shown only after approval.
  const sensitive = (fields.sensitive ?? false) || counts.has('secret');
  return {
    id: `${source}:${kind}:${ref}`,
    source,
    kind,
    title: title.text.slice(0, 300),
    excerpt: excerpt.text.slice(0, MAX_EXCERPT),
    url: fields.url,
    observedAt: fields.observedAt,
    redactions: [...counts].map(([k, count]) => ({ kind: k, count })),
    sensitive,
    attributes: fields.attributes,
  };
}
