import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CoreDimension, FlagKey, TriagePacket, type Reason } from '@triage/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_DETECTOR, UNDETERMINED } from '../../backend/src/domain/language';
import { TenantConfig } from '../../backend/src/domain/tenant-config';
import { citableRuleIds } from '../../backend/src/domain/triage';
import { createRepositories } from '../../backend/src/storage';
import { DEMO_TOKEN, startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

let rt: DemoRuntime;
let config: TenantConfig;
let packets: TriagePacket[];

beforeAll(async () => {
  rt = await startDemoRuntime();
  const tenant = await createRepositories(rt.db).tenants.get('demo');
  config = TenantConfig.parse(tenant?.config);
  const list = await request(rt.app).get('/v1/cases?status=open&limit=50').set(auth());
  const refs = (list.body as { data: { cases: { caseRef: string }[] } }).data.cases.map((c) => c.caseRef);
  packets = [];
  for (const ref of refs) {
    const res = await request(rt.app).get(`/v1/cases/${ref}/packet`).set(auth());
    expect(res.status, ref).toBe(200);
    packets.push(TriagePacket.parse((res.body as { data: unknown }).data));
  }
}, 180_000);

afterAll(async () => {
  await rt.close();
});

function auth() {
  return { Authorization: `Bearer ${DEMO_TOKEN}` };
}

/** Every reason anywhere in a packet, with where it was found. */
function reasonsOf(p: TriagePacket): { at: string; reason: Reason }[] {
  const out: { at: string; reason: Reason }[] = [];
  const add = (at: string, reasons: readonly Reason[]) => {
    for (const reason of reasons) out.push({ at, reason });
  };
  for (const c of p.classification) add(`classification ${c.dimension}`, c.because);
  for (const f of p.flags) add(`flag ${f.flag}`, f.because);
  for (const m of p.missing) add(`missing ${m.key}`, m.because);
  for (const m of p.matches) add(`match ${m.ref}`, m.because);
  add('route', p.route.because);
  add('first action', p.firstAction.because);
  return out;
}

/** The model families a packet may cite, each with the version it must name. */
function expectedModelName(p: TriagePacket, model: string): boolean {
  if (model.startsWith('case-model/'))
    return p.modelVersion !== null && model.endsWith(`@${p.modelVersion.slice(0, 12)}`);
  if (model.startsWith('case-index@')) return model === `case-index@${p.engineVersion}`;
  return model === LANGUAGE_DETECTOR;
}

describe('a packet for every open demo case', () => {
  it('covers all fifteen open demo cases', () => {
    expect(packets.length).toBe(15);
  });

  it('shows every dimension of DESIGN.md once, with a value, a confidence and at least one reason', () => {
    for (const p of packets) {
      for (const dimension of CoreDimension.options) {
        const found = p.classification.filter((c) => c.dimension === dimension);
        expect(found.length, `${p.caseRef} ${dimension}`).toBe(1);
        const [c] = found;
        expect(c?.value, `${p.caseRef} ${dimension}`).not.toBe('');
        expect(c?.because.length, `${p.caseRef} ${dimension}`).toBeGreaterThan(0);
      }
    }
  });

  it('lists all seven flags, raised or not, each with reasons', () => {
    for (const p of packets) {
      expect(p.flags.map((f) => f.flag).sort(), p.caseRef).toEqual([...FlagKey.options].sort());
      for (const f of p.flags) expect(f.because.length, `${p.caseRef} ${f.flag}`).toBeGreaterThan(0);
    }
  });

  it('asserts nothing without a cited evidence id, a known rule id or a versioned model', () => {
    const ruleIds = citableRuleIds(config);
    for (const p of packets) {
      const evidenceIds = new Set(p.evidence.map((e) => e.id));
      for (const { at, reason } of reasonsOf(p)) {
        const where = `${p.caseRef} ${at}`;
        if (reason.kind === 'evidence')
          expect(evidenceIds.has(reason.evidenceId), `${where}: ${reason.evidenceId}`).toBe(true);
        else if (reason.kind === 'rule')
          expect(ruleIds.has(reason.ruleId), `${where}: ${reason.ruleId}`).toBe(true);
        else expect(expectedModelName(p, reason.model), `${where}: ${reason.model}`).toBe(true);
        expect(reason.detail.trim(), where).not.toBe('');
      }
    }
  });

  it('gives the SLA due times and breach risk from the policy', () => {
    for (const p of packets) {
      const sla = p.classification.find((c) => c.dimension === 'sla');
      expect(sla?.value, p.caseRef).toMatch(/^(?:met|within|at-risk|breached)$/);
      expect(Date.parse(String(sla?.facts?.firstResponseDueAt)), p.caseRef).not.toBeNaN();
      expect(Date.parse(String(sla?.facts?.resolutionDueAt)), p.caseRef).not.toBeNaN();
      expect(sla?.facts?.breachRisk, p.caseRef).toMatch(/^(?:low|medium|high|breached)$/);
      expect(
        sla?.because.some((r) => r.kind === 'rule' && r.ruleId.startsWith('sla.')),
        p.caseRef,
      ).toBe(true);
    }
  });

  it('cites evidence for business impact and prior escalations wherever a CRM account or history exists', () => {
    for (const p of packets) {
      const kinds = new Map(p.evidence.map((e) => [e.id, e.kind]));
      const cites = (dimension: string, kind: string) =>
        p.classification
          .find((c) => c.dimension === dimension)
          ?.because.some((r) => r.kind === 'evidence' && kinds.get(r.evidenceId) === kind) ?? false;
      if (p.evidence.some((e) => e.kind === 'account'))
        expect(cites('business_impact', 'account'), p.caseRef).toBe(true);
      if (p.evidence.some((e) => e.kind === 'case-history'))
        expect(cites('prior_escalations', 'case-history'), p.caseRef).toBe(true);
    }
  });

  it('reads the customer language and writes drafts and questions in it, or says why not', () => {
    const byRef = new Map(packets.map((p) => [p.caseRef, p]));
    const language = (p: TriagePacket) => p.classification.find((c) => c.dimension === 'language');
    const german = packets.find((p) => p.subject.startsWith('Rechnungs-PDF'));
    const spanish = packets.find((p) => p.subject.startsWith('No puedo iniciar sesión'));
    expect(german && language(german)?.value).toBe('de');
    expect(spanish && language(spanish)?.value).toBe('es');
    for (const p of byRef.values()) {
      const lang = language(p);
      for (const d of p.drafts) {
        const locale = d.slots.find((s) => s.name === 'locale');
        expect(locale, `${p.caseRef} ${d.kind}`).toBeDefined();
        if (d.payload.locale !== lang?.value)
          expect(locale?.source, `${p.caseRef} ${d.kind}`).toMatch(/^fallback: /);
        const template = config.templates.find(
          (t) => t.id === d.templateId && t.version === d.templateVersion,
        );
        expect(template?.locale, `${p.caseRef} ${d.kind}`).toBe(d.payload.locale);
      }
      for (const m of p.missing) {
        const template = config.templates.find((t) => `${t.id}@${t.version}` === m.templateId);
        expect(template?.missingKey, `${p.caseRef} ${m.key}`).toBe(m.key);
        expect(template?.body, `${p.caseRef} ${m.key}`).toBe(m.question);
        expect(m.locale, `${p.caseRef} ${m.key}`).toBe(
          lang?.value === UNDETERMINED ? config.defaultLocale : lang?.value,
        );
      }
    }
    expect(german?.drafts.every((d) => d.payload.locale === 'de')).toBe(true);
    expect(spanish?.drafts.every((d) => d.payload.locale === 'es')).toBe(true);
  });

  it('routes with a rule on language where the tenant has one, through the traced rule', () => {
    const german = packets.find((p) => p.subject.startsWith('Rechnungs-PDF'));
    expect(german?.route.queue).toBe('billing-ops');
    const rule = german?.route.because.find((r) => r.kind === 'rule');
    expect(rule?.kind === 'rule' && rule.ruleId).toBe('route-billing-localized-invoice');
    expect(rule?.detail).toContain('language in ["de","fr","es"]');
  });

  it('routes every case to a queue or says a person must route it, with alternatives from the model', () => {
    for (const p of packets) {
      if (p.route.needsHuman) expect(p.route.queue, p.caseRef).toBeNull();
      else expect(p.route.confidence, p.caseRef).toBeGreaterThanOrEqual(p.route.threshold);
      expect(p.firstAction.because.length, p.caseRef).toBeGreaterThan(0);
    }
  });

  it('names the installed language detector version', () => {
    const pkg = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../node_modules/eld/package.json', import.meta.url)), 'utf8'),
    ) as { version: string };
    expect(LANGUAGE_DETECTOR).toBe(`language-detector/eld-xs@${pkg.version}`);
  });
});
