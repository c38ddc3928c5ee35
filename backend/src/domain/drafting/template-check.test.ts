import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../demo/dataset';
import { DEFAULT_TENANT_CONFIG } from '../default-config';
import { TenantConfig } from '../tenant-config';
import { checkTemplate } from './template-check';

const base = { locale: 'en', riskClasses: [] as const };

describe('checkTemplate', () => {
  it('accepts every template the product ships', () => {
    const demo = TenantConfig.parse(buildDemoDataset(new Date('2026-11-28T00:00:00Z')).config);
    for (const t of [...DEFAULT_TENANT_CONFIG.templates, ...demo.templates]) {
      expect(checkTemplate(t), `${t.id}@${t.locale}`).toEqual([]);
    }
  });

  it.each([
    ['unknown_slot', 'Hello {{customer_name}}, your {{password}} is ready.'],
    ['unknown_slot', 'Hi {{ constructor }}'],
    ['stray_braces', 'Hello {{customer_name}} {{'],
    ['hidden_characters', 'Hello\u202E {{customer_name}}'],
    ['undeclared_commitment', 'We will credit your account for this month.'],
    ['undeclared_commitment', 'This will be fixed by Friday.'],
  ])('refuses %s: %s', (code, body) => {
    expect(checkTemplate({ ...base, riskClasses: [], body }).map((i) => i.code)).toContain(code);
  });

  it('accepts a commitment whose risk class the template declares', () => {
    expect(
      checkTemplate({
        ...base,
        riskClasses: ['service-credit'],
        body: 'We will credit your account for this month.',
      }),
    ).toEqual([]);
  });
});
