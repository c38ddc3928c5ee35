import { describe, expect, it } from 'vitest';
import {
  Condition,
  describeTrace,
  evaluate,
  evaluateRules,
  matchRules,
  type FactCondition,
  type Facts,
  type Operator,
} from './rules';

const facts: Facts = {
  text: 'our checkout is down since the 5.14 release; all payments failing',
  product: 'payments',
  tier: 'enterprise',
  language: 'de',
  affectedUsers: 120,
  openIncident: true,
  tags: ['checkout', 'api'],
  category: null,
};

const leaf = (fact: string, operator: Operator, value?: FactCondition['value']): Condition =>
  Condition.parse(value === undefined ? { fact, operator } : { fact, operator, value });

describe('the rule evaluator', () => {
  it('compares every operator as documented', () => {
    const cases: [Condition, boolean][] = [
      [leaf('tier', 'equals', 'enterprise'), true],
      [leaf('tier', 'notEquals', 'enterprise'), false],
      [leaf('language', 'in', ['de', 'fr', 'es']), true],
      [leaf('language', 'in', ['en']), false],
      [leaf('text', 'contains', 'payments failing'), true],
      // Single words match whole words: "down" is in the text, "own" is not a word of it.
      [leaf('text', 'contains', 'own'), false],
      [leaf('text', 'containsAny', ['outage', 'down']), true],
      [leaf('tags', 'contains', 'api'), true],
      [leaf('tags', 'containsAny', ['mobile', 'checkout']), true],
      [leaf('affectedUsers', 'gte', 50), true],
      [leaf('affectedUsers', 'lte', 50), false],
      [leaf('category', 'exists'), false],
      [leaf('product', 'exists'), true],
      [leaf('nowhere', 'exists'), false],
      [leaf('openIncident', 'equals', true), true],
    ];
    for (const [condition, expected] of cases)
      expect(evaluate(condition, facts).matched, JSON.stringify(condition)).toBe(expected);
  });

  it('treats a missing fact as not matching, never as an error', () => {
    expect(evaluate(leaf('region', 'equals', 'eu'), facts).matched).toBe(false);
    expect(evaluate(leaf('region', 'gte', 3), facts).matched).toBe(false);
    expect(evaluate(leaf('region', 'containsAny', ['eu']), facts).matched).toBe(false);
  });

  it('combines all, any and not, and keeps every leaf it evaluated in the trace', () => {
    const condition = Condition.parse({
      all: [
        { fact: 'language', operator: 'in', value: ['de', 'fr'] },
        {
          any: [
            { fact: 'tier', operator: 'equals', value: 'standard' },
            { fact: 'affectedUsers', operator: 'gte', value: 100 },
          ],
        },
        { not: { fact: 'product', operator: 'equals', value: 'billing' } },
      ],
    });
    const result = evaluate(condition, facts);
    expect(result.matched).toBe(true);
    expect(result.trace.map((t) => [t.fact, t.result, t.negated])).toEqual([
      ['language', true, false],
      ['tier', false, false],
      ['affectedUsers', true, false],
      ['product', false, true],
    ]);
    // The reading names what supported the match, including the negated leaf, and not the failed branch.
    expect(describeTrace(result.trace)).toBe(
      'language in ["de","fr"] and affectedUsers gte 100 and not product equals "billing"',
    );
  });

  it('returns the matches by priority and a trace of every rule, matched or not', () => {
    const rules = [
      { id: 'low', priority: 1, when: leaf('tier', 'equals', 'enterprise') },
      { id: 'miss', priority: 50, when: leaf('tier', 'equals', 'standard') },
      { id: 'high', priority: 10, when: leaf('language', 'equals', 'de') },
      { id: 'tie', priority: 10, when: leaf('product', 'equals', 'payments') },
    ];
    const evaluation = evaluateRules(rules, facts);
    expect(evaluation.matches.map((m) => m.rule.id)).toEqual(['high', 'tie', 'low']);
    expect(evaluation.trace.map((t) => [t.ruleId, t.matched])).toEqual([
      ['low', true],
      ['miss', false],
      ['high', true],
      ['tie', true],
    ]);
    expect(evaluation.trace[1]?.conditions[0]).toMatchObject({
      fact: 'tier',
      actual: 'enterprise',
      result: false,
    });
    expect(matchRules(rules, facts).map((m) => m.rule.id)).toEqual(['high', 'tie', 'low']);
  });

  it('is pure: the same rules and facts give the same result', () => {
    const rules = [{ id: 'r', priority: 0, when: leaf('text', 'containsAny', ['down']) }];
    expect(evaluateRules(rules, facts)).toEqual(evaluateRules(rules, facts));
  });
});

describe('rule conditions as data', () => {
  it('rejects a value that does not suit its operator, with the path and the reason', () => {
    const bad = [
      { fact: 'language', operator: 'in', value: 'de' },
      { fact: 'affectedUsers', operator: 'gte', value: '50' },
      { fact: 'tier', operator: 'exists', value: 'x' },
      { fact: 'tier', operator: 'equals', value: ['a'] },
      { fact: 'text', operator: 'contains', value: ['a'] },
      { fact: 'text', operator: 'matches', value: 'a' },
    ];
    for (const c of bad) expect(Condition.safeParse(c).success, JSON.stringify(c)).toBe(false);
    const nested = Condition.safeParse({ all: [{ not: { fact: 'language', operator: 'in', value: 'de' } }] });
    expect(nested.success).toBe(false);
    expect(nested.error?.issues.some((i) => i.message.includes('"in" takes a list of strings'))).toBe(true);
  });

  it('accepts every well-formed operator and empty groups are refused', () => {
    const good = [
      { fact: 'language', operator: 'in', value: ['de'] },
      { fact: 'text', operator: 'containsAny', value: 'outage' },
      { fact: 'tier', operator: 'exists' },
      { fact: 'openIncident', operator: 'notEquals', value: null },
    ];
    for (const c of good) expect(Condition.safeParse(c).success, JSON.stringify(c)).toBe(true);
    expect(Condition.safeParse({ all: [] }).success).toBe(false);
    expect(Condition.safeParse({ any: [] }).success).toBe(false);
  });
});
