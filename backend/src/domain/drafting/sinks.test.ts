import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../demo/dataset';
import { renderTemplate, sanitizeSlotValue, SLOT_NAMES, type SlotValues } from './render';
import {
  AdfDocument,
  findHiddenCharacters,
  findLinksAndMentions,
  renderForSink,
  stripHiddenCharacters,
  toAdf,
  toJsmWikiText,
  toPlainText,
  toZendeskHtml,
} from './sinks';

// ---------- Independent checkers: each decodes a sink's output or throws on anything not allowed ----------

/** The only HTML a draft may become: text, the five entities we emit plus numeric ones, and bare `<br>`. */
function decodeStrictHtml(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const c = html.charAt(i);
    if (c === '<') {
      if (!html.startsWith('<br>', i))
        throw new Error(`element or attribute at ${i}: ${html.slice(i, i + 20)}`);
      out += '\n';
      i += 4;
    } else if (c === '&') {
      const m = /^&(amp|lt|gt|quot|#\d{1,6});/.exec(html.slice(i, i + 10));
      if (!m?.[1]) throw new Error(`bare ampersand at ${i}`);
      const name = m[1];
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
      out += named[name] ?? String.fromCodePoint(Number(name.slice(1)));
      i += m[0].length;
    } else if (c === '>' || c === '"' || c === "'") {
      throw new Error(`raw ${c} at ${i}`);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const WIKI_SPECIAL = new Set('-#*_+?^~|%{}[]()!@'.split(''));
const WIKI_ENTITIES: Record<string, string> = { '&#92;': '\\', '&amp;': '&', '&#58;': ':', '&#46;': '.' };

/** Decodes wiki text we produced; throws on any markup character that is not escaped. */
function decodeStrictWiki(wiki: string): string {
  for (const line of wiki.split('\n')) {
    if (/^\s*(h[1-6]|bq)\./i.test(line)) throw new Error(`line-start block syntax: ${line}`);
  }
  let out = '';
  let i = 0;
  while (i < wiki.length) {
    const c = wiki.charAt(i);
    if (c === '\\') {
      const next = wiki.charAt(i + 1);
      if (!WIKI_SPECIAL.has(next)) throw new Error(`backslash not escaping a markup character at ${i}`);
      out += next;
      i += 2;
    } else if (c === '&') {
      const entity = Object.keys(WIKI_ENTITIES).find((e) => wiki.startsWith(e, i));
      if (!entity) throw new Error(`bare ampersand at ${i}`);
      out += WIKI_ENTITIES[entity] ?? '';
      i += entity.length;
    } else if (WIKI_SPECIAL.has(c) || c === ':') {
      throw new Error(`unescaped ${c} at ${i}: ${wiki.slice(Math.max(0, i - 10), i + 10)}`);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function adfToText(doc: AdfDocument): string {
  return doc.content
    .map((p) => p.content.map((n) => (n.type === 'text' ? n.text : '\n')).join(''))
    .join('\n\n');
}

/** Hidden code points, listed independently of the implementation's character class. */
const HIDDEN_CHECK =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this must find
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|\u034F|[\u{E0100}-\u{E01EF}]|\p{Cs}/u;
const TEMPLATE_DELIMITER = /\{\{|\}\}|\{%|%\}/;
const PLACEHOLDER = /\{\{\s*[a-z_]+\s*\}\}/;

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

// ---------- Unit tests ----------

describe('toPlainText', () => {
  it('strips hidden characters, normalises line breaks and breaks every template delimiter', () => {
    expect(toPlainText('a\u200Bb\u202Ec\r\nd\re\u2028f\u0000g\th')).toBe('abc\nd\ne\nfg\th');
    expect(toPlainText('{{{customer_name}}}')).toBe('{ { {customer_name} } }');
    expect(toPlainText('{% if x %}{{x}}{% endif %}')).toBe('{ % if x % }{ {x} }{ % endif % }');
    expect(toPlainText('Hi {name}, 50% done')).toBe('Hi {name}, 50% done');
  });
});

describe('toZendeskHtml', () => {
  it('escapes markup and attribute syntax and turns newlines into <br>', () => {
    expect(toZendeskHtml('<img src=x onerror="alert(1)">\nbye')).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>bye',
    );
  });

  it('encodes what auto-linkers and placeholder engines look for, so no link or placeholder forms', () => {
    const html = toZendeskHtml('see https://evil.example or www.evil.example, mail a@b.c, {{ticket.id}}');
    expect(html).not.toMatch(/https?:|www\.|@|\{|<a/);
    expect(decodeStrictHtml(html)).toBe(
      'see https://evil.example or www.evil.example, mail a@b.c, { {ticket.id} }',
    );
  });

  it('keeps existing entities as text', () => {
    expect(decodeStrictHtml(toZendeskHtml('&lt;script&gt; &#x3C;'))).toBe('&lt;script&gt; &#x3C;');
  });
});

describe('toJsmWikiText', () => {
  it('backslash-escapes links, macros, tables, images, mentions and text effects', () => {
    expect(toJsmWikiText('[link|http://evil] {code} !x.png! [~acct] *b* _i_ -s- +u+ ^s^ ~s~ ??c?? (y)')).toBe(
      '\\[link\\|http&#58;//evil\\] \\{code\\} \\!x.png\\! \\[\\~acct\\] \\*b\\* \\_i\\_ \\-s\\- \\+u\\+ \\^s\\^ \\~s\\~ \\?\\?c\\?\\? \\(y\\)',
    );
  });

  it('neutralises line-start syntax: headings, quotes, lists, rules, tables', () => {
    expect(toJsmWikiText('h1. Big\nbq. quote\n* item\n# item\n----\n||a||')).toBe(
      'h1&#46; Big\nbq&#46; quote\n\\* item\n\\# item\n\\-\\-\\-\\-\n\\|\\|a\\|\\|',
    );
  });

  it('never lets a customer backslash cancel an escape or form a line break', () => {
    const wiki = toJsmWikiText('\\{code} \\\\ \\');
    expect(wiki).toBe('&#92;\\{code\\} &#92;&#92; &#92;');
    expect(wiki).not.toMatch(/\\\\/);
    expect(decodeStrictWiki(wiki)).toBe('\\{code} \\\\ \\');
  });
});

describe('toAdf', () => {
  it('makes paragraphs of text nodes and hard breaks, never marks or links', () => {
    const doc = toAdf('Hi [x](javascript:alert(1))\nline two\n\n\n**bold** https://evil\n\n');
    expect(doc).toEqual({
      version: 1,
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Hi [x](javascript:alert(1))' },
            { type: 'hardBreak' },
            { type: 'text', text: 'line two' },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: '**bold** https://evil' }] },
      ],
    });
    expect(() => AdfDocument.parse(doc)).not.toThrow();
  });

  it('the strict schema rejects marks and other node types', () => {
    expect(() =>
      AdfDocument.parse({
        version: 1,
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link' }] }] }],
      }),
    ).toThrow();
    expect(() =>
      AdfDocument.parse({ version: 1, type: 'doc', content: [{ type: 'codeBlock', content: [] }] }),
    ).toThrow();
  });
});

describe('approver view helpers', () => {
  it('findHiddenCharacters reports what sinks strip, not line breaks or tabs', () => {
    expect(findHiddenCharacters('a\u200Bb\r\n\t\u202Ec\u{E0041}')).toEqual([
      { index: 1, codePoint: 'U+200B' },
      { index: 6, codePoint: 'U+202E' },
      { index: 8, codePoint: 'U+E0041' },
    ]);
  });

  it('findLinksAndMentions lists URLs, script links, e-mail addresses and mentions', () => {
    const found = findLinksAndMentions(
      'go to https://x.io/a or [x](javascript:alert(1)) ask a@b.co @sam [~acct:1]',
    );
    expect(found.map((f) => [f.kind, f.text])).toEqual([
      ['url', 'https://x.io/a'],
      ['url', 'javascript:alert(1'],
      ['email', 'a@b.co'],
      ['mention', '@sam'],
      ['mention', '[~acct:1]'],
    ]);
  });

  it('renderForSink dispatches to each sink', () => {
    expect(renderForSink('zendesk-html', 'a\nb')).toBe(toZendeskHtml('a\nb'));
    expect(renderForSink('jsm-wiki', '*a*')).toBe(toJsmWikiText('*a*'));
    expect(renderForSink('adf', 'a')).toEqual(toAdf('a'));
    expect(renderForSink('plain', '{{a}}')).toBe(toPlainText('{{a}}'));
  });
});

// ---------- Fuzz: hostile customer text through every demo template and every sink ----------

const HOSTILE_FRAGMENTS = [
  '{{customer_name}}',
  '{{ case_ref }}',
  '{{{agent_name}}}',
  '{{{{workaround}}}}',
  '{{',
  '}}',
  '{%',
  '%}',
  '{% raw %}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '"><svg onload=alert(1)>',
  '&lt;script&gt;',
  '&#60;',
  '&#x3C;',
  '&amp;',
  '&',
  '[x](javascript:alert(1))',
  '![img](http://evil/x.png)',
  '[link|http://evil]',
  '[~accountid:123]',
  '{code}',
  '{noformat}',
  '{html}<b>x</b>{html}',
  '{color:red}x{color}',
  '!evil.png!',
  '||a||b||',
  'h1. ',
  'bq. ',
  '* ',
  '# ',
  '----',
  '\\',
  '\\\\',
  'http://evil.example/a?b=c',
  'www.evil.example',
  'mailto:x@evil.example',
  '@here',
  ':)',
  '(y)',
  '\u200B',
  '\u200D',
  '\u202E',
  '\u2066',
  '\uFEFF',
  '\u00AD',
  '\u0000',
  '\u001B[31m',
  '\u2028',
  '\r\n',
  '\n',
  '\n\n\n',
  '\uD800',
  '\u{E0041}',
  "'",
  '"',
  '`',
  ' ',
];

const hostileValue = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  // A blank value leaves the slot unfilled and the draft is never offered; nothing to escape then.
  .filter((v) => v.trim() !== '');

describe('hostile customer text through every demo template and every sink', () => {
  const templates = buildDemoDataset(new Date('2026-11-20T12:00:00Z')).config.templates;
  const NUM_RUNS = 2_500;
  let inputs = 0;

  it('covers every template of the demo tenant', () => {
    expect(templates.length).toBeGreaterThanOrEqual(7);
    expect(new Set(templates.map((t) => t.kind))).toEqual(
      new Set([
        'acknowledgement',
        'request-info',
        'known-issue-update',
        'workaround',
        'incident-update',
        'resolution',
        'escalation-notice',
        'question',
      ]),
    );
  });

  /**
   * Fills every slot with `value`, checks the rendering, and returns each template's rendered body. Plain
   * `check` instead of `expect` in these hot loops keeps 10,000 inputs × every template well inside budget.
   */
  function renderAll(value: string): string[] {
    inputs++;
    const values = Object.fromEntries(
      SLOT_NAMES.map((n) => [n, { value, source: 'customer' }]),
    ) as SlotValues;
    const inserted = sanitizeSlotValue(value);
    return templates.map((template) => {
      const rendered = renderTemplate(template, values);
      check(rendered.unfilled.length === 0, `${template.id}: unfilled ${rendered.unfilled.join(',')}`);
      // The template's own text with the value inserted verbatim: nothing the value held was expanded.
      const expected = template.body.split(/\{\{\s*[a-z_]+\s*\}\}/).join(inserted);
      check(rendered.body === expected, `${template.id}: rendering differs from verbatim insertion`);
      check(!PLACEHOLDER.test(rendered.body), `${template.id}: a placeholder survived rendering`);
      return rendered.body;
    });
  }

  it('plain text: no hidden characters, no template delimiters, nothing else changed', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        for (const body of renderAll(value)) {
          const plain = toPlainText(body);
          check(!HIDDEN_CHECK.test(plain), `hidden character in ${JSON.stringify(plain)}`);
          check(!TEMPLATE_DELIMITER.test(plain), `template delimiter in ${JSON.stringify(plain)}`);
          // Breaking delimiters only inserts spaces; stripping only removes hidden characters.
          check(
            plain.replace(/ /g, '') === stripHiddenCharacters(body).replace(/ /g, ''),
            'plain text changed more than delimiters and hidden characters',
          );
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('Zendesk HTML: only <br>, no attributes, decodes to the plain text', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        for (const body of renderAll(value)) {
          const html = toZendeskHtml(body);
          check(decodeStrictHtml(html) === toPlainText(body), 'HTML does not decode to the plain text');
          check(!HIDDEN_CHECK.test(html), `hidden character in ${JSON.stringify(html)}`);
          check(!/:\/\/|javascript:|www\.|[{}]/i.test(html), `link or brace syntax in ${html}`);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('JSM wiki: every markup character escaped, decodes to the plain text', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        for (const body of renderAll(value)) {
          const wiki = toJsmWikiText(body);
          check(decodeStrictWiki(wiki) === toPlainText(body), 'wiki does not decode to the plain text');
          check(!HIDDEN_CHECK.test(wiki), `hidden character in ${JSON.stringify(wiki)}`);
          // No link, macro or table opener, forced line break or URL survives in the raw wiki text.
          check(!/(?<!\\)[[{|]|\\\\|:\/\//.test(wiki), `wiki syntax in ${wiki}`);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('ADF: only doc/paragraph/text/hardBreak, no marks, text equals the plain text', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        for (const body of renderAll(value)) {
          const doc = toAdf(body);
          const parsed = AdfDocument.safeParse(doc);
          check(parsed.success, `ADF outside the allowed shape: ${parsed.error?.message ?? ''}`);
          const plain = toPlainText(body)
            .split(/\n{2,}/)
            .filter((p) => p !== '')
            .join('\n\n');
          check(adfToText(doc) === plain, 'ADF text differs from the plain text');
          const json = JSON.stringify(doc);
          check(!/"marks"|"attrs"|"link"/.test(json), `marks or attributes in ${json}`);
          check(!HIDDEN_CHECK.test(adfToText(doc)), 'hidden character in ADF text');
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('pushed at least 10,000 generated inputs through the templates', () => {
    // Runs after the four properties above (Vitest runs a file's tests in order).
    expect(inputs).toBeGreaterThanOrEqual(4 * NUM_RUNS);
    expect(inputs).toBeGreaterThanOrEqual(10_000);
  });
});
