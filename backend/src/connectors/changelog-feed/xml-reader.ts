/**
 * A small, strict XML reader: just enough for RSS 2.0 and Atom feeds, so the connector needs no XML
 * package. It reads elements, attributes, text, CDATA, comments and processing instructions, and the
 * five predefined entities plus character references. It never expands declared entities: a DOCTYPE
 * that declares any is refused outright (billion laughs, external entities), any other DOCTYPE is
 * skipped, and an undeclared named entity is an error, as it is for any conforming parser. Namespaces
 * are not resolved: elements keep their qualified names (`dc:date`).
 * @see https://www.w3.org/TR/xml/
 */

/** An element with its attributes and children in document order. */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlNode[];
}

/** An element or a run of character data (text and CDATA, entities already decoded). */
export type XmlNode = XmlElement | string;

/** Why a document was refused. */
export type XmlErrorReason = 'malformed' | 'entity_declaration' | 'too_complex';

/** A refused document. The message names the problem and an offset, never document content. */
export class XmlError extends Error {
  readonly reason: XmlErrorReason;

  constructor(reason: XmlErrorReason, message: string) {
    super(message);
    this.name = 'XmlError';
    this.reason = reason;
  }
}

/** Bounds on what one document may hold, beyond the byte cap the HTTP client already applies. */
export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 50_000 };

const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\u00B7\u00C0-\uFFFF-]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z_:][A-Za-z0-9_:.-]*));/g;

/**
 * Parses a whole document into its root element.
 * @throws XmlError `entity_declaration` for a DOCTYPE declaring entities, `too_complex` past the
 * limits, `malformed` for anything not well-formed.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_LIMITS): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string): never => {
    throw new XmlError('malformed', `${message} at offset ${i}`);
  };
  const indexOrFail = (token: string, from: number, what: string): number => {
    const at = text.indexOf(token, from);
    return at === -1 ? fail(`unterminated ${what}`) : at;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (m === null) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const skipSpace = (): boolean => {
    SPACE.lastIndex = i;
    const m = SPACE.exec(text);
    const n = m?.[0].length ?? 0;
    i += n;
    return n > 0;
  };
  const addText = (value: string): void => {
    const parent = stack.at(-1);
    if (parent === undefined) {
      if (value.trim() !== '') fail('text outside the root element');
      return;
    }
    if (value !== '') parent.children.push(value);
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? text.length : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      // Character data never contains a raw `<`; a stray `>` is tolerated, as XML allows.
      addText(stack.length === 0 ? raw : decodeReferences(raw, () => fail('invalid entity reference')));
      i = end;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      i = indexOrFail('-->', i + 4, 'comment') + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const close = indexOrFail(']]>', i + 9, 'CDATA section');
      addText(text.slice(i + 9, close));
      i = close + 3;
    } else if (text.startsWith('<?', i)) {
      i = indexOrFail('?>', i + 2, 'processing instruction') + 2;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      if (root !== undefined || stack.length > 0) fail('DOCTYPE after the root element');
      i = skipDoctype(text, i, fail);
    } else if (text.startsWith('<!', i)) {
      fail('unsupported markup declaration');
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (text[i] !== '>') fail('expected > after an end tag');
      i += 1;
      const open = stack.pop();
      if (open?.name !== name) fail('end tag does not match the open element');
    } else {
      i += 1;
      if (root !== undefined && stack.length === 0) fail('a second root element');
      const element: XmlElement = { name: readName(), attributes: {}, children: [] };
      elements += 1;
      if (elements > limits.maxElements) throw new XmlError('too_complex', 'too many elements');
      const attributes: Record<string, string> = {};
      for (;;) {
        const spaced = skipSpace();
        if (text.startsWith('/>', i) || text[i] === '>') break;
        if (!spaced) fail('expected whitespace between attributes');
        const name = readName();
        skipSpace();
        if (text[i] !== '=') fail('expected = after an attribute name');
        i += 1;
        skipSpace();
        const quote = text[i];
        if (quote !== '"' && quote !== "'") return fail('expected a quoted attribute value');
        const close = indexOrFail(quote, i + 1, 'attribute value');
        const raw = text.slice(i + 1, close);
        if (raw.includes('<')) fail('< in an attribute value');
        if (Object.hasOwn(attributes, name)) fail('duplicate attribute');
        attributes[name] = decodeReferences(raw, () => fail('invalid entity reference'));
        i = close + 1;
      }
      element.attributes = attributes;
      const parent = stack.at(-1);
      if (parent === undefined) root = element;
      else parent.children.push(element);
      if (text.startsWith('/>', i)) {
        i += 2;
      } else {
        i += 1;
        stack.push(element);
        if (stack.length > limits.maxDepth) throw new XmlError('too_complex', 'elements nested too deeply');
      }
    }
  }
  if (stack.length > 0) fail('unclosed element');
  return root ?? fail('no root element');
}

/**
 * Skips `<!DOCTYPE ...>` with or without an internal subset, refusing any entity declaration: the one
 * feature of DTDs that makes an XML reader expand attacker-sized or attacker-located text.
 */
function skipDoctype(text: string, start: number, fail: (message: string) => never): number {
  const close = text.indexOf('>', start);
  const bracket = text.indexOf('[', start);
  if (close === -1) return fail('unterminated DOCTYPE');
  if (bracket === -1 || bracket > close) {
    return close + 1;
  }
  const subsetEnd = /\][ \t\r\n]*>/g;
  subsetEnd.lastIndex = bracket;
  const m = subsetEnd.exec(text);
  if (m === null) return fail('unterminated DOCTYPE');
  if (/<!ENTITY/i.test(text.slice(bracket, m.index))) {
    throw new XmlError('entity_declaration', 'the document declares entities, which are refused');
  }
  return m.index + m[0].length;
}

/** Decodes the predefined entities and character references; anything else is an error. */
function decodeReferences(raw: string, fail: () => never): string {
  if (!raw.includes('&')) return raw;
  // Every `&` must start a complete reference; the replace below only sees complete ones.
  const complete = raw.match(REFERENCE)?.length ?? 0;
  if (complete !== raw.split('&').length - 1) fail();
  return raw.replace(
    REFERENCE,
    (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name !== undefined) return PREDEFINED[name] ?? fail();
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
      if (!isXmlChar(code)) fail();
      return String.fromCodePoint(code);
    },
  );
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The first child element with this qualified name. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** Every child element with this qualified name, in document order. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** All character data inside an element, descendants included, in document order. */
export function textContent(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textContent).join('');
}
