import type { Evidence } from '@triage/shared';
import { redact } from '../../domain/redaction';
import { toEvidence } from '../evidence';
import type { AttachmentFinding, ParsedAttachment } from './parse-attachment';

/** Which attachment the findings came from. */
export interface AttachmentRef {
  /** Stable id of the attachment in the desk (e.g. the Zendesk attachment id). */
  ref: string;
  filename: string;
  /** Where a person can open the attachment; null when the desk has no link for it. */
  url: string | null;
  /** When the attachment was added; the fallback time for findings without timestamps. */
  attachedAt: string;
}

const KIND_LABEL: Record<AttachmentFinding['kind'], string> = {
  'log-template': 'log line(s)',
  'http-failure': 'failed request(s)',
  error: 'error(s)',
};

/**
 * Turns parsed findings into `attachment` evidence, one item per finding, built (and so redacted) by
 * {@link toEvidence}. Attributes carry the log facts the engine reads (`level`, `count`, `signature`).
 */
export function attachmentEvidence(
  sourceId: string,
  attachment: AttachmentRef,
  parsed: ParsedAttachment,
): Evidence[] {
  const filename = redact(attachment.filename).text;
  const cut = parsed.truncated ? ` Note: ${parsed.notes.join('; ')}.` : '';
  return parsed.findings.map((f, i) => {
    const span = f.firstAt !== null ? ` between ${f.firstAt} and ${f.lastAt ?? f.firstAt}` : '';
    const parts = [
      `${f.count} ${KIND_LABEL[f.kind]} in ${filename}${span}`,
      f.signatures.length > 0 ? `signatures ${f.signatures.join(', ')}` : null,
      f.versions.length > 0 ? `versions ${f.versions.join(', ')}` : null,
      f.requestIds.length > 0 ? `request ids ${f.requestIds.join(', ')}` : null,
      f.detail,
    ].filter((p): p is string => p !== null);
    return toEvidence(sourceId, 'attachment', `${attachment.ref}:${i + 1}`, {
      title: f.title,
      excerpt: `${parts.join('; ')}.${cut}`,
      url: attachment.url,
      observedAt: f.lastAt ?? attachment.attachedAt,
      attributes: {
        findingKind: f.kind,
        format: parsed.format,
        filename,
        level: f.level ?? 'unknown',
        count: f.count,
        signature: f.signatures[0] ?? null,
        signatures: f.signatures.map((s) => redact(s).text),
        versions: f.versions.map((v) => redact(v).text),
        requestIds: f.requestIds.map((r) => redact(r).text),
        firstAt: f.firstAt,
        lastAt: f.lastAt,
        truncated: parsed.truncated,
      },
    });
  });
}
