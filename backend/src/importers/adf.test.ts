import { describe, expect, it } from 'vitest';
import { adfToText } from './adf';

const text = (t: string, marks?: unknown[]): unknown =>
  marks ? { type: 'text', text: t, marks } : { type: 'text', text: t };
const paragraph = (...content: unknown[]): unknown => ({ type: 'paragraph', content });
const item = (...content: unknown[]): unknown => ({ type: 'listItem', content });

describe('adfToText', () => {
  it('renders a Jira Cloud v3 description as readable plain text', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [text('Steps')] },
        paragraph(
          text('Hi '),
          { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Ana Agent', accessLevel: '' } },
          text(', checkout fails since '),
          text('4.2.0', [{ type: 'strong' }]),
          { type: 'hardBreak' },
          text('see '),
          text('status page', [{ type: 'link', attrs: { href: 'https://status.example.com' } }]),
          text(' and '),
          { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/SUP-1' } },
        ),
        {
          type: 'orderedList',
          attrs: { order: 1 },
          content: [
            item(paragraph(text('Open the cart'))),
            item(paragraph(text('Pay')), {
              type: 'bulletList',
              content: [item(paragraph(text('with Visa'))), item(paragraph(text('with PayPal')))],
            }),
          ],
        },
        { type: 'codeBlock', attrs: { language: 'text' }, content: [text('HTTP 502\nupstream timeout')] },
        {
          type: 'panel',
          attrs: { panelType: 'info' },
          content: [paragraph(text('Customer is on the Gold plan'))],
        },
        {
          type: 'mediaSingle',
          attrs: { layout: 'center' },
          content: [{ type: 'media', attrs: { id: 'f1', type: 'file' } }],
        },
      ],
    };
    expect(adfToText(doc)).toBe(
      [
        'Steps',
        '',
        'Hi @Ana Agent, checkout fails since 4.2.0',
        'see status page (https://status.example.com) and https://acme.atlassian.net/browse/SUP-1',
        '',
        '1. Open the cart',
        '2. Pay',
        '  - with Visa',
        '  - with PayPal',
        '',
        'HTTP 502',
        'upstream timeout',
        '',
        'Customer is on the Gold plan',
      ].join('\n'),
    );
  });

  it('numbers ordered lists from their start and prefixes bare mention names with @', () => {
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'orderedList',
          attrs: { order: 3 },
          content: [item(paragraph(text('c'))), item(paragraph(text('d')))],
        },
        paragraph({ type: 'mention', attrs: { id: 'u1', text: 'Bo' } }, text(' please check')),
      ],
    };
    expect(adfToText(doc)).toBe('3. c\n4. d\n\n@Bo please check');
  });

  it('recurses into unknown nodes, keeps a link equal to its text once, and skips malformed nodes', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'expand', attrs: { title: 'Logs' }, content: [paragraph(text('inside expand'))] },
        {
          type: 'blockquote',
          content: [
            paragraph(text('https://x.example', [{ type: 'link', attrs: { href: 'https://x.example' } }])),
          ],
        },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [paragraph(text('a'))] },
                { type: 'tableHeader', content: [paragraph(text('b'))] },
              ],
            },
          ],
        },
        { nope: true },
        paragraph(42, text('still here')),
      ],
    };
    expect(adfToText(doc)).toBe('inside expand\n\nhttps://x.example\n\na | b\n\nstill here');
  });

  it('passes REST v2 strings through and gives an empty text for anything else', () => {
    expect(adfToText('h2. Steps\n*bold*')).toBe('h2. Steps\n*bold*');
    expect(adfToText(null)).toBe('');
    expect(adfToText(undefined)).toBe('');
    expect(adfToText({ version: 1 })).toBe('');
    expect(adfToText({ type: 'doc', version: 1, content: [] })).toBe('');
  });
});
