import type { CaseRecord, Evidence, TriagePacket } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_CONFIG } from '../default-config';
import { TenantConfig } from '../tenant-config';
import { triage } from './assemble';
import type { TriageInput } from './types';

const NOW = new Date('2026-11-20T12:00:00Z');

const CONFIG: TenantConfig = TenantConfig.parse({
  ...DEFAULT_TENANT_CONFIG,
  name: 'Acme Cloud',
  products: [
    { id: 'web', name: 'Acme Web', keywords: ['dashboard', 'page', 'export'] },
    { id: 'mobile', name: 'Acme Mobile', keywords: ['ios', 'android', 'mobile app'] },
    { id: 'billing', name: 'Acme Billing', keywords: ['invoice', 'billing', 'charged'] },
  ],
});

function evidence(partial: Partial<Evidence> & Pick<Evidence, 'id' | 'kind' | 'source'>): Evidence {
  return {
    title: partial.id,
    excerpt: '',
    url: null,
    observedAt: '2026-11-20T08:00:00Z',
    redactions: [],
    sensitive: false,
    attributes: {},
    ...partial,
  };
}

const ACCOUNT = evidence({
  id: 'crm:account:acct-1',
  source: 'crm',
  kind: 'account',
  attributes: { accountId: 'acct-1', name: 'Globex', tier: 'standard', arr: 20000, owner: 'Dana' },
});

function packet(record: Partial<CaseRecord>, extra: Partial<TriageInput> = {}): TriagePacket {
  return triage({
    id: 'pkt_test',
    tenant: 't1',
    record: {
      id: 'ZD-1',
      created_at: '2026-11-20T10:00:00Z',
      channel: 'email',
      requester: { name: 'Kim', email: 'kim@globex.test' },
      ...record,
    },
    evidence: [ACCOUNT],
    sources: [{ source: 'crm', status: 'ok', latencyMs: 5, items: 1 }],
    config: CONFIG,
    signatures: [],
    predictions: [],
    modelVersion: null,
    similar: [],
    now: NOW,
    ...extra,
  });
}

const keys = (p: TriagePacket) => p.missing.map((m) => m.key).sort();

describe('the missing-data detector', () => {
  it('asks a vague fault report for what a fault needs, and nothing a fault does not need', () => {
    const p = packet({
      subject: 'Dashboard broken',
      description: 'The dashboard page is broken, please fix.',
    });
    expect(keys(p)).toEqual(
      ['affected_users', 'environment', 'error_text', 'reproduction_steps', 'time_window'].sort(),
    );
    for (const m of p.missing) expect(m.why).toContain('(fault case)');
  });

  it('takes what the customer already wrote as present', () => {
    const p = packet({
      subject: 'Export fails on the dashboard',
      description:
        'Since 2026-11-20 09:15 UTC the export fails with "Export job could not be queued" for 12 users. Steps to reproduce: 1. open the dashboard 2. click export. Chrome 131 on macOS.',
    });
    expect(keys(p)).toEqual([]);
    expect(p.flags.find((f) => f.flag === 'missing-evidence')).toMatchObject({
      raised: false,
      because: [{ kind: 'rule', ruleId: 'missing.none' }],
    });
  });

  it('takes what the evidence and the desk fields already hold as present', () => {
    const bare = packet(
      { subject: 'Charged twice', description: 'We were charged twice this month.' },
      { evidence: [] },
    );
    expect(keys(bare)).toEqual(['account_id', 'order_or_invoice', 'time_window']);
    const withFields = packet(
      {
        subject: 'Charged twice',
        description: 'We were charged twice this month.',
        custom_fields: { invoice_number: 'INV-2026-0412' },
      },
      { evidence: [ACCOUNT] },
    );
    expect(keys(withFields)).toEqual(['time_window']);

    const crash = {
      subject: 'App crashes',
      description: 'The mobile app crashes on launch since yesterday.',
    };
    expect(keys(packet(crash))).toContain('environment');
    const tracked = evidence({
      id: 'errors:error-event:1',
      source: 'errors',
      kind: 'error-event',
      title: 'EXC_BAD_ACCESS',
      attributes: { product: 'mobile', release: '6.14.0', count: 40, signature: 'EXC_BAD_ACCESS' },
    });
    const shot = evidence({ id: 'zendesk:attachment:1', source: 'zendesk', kind: 'attachment' });
    const known = keys(packet(crash, { evidence: [ACCOUNT, tracked, shot] }));
    expect(known).not.toContain('environment');
    expect(known).not.toContain('error_text');
  });

  it('asks an account change for the owner’s authorization and the requester’s role', () => {
    const p = packet({
      subject: 'Transfer ownership',
      description: 'Please transfer ownership of our workspace to my colleague, our admin left yesterday.',
    });
    expect(keys(p)).toEqual(expect.arrayContaining(['customer_authorization']));
    expect(p.missing.find((m) => m.key === 'customer_authorization')?.why).toContain('account-change');
    const authorized = packet({
      subject: 'Transfer ownership',
      description:
        'As the account owner I ask you to transfer ownership to my colleague. I am the owner and my role is Owner.',
    });
    expect(keys(authorized)).not.toContain('customer_authorization');
    expect(keys(authorized)).not.toContain('permissions');
  });

  it('asks an access problem for role and affected users, and a how-to question for nothing of a fault', () => {
    const access = packet({
      subject: 'Access denied',
      description: 'I get access denied when I open billing settings since this morning.',
    });
    expect(keys(access)).toEqual(expect.arrayContaining(['permissions', 'affected_users']));
    const howTo = packet({ subject: 'Invoices', description: 'How do I download all invoices as PDF?' });
    expect(keys(howTo)).toEqual([]);
  });

  it('asks in the customer’s language with the approved question, and says which template and locale', () => {
    const p = packet(
      {
        subject: 'Export funktioniert nicht',
        description:
          'Der Export im Dashboard funktioniert nicht mehr, es kommt nur eine leere Seite ohne Meldung.',
      },
      { evidence: [] },
    );
    expect(p.classification.find((c) => c.dimension === 'language')?.value).toBe('de');
    expect(p.missing.length).toBeGreaterThan(0);
    for (const m of p.missing) {
      const template = CONFIG.templates.find((t) => `${t.id}@${t.version}` === m.templateId);
      expect(template).toMatchObject({ kind: 'question', missingKey: m.key, locale: 'de', body: m.question });
      expect(m.locale).toBe('de');
    }
    const ask = p.drafts.find((d) => d.kind === 'request-info');
    expect(ask?.payload.locale).toBe('de');
    for (const m of p.missing) expect(ask?.payload.body).toContain(m.question);
    expect(ask?.slots.find((s) => s.name === 'locale')?.source).toBe(
      'classification.language (customer language de)',
    );
  });

  it('falls back to the tenant default locale for a language without approved text, and says so', () => {
    const p = packet(
      {
        subject: 'Exportação não funciona',
        description: 'A exportação no painel não funciona desde ontem, aparece apenas uma página em branco.',
      },
      { evidence: [] },
    );
    expect(p.classification.find((c) => c.dimension === 'language')).toMatchObject({
      value: 'pt',
      facts: { locale: 'en' },
    });
    for (const m of p.missing) expect(m.locale).toBe('en');
    for (const d of p.drafts) {
      expect(d.payload.locale).toBe('en');
      expect(d.slots.find((s) => s.name === 'locale')?.source).toBe(
        'fallback: no approved pt text; tenant default en',
      );
    }
  });

  it('does not guess a language from a short text: it falls back and reports low confidence', () => {
    const p = packet({ subject: 'help', description: 'broken!!' }, { evidence: [] });
    const language = p.classification.find((c) => c.dimension === 'language');
    expect(language?.value).toBe('und');
    expect(language?.confidence).toBeLessThan(0.6);
    expect(language?.because.some((r) => r.kind === 'rule' && r.ruleId === 'language.fallback')).toBe(true);
    for (const d of p.drafts) expect(d.payload.locale).toBe('en');
  });
});
