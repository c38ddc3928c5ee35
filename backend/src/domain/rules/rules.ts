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

const SHAPE: Record<Operator, { wants: string; ok: (v: unknown) => boolean }> = {
  exists: { wants: 'no value', ok: (v) => v === undefined },
  equals: { wants: 'a string, number, boolean or null', ok: (v) => !Array.isArray(v) && v !== undefined },
  notEquals: { wants: 'a string, number, boolean or null', ok: (v) => !Array.isArray(v) && v !== undefined },
  in: { wants: 'a list of strings', ok: (v) => Array.isArray(v) },
  contains: { wants: 'a string', ok: (v) => typeof v === 'string' },
  containsAny: {
    wants: 'a string or a list of strings',
    ok: (v) => typeof v === 'string' || Array.isArray(v),
  },
  gte: { wants: 'a number', ok: (v) => typeof v === 'number' },
  lte: { wants: 'a number', ok: (v) => typeof v === 'number' },
};

/** One comparison of a fact with a value. The value must suit the operator, or the rule never loads. */
export const FactCondition = z
  .object({
    fact: z.string().min(1),
    operator: Operator,
    value: z.union([Scalar, z.array(z.string()).max(200)]).optional(),
  })
  .superRefine((c, ctx) => {
    const shape = SHAPE[c.operator];
    if (!shape.ok(c.value))
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `operator "${c.operator}" takes ${shape.wants}`,
      });
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
  /** The leaf sits under an odd number of `not`s: it supports the rule when its result is false. */
  negated: boolean;
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
  // Every branch is evaluated (no short-circuit), so the trace is complete whichever way the rule went.
  const walk = (c: Condition, negated: boolean): boolean => {
    if ('all' in c) return c.all.map((x) => walk(x, negated)).every(Boolean);
    if ('any' in c) return c.any.map((x) => walk(x, negated)).some(Boolean);
    if ('not' in c) return !walk(c.not, !negated);
    const actual = facts[c.fact];
    const result = compare(actual, c);
    trace.push({ fact: c.fact, operator: c.operator, expected: c.value, actual, result, negated });
    return result;
  };
  return { matched: walk(condition, false), trace };
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

/** Every rule's outcome for one set of facts: the matches, and the full trace of every rule tried. */
export interface RuleEvaluation<R extends RuleLike> {
  /** Rules whose conditions hold, highest priority first (ties keep configuration order). */
  matches: RuleMatch<R>[];
  /** Each rule in configuration order with its outcome and evaluated leaves, so "why not" is auditable. */
  trace: { ruleId: string; matched: boolean; conditions: ConditionTrace[] }[];
}

/** Evaluates every rule against the facts. Pure: the same rules and facts always give the same result. */
export function evaluateRules<R extends RuleLike>(rules: readonly R[], facts: Facts): RuleEvaluation<R> {
  const matches: RuleMatch<R>[] = [];
  const trace: RuleEvaluation<R>['trace'] = [];
  for (const rule of rules) {
    const { matched, trace: conditions } = evaluate(rule.when, facts);
    trace.push({ ruleId: rule.id, matched, conditions });
    if (matched) matches.push({ rule, trace: conditions });
  }
  // Array.prototype.sort is stable, so equal priorities keep configuration order.
  matches.sort((a, b) => b.rule.priority - a.rule.priority);
  return { matches, trace };
}

/** The rules whose conditions hold, highest priority first (ties keep configuration order). */
export function matchRules<R extends RuleLike>(rules: readonly R[], facts: Facts): RuleMatch<R>[] {
  return evaluateRules(rules, facts).matches;
}

function describeLeaf(t: ConditionTrace): string {
  const expected = t.expected === undefined ? '' : ` ${JSON.stringify(t.expected)}`;
  return `${t.negated ? 'not ' : ''}${t.fact} ${t.operator}${expected}`;
}

/** A short human reading of the leaves that supported a match (held, or failed under a `not`). */
export function describeTrace(trace: readonly ConditionTrace[]): string {
  return trace
    .filter((t) => t.result !== t.negated)
    .map(describeLeaf)
    .join(' and ');
}
