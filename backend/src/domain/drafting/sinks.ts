import { z } from 'zod';

/**
 * Per-sink output of an approved draft body. The body (template text plus slot values, some of which came
 * from customers) is treated as data everywhere: every sink below escapes it completely, so no character of
 * it can become markup, a link, a macro, a mention or template syntax in the target system (PLATFORMS.md
 * §3.7). Sinks never interpret the body, so a template cannot use markup either; that is deliberate.
 *
 * Hidden characters: zero-width, bidi and other invisible code points are **stripped** from every sink's
 * output, because the customer must read exactly what the approver approved and an invisible character
 * cannot be approved by looking at it. They are **made visible to the approver** instead, through
 * {@link findHiddenCharacters}, so stripping never hides that something was there.
 */

/**
 * Code points removed from every sink's output:
 * - `\p{Cf}` (format): zero-width space/joiners (U+200B–U+200D), LRM/RLM, bidi embeddings, overrides and
 *   isolates (U+202A–U+202E, U+2066–U+2069), word joiner and invisible operators (U+2060–U+2064), BOM
 *   (U+FEFF), soft hyphen, interlinear annotations and the tag block (U+E0000–U+E007F, "ASCII smuggling").
 * - `\p{Cc}` (C0/C1 controls) except newline and tab, which are layout; NUL and ESC never are.
 * - `\p{Cs}` lone surrogates, which no target can encode.
 * - The whole tag block U+E0000–U+E007F, including its unassigned code points (not `Cf`, but a renderer
 *   shows them as nothing too; found by the fuzz test), the unassigned specials U+FFF0–U+FFF8 and the
 *   noncharacters U+FFFE/U+FFFF.
 * - Variation selectors U+E0100–U+E01EF (used to smuggle bytes) and the combining grapheme joiner U+034F.
 * - Hangul fillers (U+115F, U+1160, U+3164, U+FFA0): letters by category, but they render as nothing.
 * Emoji variation selectors U+FE00–U+FE0F are kept; zero-width joiners inside emoji sequences are not, so
 * such an emoji shows as its parts. That is an acceptable cost for a support reply.
 * The combining ones (U+034F, the variation selectors) stand outside the bracket: inside one they would
 * combine with their neighbour in the source.
 */
const HIDDEN =
  /[\p{Cf}\p{Cc}\p{Cs}\u115F\u1160\u3164\uFFA0\uFFF0-\uFFF8\uFFFE\uFFFF\u{E0000}-\u{E007F}]|\u034F|[\u{E0100}-\u{E01EF}]/gu;

/** Line breaks of every kind (CRLF, CR, NEL, U+2028, U+2029) become `\n` before anything else. */
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

const LAYOUT = new Set(['\n', '\t', '\r', '\u0085']);

/** One hidden code point found in a body, for the approver's view. */
export interface HiddenCharacter {
  /** Index in UTF-16 code units into the text that was inspected. */
  index: number;
  /** The code point as `U+XXXX`. */
  codePoint: string;
}

/**
 * Lists the hidden code points that every sink strips, so the approval UI can show them (for example as
 * `[U+202E]`) next to the text being approved.
 */
export function findHiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  for (const m of text.matchAll(HIDDEN)) {
    // Line breaks and tabs are layout, kept (or normalised) by every sink, not hidden content.
    if (LAYOUT.has(m[0])) continue;
    const cp = m[0].codePointAt(0) ?? 0;
    found.push({ index: m.index, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` });
  }
  return found;
}

/**
 * Removes hidden code points (see {@link findHiddenCharacters}) and normalises line breaks to `\n`.
 * Newlines and tabs survive; nothing else is changed.
 */
export function stripHiddenCharacters(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(HIDDEN, (c) => (c === '\n' || c === '\t' ? c : ''));
}

/**
 * Breaks template delimiters (`{{`, `}}`, `{%`, `%}`) by inserting a space between the two characters, so
 * no later templating step (Zendesk placeholders and Jira smart values are Liquid-like) can expand
 * customer text. Lookarounds make runs like `{{{` come out as `{ { {`, with no pair left over.
 */
function breakTemplateDelimiters(text: string): string {
  return text.replace(/(?<=\{)(?=[{%])/g, ' ').replace(/(?<=[}%])(?=\})/g, ' ');
}

/**
 * Plain text for sinks that render nothing (CRM notes, webhook payloads, Zendesk's plain `body`): hidden
 * characters stripped, line breaks normalised, template delimiters broken. Every other sink starts from
 * this, so all sinks show the same characters.
 */
export function toPlainText(body: string): string {
  return breakTemplateDelimiters(stripHiddenCharacters(body));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // Braces are encoded so no placeholder engine working on the HTML source sees a delimiter.
  '{': '&#123;',
  '}': '&#125;',
  // `:`, `@` and `.` are encoded so auto-linkers working on the HTML source find no `scheme:`, e-mail
  // address or `www.` host; the text reads the same. Best effort only: a linker that runs on the parsed
  // text could still link it, which is why the approver is shown links separately.
  ':': '&#58;',
  '@': '&#64;',
  '.': '&#46;',
};

/**
 * HTML for Zendesk's `html_body`: every character that HTML or a linker could read as syntax is an entity,
 * newlines are `<br>`, and `<br>` is the only element ever produced; no attributes, no links.
 *
 * @example toZendeskHtml('a <b>\nc') // 'a &lt;b&gt;<br>c'
 */
export function toZendeskHtml(body: string): string {
  return toPlainText(body)
    .replace(/[&<>"'{}:@.]/g, (c) => HTML_ESCAPES[c] ?? c)
    .replace(/\n/g, '<br>');
}

/**
 * Characters Jira's wiki renderer accepts a backslash escape for (its `BackslashEscapeRendererComponent`,
 * as ported in @atlaskit/editor-wikimarkup-transformer `escape.ts`). Together they cover links `[...]`,
 * macros `{...}`, tables `|`, images `!...!`, mentions `[~...]`, lists `*`/`#`/`-`, rules `----`, text
 * effects `*_+^~-??{{}}` and emoticons `(y)`, `(!)`.
 */
const WIKI_BACKSLASH_ESCAPED = new Set([
  '-',
  '#',
  '*',
  '_',
  '+',
  '?',
  '^',
  '~',
  '|',
  '%',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '!',
  '@',
]);

/**
 * Wiki markup for JSM comment bodies (`POST /rest/servicedeskapi/request/{key}/comment`).
 *
 * Choice: backslash escapes, the renderer's documented escape, for every character in
 * {@link WIKI_BACKSLASH_ESCAPED}; no `{noformat}` block, because a customer's own `{noformat}` could close
 * it and because the reply should read as normal text. Where a backslash cannot work, a numeric character
 * reference is used, which the renderer passes through to HTML as text:
 * - `\` itself becomes `&#92;`: `\\` is Jira's forced line break, and a backslash before one of our escapes
 *   would cancel it (the renderer ignores an escape preceded by a backslash).
 * - `&` becomes `&amp;`, so a customer's `&#123;` shows as typed.
 * - `:` becomes `&#58;`, so no `http:`/`mailto:` auto-link and no `:)` emoticon is formed.
 * - The `.` of a line-leading `h1.`–`h6.` or `bq.` becomes `&#46;` (headings and quotes are line-start
 *   syntax with no escapable character).
 * The entity handling is an assumption about Jira Cloud's renderer **[unverified against a live site]**.
 */
export function toJsmWikiText(body: string): string {
  return toPlainText(body)
    .split('\n')
    .map((line) => {
      let out = '';
      for (const c of line) {
        if (c === '\\') out += '&#92;';
        else if (c === '&') out += '&amp;';
        else if (c === ':') out += '&#58;';
        else if (WIKI_BACKSLASH_ESCAPED.has(c)) out += `\\${c}`;
        else out += c;
      }
      return out.replace(/^(\s*(?:h[1-6]|bq))\./i, '$1&#46;');
    })
    .join('\n');
}

/** An ADF text node: text only, never `marks` (bold, links, code) from customer text. */
export const AdfText = z.strictObject({ type: z.literal('text'), text: z.string().min(1) });
/** An ADF hard line break. */
export const AdfHardBreak = z.strictObject({ type: z.literal('hardBreak') });
/** An ADF paragraph holding only text and hard breaks. */
export const AdfParagraph = z.strictObject({
  type: z.literal('paragraph'),
  content: z.array(z.union([AdfText, AdfHardBreak])),
});
/** The only ADF shape a draft becomes: a document of plain paragraphs. Strict, so extra keys are errors. */
export const AdfDocument = z.strictObject({
  version: z.literal(1),
  type: z.literal('doc'),
  content: z.array(AdfParagraph),
});
export type AdfDocument = z.infer<typeof AdfDocument>;
type AdfInline = z.infer<typeof AdfText> | z.infer<typeof AdfHardBreak>;

/**
 * Atlassian Document Format for Jira platform comments and issue descriptions: blank lines separate
 * paragraphs, single newlines become `hardBreak`, and all text is in text nodes without marks, so nothing
 * the customer typed can become a link, mention or code block. Empty paragraphs are dropped (ADF text
 * nodes must not be empty).
 */
export function toAdf(body: string): AdfDocument {
  const paragraphs = toPlainText(body)
    .split(/\n{2,}/)
    .filter((p) => p !== '')
    .map((p) => {
      const content: AdfInline[] = [];
      p.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line !== '') content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph' as const, content };
    });
  return { version: 1, type: 'doc', content: paragraphs };
}

/** The systems a draft can be written to, each with its own escaping. */
export type DraftSink = 'zendesk-html' | 'jsm-wiki' | 'adf' | 'plain';

/** Output of {@link renderForSink} per sink. */
export interface SinkOutput {
  'zendesk-html': string;
  'jsm-wiki': string;
  adf: AdfDocument;
  plain: string;
}

/** Renders a draft body for one sink; the write-back layer picks the sink from the target. */
export function renderForSink<S extends DraftSink>(sink: S, body: string): SinkOutput[S] {
  const out: { [K in DraftSink]: () => SinkOutput[K] } = {
    'zendesk-html': () => toZendeskHtml(body),
    'jsm-wiki': () => toJsmWikiText(body),
    adf: () => toAdf(body),
    plain: () => toPlainText(body),
  };
  return out[sink]();
}

/** A link-like run found in a body, shown to the approver (links are never made clickable by a sink). */
export interface LinkMention {
  index: number;
  text: string;
  kind: 'url' | 'email' | 'mention';
}

/**
 * Finds URLs (any `scheme:` with `//`, plus `javascript:`/`data:`/`mailto:`, and `www.` hosts), e-mail
 * addresses and `@`/`[~...]` mentions, so the approval view can list them next to the text (§3.7).
 */
export function findLinksAndMentions(text: string): LinkMention[] {
  const found: LinkMention[] = [];
  const patterns: [LinkMention['kind'], RegExp][] = [
    ['url', /\b(?:[a-z][a-z0-9+.-]*:\/\/|(?:javascript|data|mailto|vbscript):|www\.)[^\s<>"'\])]*/giu],
    ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu],
    ['mention', /\[~[^\]\n]*\]|(?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}._-]+/gu],
  ];
  for (const [kind, re] of patterns) {
    for (const m of text.matchAll(re)) found.push({ index: m.index, text: m[0], kind });
  }
  return found.sort((a, b) => a.index - b.index);
}
