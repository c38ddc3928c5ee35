import { z } from 'zod';

// One ADF node. Children stay `unknown` and are parsed one by one while walking, so a single
// malformed node deep inside a description is skipped instead of costing the whole text.
const AdfNode = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  marks: z
    .array(z.looseObject({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
  content: z.array(z.unknown()).optional(),
});
type AdfNode = z.infer<typeof AdfNode>;

/** Inline node types of ADF: their text runs together; everything else is a block on its own line. */
const INLINE = new Set([
  'text',
  'hardBreak',
  'mention',
  'emoji',
  'inlineCard',
  'date',
  'status',
  'placeholder',
]);

function attr(node: AdfNode, name: string): string | undefined {
  const value = node.attrs?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function children(node: AdfNode): AdfNode[] {
  return (node.content ?? []).flatMap((c) => {
    const parsed = AdfNode.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

function renderText(node: AdfNode): string {
  const text = node.text ?? '';
  const link = node.marks?.find((m) => m.type === 'link')?.attrs?.href;
  // Keep a link's target: in support text the URL (a status page, a log link) is often the evidence.
  return typeof link === 'string' && link !== '' && link !== text ? `${text} (${link})` : text;
}

function renderInline(nodes: readonly AdfNode[]): string {
  return nodes.map((n) => renderNode(n, '')).join('');
}

function renderBlocks(nodes: readonly AdfNode[], indent: string, separator: string): string {
  return nodes
    .map((n) => renderNode(n, indent))
    .filter((t) => t.trim() !== '')
    .join(separator);
}

function renderList(node: AdfNode, indent: string, ordered: boolean): string {
  const start = typeof node.attrs?.order === 'number' ? node.attrs.order : 1;
  return children(node)
    .filter((item) => item.type === 'listItem')
    .map((item, i) => {
      const marker = ordered ? `${start + i}. ` : '- ';
      // Nested lists are indented under their item so the outline survives as plain text.
      const body = renderBlocks(children(item), `${indent}  `, '\n');
      return `${indent}${marker}${body.trimStart()}`;
    })
    .join('\n');
}

function renderNode(node: AdfNode, indent: string): string {
  switch (node.type) {
    case 'text':
      return renderText(node);
    case 'hardBreak':
      return '\n';
    case 'mention': {
      const text = attr(node, 'text') ?? attr(node, 'id') ?? '';
      return text.startsWith('@') || text === '' ? text : `@${text}`;
    }
    case 'emoji':
      return attr(node, 'text') ?? attr(node, 'shortName') ?? '';
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard':
      return attr(node, 'url') ?? '';
    case 'status':
      return attr(node, 'text') ?? '';
    case 'date': {
      const ts = Number(node.attrs?.timestamp);
      return Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 10) : '';
    }
    case 'paragraph':
    case 'heading':
      return indent + renderInline(children(node)).replace(/\n/g, `\n${indent}`);
    case 'codeBlock':
      // Code is kept verbatim (stack traces, config); no fences, this is plain text.
      return children(node)
        .map((c) => c.text ?? '')
        .join('');
    case 'bulletList':
      return renderList(node, indent, false);
    case 'orderedList':
      return renderList(node, indent, true);
    case 'tableRow':
      return (
        indent +
        children(node)
          .map((cell) => renderBlocks(children(cell), '', ' ').trim())
          .join(' | ')
      );
    default: {
      // Unknown or container nodes (doc, blockquote, panel, table, expand, ...): their content is
      // still the customer's text, so recurse rather than lose it.
      const kids = children(node);
      if (kids.length && kids.every((k) => INLINE.has(k.type))) return indent + renderInline(kids);
      return renderBlocks(kids, indent, node.type === 'doc' ? '\n\n' : '\n');
    }
  }
}

/**
 * Converts an Atlassian Document Format value (Jira Cloud REST v3 descriptions and comment bodies)
 * to plain text: top-level blocks separated by a blank line, list items as `- ` / `1. ` lines
 * (nested lists indented), hard breaks as line breaks, mentions as `@Name`, cards and links with
 * their URL, code blocks verbatim. Unknown nodes contribute their content's text. A string (REST
 * v2 wiki markup) is returned as is; anything else that is not ADF gives `''`. Pure; never throws.
 */
export function adfToText(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = AdfNode.safeParse(value);
  if (!node.success) return '';
  return renderNode(node.data, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
