import type { Draft, RiskClass } from '@triage/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashJson } from '../../common/hashing';
import { buildDemoDataset } from '../../demo/dataset';
import { checkEditedDraft, findCommitments, guardDraft, guardLanguagesFor } from './commitment-guard';
import { renderTemplate, SLOT_NAMES, type SlotValues } from './render';

const classesOf = (text: string, locale?: string) =>
  [...new Set(findCommitments(text, locale).map((f) => f.riskClass))].sort();

describe('findCommitments: English positives', () => {
  it.each([
    ['We will get back to you by Friday.', 'en.deadline.relative-day'],
    ['A fix will be deployed within 24 hours.', 'en.deadline.within'],
    ['You will hear from us tomorrow.', 'en.deadline.relative-day'],
    ['The release is planned for 2026-12-01.', 'en.deadline.iso-date'],
    ['The ETA for the patch is this evening.', 'en.deadline.eta'],
    ['We expect it done in 3 days.', 'en.deadline.within'],
    ['Expect an update by 5pm.', 'en.deadline.by'],
    ['The fix is scheduled for next week.', 'en.deadline.scheduled'],
    ['It should be live by end of day.', 'en.deadline.by'],
    ['Engineering targets March 3rd.', 'en.deadline.month-day'],
    ['The hotfix is expected to be released soon.', 'en.deadline.eta'],
  ])('%s → deadline (%s)', (text, rule) => {
    const f = findCommitments(text, 'en');
    expect(f.map((x) => x.rule)).toContain(rule);
    expect(f.every((x) => x.riskClass === 'customer-facing-commitment')).toBe(true);
  });

  it.each([
    ['We will credit your account for the outage.', 'en.credit.first-person'],
    ["We'll refund the duplicate charge.", 'en.credit.first-person'],
    ['I have gladly refunded the second payment.', 'en.credit.first-person'],
    ['We can offer you a discount on the renewal.', 'en.credit.first-person'],
    ['You will receive a full refund.', 'en.credit.you-receive'],
    ['You will be credited next cycle.', 'en.credit.you-receive'],
    ['A service credit applies under your SLA.', 'en.credit.service-credit'],
    ['That is a refund of $40.', 'en.credit.qualified'],
    ['Enjoy 20% off your next invoice.', 'en.credit.qualified'],
    ['A partial refund is on its way.', 'en.credit.qualified'],
    ['A credit has been issued to your account.', 'en.credit.reported'],
    ['The amount was refunded to your card.', 'en.credit.reported'],
    ['The late fee is waived.', 'en.credit.waived'],
    ['We will do this free of charge.', 'en.credit.free'],
  ])('%s → service credit (%s)', (text, rule) => {
    const f = findCommitments(text, 'en');
    expect(f.map((x) => x.rule)).toContain(rule);
    expect(f.filter((x) => x.rule === rule).every((x) => x.riskClass === 'service-credit')).toBe(true);
  });

  it.each([
    ['The root cause was a misconfigured load balancer.', 'en.root-cause.root-cause'],
    ['The outage was caused by an expired certificate.', 'en.root-cause.caused-by'],
    ['This happened due to a bug in our sync service.', 'en.root-cause.due-to'],
    ['It failed because of a regression in 5.14.0.', 'en.root-cause.due-to'],
    ['The underlying cause was a full disk.', 'en.root-cause.the-cause'],
  ])('%s → root cause (%s)', (text, rule) => {
    const f = findCommitments(text, 'en');
    expect(f.map((x) => x.rule)).toContain(rule);
    expect(f.filter((x) => x.rule === rule)[0]?.riskClass).toBe('root-cause-statement');
  });

  it.each([
    ['We guarantee this is fixed.', 'en.guarantee.guarantee'],
    ['This will never happen again.', 'en.guarantee.never-again'],
    ["It won't happen again.", 'en.guarantee.never-again'],
    ['Your data is 100% safe.', 'en.guarantee.percent'],
    ['I promise we are on it.', 'en.guarantee.promise'],
    ['Rest assured, it is resolved.', 'en.guarantee.assure'],
  ])('%s → guarantee (%s)', (text, rule) => {
    const f = findCommitments(text, 'en');
    expect(f.map((x) => x.rule)).toContain(rule);
    expect(f.every((x) => x.riskClass === 'customer-facing-commitment')).toBe(true);
  });
});

describe('findCommitments: English negatives (topics and instructions, not commitments)', () => {
  it.each([
    'Here is how to find our refund policy in the help center.',
    'Your question about the refund policy has been forwarded to billing.',
    'What you describe matches a known issue: "Refunds fail for EUR invoices".',
    'Issue a credit note for the tax difference (Billing → Invoices → Adjust).',
    'Refund the later of the two charges from Payments → Charges.',
    'Please update the credit card on file.',
    'Mark the invoice as paid manually; reminders stop within the hour.',
    'The fix shipped in 5.10.2 and the beta channel has it too.',
    'As soon as we have these, we will continue the investigation.',
    'I will post my next update in this ticket.',
    'Support is available 24/7.',
    'Use redirect mode until the fix is confirmed for all merchants.',
  ])('%s → nothing', (text) => {
    expect(findCommitments(text, 'en')).toEqual([]);
  });
});

describe('findCommitments: German and Spanish basics', () => {
  it.each([
    ['Wir melden uns bis Freitag.', 'customer-facing-commitment'],
    ['Die Behebung erfolgt innerhalb von 24 Stunden.', 'customer-facing-commitment'],
    ['Das Update kommt morgen.', 'customer-facing-commitment'],
    ['Geplant ist der 12.03.2026.', 'customer-facing-commitment'],
    ['Wir erstellen Ihnen eine Gutschrift.', 'service-credit'],
    ['Den Betrag erstatten wir.', 'service-credit'],
    ['Sie erhalten einen Rabatt.', 'service-credit'],
    ['Die Ursache war ein Konfigurationsfehler.', 'root-cause-statement'],
    ['Der Ausfall wurde durch ein Zertifikat verursacht.', 'root-cause-statement'],
    ['Wir garantieren eine Lösung.', 'customer-facing-commitment'],
    ['Das wird nicht wieder vorkommen.', 'customer-facing-commitment'],
  ])('de: %s → %s', (text, riskClass) => {
    expect(classesOf(text, 'de-DE')).toContain(riskClass);
  });

  it.each([
    ['Le responderemos antes del viernes.', 'customer-facing-commitment'],
    ['Lo resolveremos en 24 horas.', 'customer-facing-commitment'],
    ['Tendrá noticias mañana.', 'customer-facing-commitment'],
    ['Le haremos un reembolso.', 'service-credit'],
    ['Aplicaremos un descuento.', 'service-credit'],
    ['La causa raíz fue un fallo del disco.', 'root-cause-statement'],
    ['El corte fue causado por un certificado caducado.', 'root-cause-statement'],
    ['Le garantizamos que está resuelto.', 'customer-facing-commitment'],
    ['No volverá a ocurrir.', 'customer-facing-commitment'],
  ])('es: %s → %s', (text, riskClass) => {
    expect(classesOf(text, 'es')).toContain(riskClass);
  });

  it.each([
    ['de', 'Guten Morgen, danke für Ihre Nachricht.'],
    ['de', 'Heute Morgen haben wir Ihre Anfrage erhalten.'],
    ['de', 'Die Version 5.10.2 ist installiert.'],
    ['es', 'Esta mañana recibimos su mensaje.'],
    ['es', 'Actualice la tarjeta de crédito en su perfil.'],
  ])('%s negative: %s', (locale, text) => {
    expect(findCommitments(text, locale)).toEqual([]);
  });

  it('runs English for every locale, the locale language on top, and all languages when unknown', () => {
    expect(guardLanguagesFor('en-GB')).toEqual(['en']);
    expect(guardLanguagesFor('de_AT')).toEqual(['en', 'de']);
    expect(guardLanguagesFor('es')).toEqual(['en', 'es']);
    expect(guardLanguagesFor('fr')).toEqual(['en', 'de', 'es']);
    expect(guardLanguagesFor(undefined)).toEqual(['en', 'de', 'es']);
    // German rules do not run for an English draft, but English rules do run for a German one.
    expect(findCommitments('Gutschrift', 'en')).toEqual([]);
    expect(classesOf('We will refund you.', 'de')).toEqual(['service-credit']);
  });
});

describe('findCommitments: evasion', () => {
  it.each([
    ['hidden characters', 'We will re\u200Bfu\u00ADnd you.'],
    ['bidi override', 'We will \u202Erefund\u202C you.'],
    ['combining marks', 'We will re\u0301fund you.'],
    ['full-width letters', 'We will ｒｅｆｕｎｄ you.'],
    ['line breaks and tabs', 'We\nwill\t\trefund you.'],
    ['typographic apostrophe', 'We\u2019ll refund you.'],
    ['upper case', 'WE WILL REFUND YOU.'],
  ])('%s still matches', (_label, text) => {
    expect(classesOf(text, 'en')).toEqual(['service-credit']);
  });

  it('hidden characters inserted anywhere never hide a commitment', () => {
    const phrases = ['we will credit your account', 'within 24 hours', 'the root cause was', 'we guarantee'];
    const hidden = fc.constantFrom('\u200B', '\u200D', '\u202E', '\u2066', '\uFEFF', '\u00AD', '\u0000');
    fc.assert(
      fc.property(
        fc.constantFrom(...phrases),
        fc.array(fc.tuple(fc.nat(), hidden), { maxLength: 6 }),
        (phrase, inserts) => {
          let text = phrase;
          for (const [at, c] of inserts) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + c + text.slice(i);
          }
          expect(classesOf(text, 'en')).toEqual(classesOf(phrase, 'en'));
          expect(classesOf(phrase, 'en')).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('guardDraft', () => {
  const body = 'We will credit your account, and the fix ships by Friday. The root cause was a bug.';

  it('blocks findings whose class is neither declared nor approved, and lists what is missing', () => {
    const r = guardDraft({ body, locale: 'en', declaredRiskClasses: [], approvedRiskClasses: [] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([...r.missingRiskClasses].sort()).toEqual([
      'customer-facing-commitment',
      'root-cause-statement',
      'service-credit',
    ]);
    expect(r.blocked).toHaveLength(r.findings.length);
  });

  it('lets a template-declared class through and blocks the rest', () => {
    const r = guardDraft({
      body,
      locale: 'en',
      declaredRiskClasses: ['root-cause-statement'],
      approvedRiskClasses: ['service-credit'],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missingRiskClasses).toEqual(['customer-facing-commitment']);
    expect(r.blocked.every((f) => f.kind === 'deadline')).toBe(true);
    expect(r.findings.some((f) => f.kind === 'root-cause')).toBe(true);
  });

  it('passes once every found class is declared or approved, still reporting the findings', () => {
    const r = guardDraft({
      body,
      locale: 'en',
      declaredRiskClasses: ['root-cause-statement'],
      approvedRiskClasses: ['service-credit', 'customer-facing-commitment'],
    });
    expect(r.ok).toBe(true);
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
  });

  it('an unrelated approved class does not unblock', () => {
    const r = guardDraft({
      body: 'We guarantee it.',
      declaredRiskClasses: ['service-credit'],
      approvedRiskClasses: ['root-cause-statement', 'account-change'],
    });
    expect(r.ok).toBe(false);
  });

  it('a body without commitments passes with no findings', () => {
    expect(
      guardDraft({
        body: 'Thanks, we are looking into it.',
        declaredRiskClasses: [],
        approvedRiskClasses: [],
      }),
    ).toEqual({ ok: true, findings: [] });
  });
});

describe('checkEditedDraft', () => {
  const original = {
    payload: { visibility: 'public' as const, locale: 'en', body: 'Hi Ana, we are looking into it.' },
  } satisfies Pick<Draft, 'payload'>;

  it('re-checks the edited body, changes the hash and carries the new risk classes', () => {
    const r = checkEditedDraft({
      draft: original,
      body: 'Hi Ana, we will refund you by Friday.',
      templateRiskClasses: [],
      approvedRiskClasses: [],
    });
    expect(r.guard.ok).toBe(false);
    expect(r.payload).toEqual({ ...original.payload, body: 'Hi Ana, we will refund you by Friday.' });
    expect(r.payloadHash).toBe(hashJson(r.payload));
    expect(r.payloadHash).not.toBe(hashJson(original.payload));
    expect([...r.riskClasses].sort()).toEqual(['customer-facing-commitment', 'service-credit']);
  });

  it('judges by the template classes, not by classes an earlier edit added to the draft', () => {
    const first = checkEditedDraft({
      draft: original,
      body: 'We will refund you.',
      templateRiskClasses: [],
      approvedRiskClasses: ['service-credit'],
    });
    expect(first.guard.ok).toBe(true);
    expect(first.riskClasses).toEqual(['service-credit']);
    // A second edit without the approval is blocked again, although the draft now lists service-credit.
    const second = checkEditedDraft({
      draft: { payload: first.payload },
      body: 'We will refund you twice.',
      templateRiskClasses: [],
      approvedRiskClasses: [],
    });
    expect(second.guard.ok).toBe(false);
  });

  it('uses the draft locale for the language rules', () => {
    const de = checkEditedDraft({
      draft: { payload: { ...original.payload, locale: 'de' } },
      body: 'Wir erstellen eine Gutschrift.',
      templateRiskClasses: [],
      approvedRiskClasses: [],
    });
    expect(de.guard.ok).toBe(false);
    const en = checkEditedDraft({
      draft: original,
      body: 'Wir erstellen eine Gutschrift.',
      templateRiskClasses: [],
      approvedRiskClasses: [],
    });
    expect(en.guard.ok).toBe(true);
  });
});

describe('the demo tenant’s approved language', () => {
  const dataset = buildDemoDataset(new Date('2026-11-20T12:00:00Z'));

  it('every template, filled with real demo values, passes the guard with its declared classes', () => {
    const valueSets: SlotValues[] = [...dataset.knownIssues, ...dataset.incidents].map((item) => {
      const v = (value: string) => ({ value, source: item.id });
      const base = Object.fromEntries(SLOT_NAMES.map((n) => [n, v(`${n} value`)])) as SlotValues;
      return {
        ...base,
        customer_name: v('Ana'),
        case_ref: v('ZD-1042'),
        known_issue_title: v(item.title),
        incident_title: v(item.title),
        workaround: v('workaround' in item ? item.workaround : 'Retry later.'),
        status_page_url: v(item.url),
        incident_status: v('under investigation'),
      };
    });
    let checked = 0;
    for (const template of dataset.config.templates) {
      for (const values of valueSets) {
        const rendered = renderTemplate(template, values);
        const r = guardDraft({
          body: rendered.body,
          locale: template.locale,
          declaredRiskClasses: template.riskClasses,
          approvedRiskClasses: [],
        });
        expect(r.ok ? [] : r.blocked.map((f) => `${template.id}: ${f.rule} "${f.phrase}"`)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the same templates are blocked once a slot value carries a commitment', () => {
    const promise: RiskClass[] = ['customer-facing-commitment'];
    const withPromise = dataset.config.templates.filter((t) => /\{\{\s*customer_name\s*\}\}/.test(t.body));
    expect(withPromise.length).toBeGreaterThan(0);
    for (const template of withPromise) {
      const body = renderTemplate(template, {
        customer_name: { value: 'Ana, we guarantee a fix by Friday', source: 'test' },
      }).body;
      const r = guardDraft({ body, declaredRiskClasses: template.riskClasses, approvedRiskClasses: [] });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.missingRiskClasses).toEqual(promise);
    }
  });
});
