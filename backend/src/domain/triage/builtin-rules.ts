import { MissingKey } from '@triage/shared';
import type { TenantConfig } from '../tenant-config';

/**
 * The engine's own rules, which a packet cites by id next to the tenant's configured rules. An id with a
 * `{placeholder}` stands for one rule per item of the tenant's configuration (a product, an SLA tier, a
 * troubleshooting step) or of a fixed list (severities, missing items). This list is the documentation of
 * every rule id a packet can cite that is not in the tenant's configuration.
 */
export const BUILTIN_RULES = [
  { id: 'product.field', description: "The desk's product field names a configured product." },
  { id: 'product.keywords.{product}', description: "The case text names one of the product's keywords." },
  { id: 'product.none', description: 'No product field, keyword or model identified the product.' },
  { id: 'channel.field', description: 'The desk recorded the channel the case came in on.' },
  { id: 'channel.none', description: 'The desk recorded no channel.' },
  { id: 'tier.default', description: "No CRM account matched; the SLA policy's default tier applies." },
  { id: 'service.product-unknown', description: 'Without a product no incident can be tied to the case.' },
  { id: 'service.no-open-incident', description: 'The status source reports nothing open for the product.' },
  { id: 'service.status-unavailable', description: 'The status source did not answer in time.' },
  { id: 'impact.all-users', description: 'The customer says all (or no) users are affected.' },
  { id: 'impact.affected-users', description: 'The customer gives a number of affected users.' },
  { id: 'impact.outage-words', description: 'The customer describes an outage or a blocked workflow.' },
  { id: 'impact.no-signal', description: 'No affected users, outage words, valuable account or incident.' },
  {
    id: 'severity.priority-field',
    description: "No rule or confident model: the desk's priority maps to a severity.",
  },
  { id: 'severity.default', description: 'No rule, model or priority applied: sev3.' },
  {
    id: 'sla.no-target',
    description: 'The SLA policy has no target for the tier and severity, or no start time.',
  },
  {
    id: 'sla.{tier}.{severity}.first-response',
    description: "The policy's first-response target for the tier and severity.",
  },
  {
    id: 'sla.{tier}.{severity}.resolution',
    description: "The policy's resolution target for the tier and severity.",
  },
  { id: 'sentiment.lexicon', description: 'Wording of the customer turns, the latest weighted most.' },
  { id: 'history.none', description: 'No earlier cases from the requester or organization.' },
  {
    id: 'language.fallback',
    description: 'The language could not be determined reliably; the tenant default locale is used.',
  },
  { id: 'unsafe.security', description: 'Security or data exposure in the case text.' },
  { id: 'unsafe.legal', description: 'A legal threat in the case text.' },
  { id: 'unsafe.data-loss', description: 'Reported data loss in the case text.' },
  { id: 'unsafe.account-change', description: 'A destructive or account-changing request in the case text.' },
  {
    id: 'unsafe.regulated-data',
    description: 'Regulated data (health, card, identity numbers) in the case.',
  },
  { id: 'unsafe.executive', description: 'An executive escalation in the case text.' },
  { id: 'unsafe.none', description: 'None of the unsafe-for-automation signals was found.' },
  { id: 'billing.charge-words', description: 'Money charged, owed or wanted back.' },
  { id: 'billing.context-words', description: 'At least two billing words (invoice, subscription, ...).' },
  { id: 'billing.none', description: 'No charge words, cited invoice or billing category.' },
  { id: 'engineering.signatures', description: 'Error signatures in the case text.' },
  { id: 'engineering.words', description: 'At least two failure words.' },
  { id: 'engineering.none', description: 'No signature, defect, error event or failure wording.' },
  { id: 'impact.none', description: 'Low business impact, no open incident, severity sev3 or sev4.' },
  { id: 'known.none', description: 'No known issue or incident matched strongly enough.' },
  { id: 'missing.{key}', description: 'Evidence this kind of case needs and does not have.' },
  { id: 'missing.none', description: 'Everything this kind of case needs is present.' },
  {
    id: 'routine.clear',
    description: 'Nothing calls for a specialist: not unsafe, impacting, engineering or sev1/2.',
  },
  { id: 'routine.blocked', description: 'At least one flag or the severity calls for a specialist.' },
  {
    id: 'troubleshooting.{step}',
    description: "The tenant's approved troubleshooting step matched the case.",
  },
  { id: 'routing.default', description: "No rule or model: the tenant's default queue." },
  { id: 'routing.none', description: 'No routing rule matched and no queue model is trained.' },
  { id: 'routing.threshold', description: "Confidence is below the tenant's routing threshold." },
  {
    id: 'first-action.default',
    description: 'No troubleshooting step, incident, known issue or missing item.',
  },
] as const;

const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;

/**
 * Every rule id a packet built under this configuration may cite: the tenant's severity and routing
 * rules, and the built-in rules expanded over the configuration.
 */
export function citableRuleIds(config: TenantConfig): Set<string> {
  const values: Record<string, readonly string[]> = {
    product: config.products.map((p) => p.id),
    tier: Object.keys(config.slaPolicy.tiers),
    severity: SEVERITIES,
    step: config.troubleshooting.map((s) => s.id),
    key: MissingKey.options,
  };
  const ids = new Set<string>([
    ...config.severityRules.map((r) => r.id),
    ...config.routing.rules.map((r) => r.id),
  ]);
  for (const { id } of BUILTIN_RULES) {
    let expanded = [id as string];
    for (const [name, list] of Object.entries(values)) {
      if (!id.includes(`{${name}}`)) continue;
      expanded = expanded.flatMap((x) => list.map((v) => x.replace(`{${name}}`, v)));
    }
    for (const x of expanded) ids.add(x);
  }
  return ids;
}
