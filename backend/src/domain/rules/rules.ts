import { z } from 'zod';

/** A fact value the evaluator can compare: scalars or a list of strings (tags). */
export type FactValue = string | number | boolean | null | readonly string[];
export type Facts = Readonly<Record<string, FactValue | undefined>>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const Operator = z.enum([
  'equals',
  'notEquals',
  'in',
  'contains',
  'containsAny',
  'gte',
  'lte',
  'exists',
]);
export type Operator = z.infer<typeof Operator>;

export const FactCondition = z.object({
  fact: z.string().min(1),
  operator: Operator,
  value: z.union([Scalar, z.array(z.string()).max(200)]).optional(),
});
export type FactCondition = z.infer<typeof FactCondition>;

export type Condition = FactCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

/** A condition tree, as tenant configuration writes it (JSON), validated before it is ever evaluated. */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    FactCondition,
    z.object({ all: z.array(Condition).min(1) }),
    z.object({ any: z.array(Condition).min(1) }),
    z.object({ not: Condition }),
  ]),
);

/** One evaluated leaf: what was compared and how it came out, so the "why" can be shown and audited. */
export interface ConditionTrace {
  fact: string;
  operator: Operator;
  expected: FactCondition['value'];
  actual: FactValue | undefined;
  result: boolean;
}

export interface Evaluation {
  matched: boolean;
  trace: ConditionTrace[];
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

function phraseIn(text: string, phrase: string, tokens: Set<string>): boolean {
  const p = phrase.toLowerCase().trim();
  if (!p) return false;
  // Single words match whole tokens ("ssl" must not match "tassle"); phrases match as substrings.
  return /\s|[^\p{L}\p{N}]/u.test(p) ? text.toLowerCase().includes(p) : tokens.has(p);
}

function compare(actual: FactValue | undefined, c: FactCondition): boolean {
  const expected = c.value;
  switch (c.operator) {
    case 'exists':
      return (
        actual !== undefined &&
        actual !== null &&
        actual !== '' &&
        !(Array.isArray(actual) && actual.length === 0)
      );
    case 'equals':
      return Array.isArray(actual) ? false : actual === expected;
    case 'notEquals':
      return Array.isArray(actual) ? true : actual !== expected;
    case 'in':
      return Array.isArray(expected) && typeof actual === 'string' && expected.includes(actual);
    case 'contains':
      if (Array.isArray(actual)) return typeof expected === 'string' && actual.includes(expected);
      if (typeof actual === 'string' && typeof expected === 'string')
        return phraseIn(actual, expected, words(actual));
      return false;
    case 'containsAny': {
      const list = Array.isArray(expected) ? expected : typeof expected === 'string' ? [expected] : [];
      if (Array.isArray(actual)) return list.some((v) => actual.includes(v));
      if (typeof actual !== 'string') return false;
      const tokens = words(actual);
      return list.some((v) => phraseIn(actual, v, tokens));
    }
    case 'gte':
      return typeof actual === 'number' && typeof expected === 'number' && actual >= expected;
    case 'lte':
      return typeof actual === 'number' && typeof expected === 'number' && actual <= expected;
  }
}

/** Evaluates a condition tree against facts. Pure; every leaf visited is kept in the trace. */
export function evaluate(condition: Condition, facts: Facts): Evaluation {
  const trace: ConditionTrace[] = [];
  const walk = (c: Condition): boolean => {
    if ('all' in c) return c.all.map(walk).every(Boolean);
    if ('any' in c) return c.any.map(walk).some(Boolean);
    if ('not' in c) return !walk(c.not);
    const actual = facts[c.fact];
    const result = compare(actual, c);
    trace.push({ fact: c.fact, operator: c.operator, expected: c.value, actual, result });
    return result;
  };
  return { matched: walk(condition), trace };
}

export interface RuleLike {
  id: string;
  priority: number;
  when: Condition;
}

export interface RuleMatch<R extends RuleLike> {
  rule: R;
  trace: ConditionTrace[];
}

/** The rules whose conditions hold, highest priority first (ties keep configuration order). */
export function matchRules<R extends RuleLike>(rules: readonly R[], facts: Facts): RuleMatch<R>[] {
  const matched: RuleMatch<R>[] = [];
  for (const rule of rules) {
    const { matched: ok, trace } = evaluate(rule.when, facts);
    if (ok) matched.push({ rule, trace });
  }
  return matched.sort((a, b) => b.rule.priority - a.rule.priority);
}

/** A short human reading of the leaves that held, for `because` details. */
export function describeTrace(trace: readonly ConditionTrace[]): string {
  return trace
    .filter((t) => t.result)
    .map((t) => `${t.fact} ${t.operator}${t.expected === undefined ? '' : ` ${JSON.stringify(t.expected)}`}`)
    .join(' and ');
}
