import type { Template } from '../tenant-config';

/** The slot names approved templates may use. Anything else in a template is left as literal text. */
export const SLOT_NAMES = [
  'customer_name',
  'case_ref',
  'product_name',
  'known_issue_title',
  'workaround',
  'incident_title',
  'incident_status',
  'status_page_url',
  'missing_questions',
  'agent_name',
  'queue_name',
  'resolution_summary',
] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

export type SlotValues = Partial<Record<SlotName, { value: string; source: string }>>;

// Zero-width and bidirectional control characters can hide or reorder text in front of an approver.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Makes a value safe to place in a plain-text draft: no invisible controls, no template delimiters. */
export function sanitizeSlotValue(value: string): string {
  return value
    .replace(INVISIBLE, '')
    .replace(/\{\{|\}\}/g, (m) => (m === '{{' ? '{ {' : '} }'))
    .trim();
}

export interface Rendered {
  body: string;
  slots: { name: string; source: string }[];
  /** Slots the template uses that had no value: the draft is not offered when there are any. */
  unfilled: string[];
}

/**
 * Fills `{{slot}}` placeholders in one pass over the template. Values are inserted as data: a value that
 * itself contains `{{...}}` is never expanded, because replacement scans only the template's own text.
 */
export function renderTemplate(template: Pick<Template, 'body'>, values: SlotValues): Rendered {
  const slots: Rendered['slots'] = [];
  const unfilled: string[] = [];
  const body = template.body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    if (!(SLOT_NAMES as readonly string[]).includes(name)) return whole;
    const v = values[name as SlotName];
    if (!v || v.value.trim() === '') {
      unfilled.push(name);
      return whole;
    }
    slots.push({ name, source: v.source });
    return sanitizeSlotValue(v.value);
  });
  return { body, slots, unfilled };
}
