import type { CaseRecord } from '@triage/shared';
import { seededRandom } from '../prng';

/** A case with sensible defaults; `overrides` win. */
export function aCase(overrides: Partial<CaseRecord> & { id: string }): CaseRecord {
  return { subject: `case ${overrides.id}`, ...overrides };
}

const TOPICS: Record<string, { queue: string; words: string[] }> = {
  login: { queue: 'identity', words: ['login', 'password', 'sign', 'locked', 'account', 'reset'] },
  billing: { queue: 'payments', words: ['invoice', 'charged', 'refund', 'card', 'payment', 'twice'] },
  crash: { queue: 'engineering', words: ['crash', 'exception', 'stack', 'freeze', 'error', 'restart'] },
};

/**
 * A deterministic synthetic history: three topics with their own vocabulary plus shared filler,
 * labelled with `labels.topic` and `labels.queue`, dated one hour apart.
 */
export function syntheticHistory(n: number, seed = 7): CaseRecord[] {
  const random = seededRandom(seed);
  const topics = Object.keys(TOPICS);
  const filler = ['please', 'help', 'today', 'again', 'team', 'hello', 'urgent', 'thanks'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length] ?? 'login';
    const spec = TOPICS[topic] ?? { queue: 'x', words: [] };
    const words = Array.from({ length: 8 }, () => (random() < 0.6 ? pick(spec.words) : pick(filler)));
    return aCase({
      id: `syn-${i}`,
      created_at: new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
      subject: words.slice(0, 3).join(' '),
      description: words.join(' '),
      labels: { topic, queue: spec.queue },
    });
  });
}

/**
 * A history no linear model over words can learn: the label is the exclusive-or of two word groups
 * (`alpha`/`apple` vs `beta`/`bravo`, and `xray`/`xenon` vs `yankee`/`yellow`), the two words sit
 * apart among filler so no phrase or letter n-gram carries both, and each word on its own is as
 * common in either class. Cases that share both words are each other's nearest neighbours, so
 * neighbours know the label where the linear model can only guess.
 */
export function exclusiveOrHistory(n: number, seed = 11): CaseRecord[] {
  const random = seededRandom(seed);
  const first = [
    ['alpha', 'apple'],
    ['beta', 'bravo'],
  ];
  const second = [
    ['xray', 'xenon'],
    ['yankee', 'yellow'],
  ];
  const filler = ['please', 'help', 'today', 'again', 'team', 'hello', 'urgent', 'thanks', 'still', 'since'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const a = i % 2;
    const b = Math.floor(i / 2) % 2;
    const words = Array.from({ length: 8 }, () => pick(filler));
    words.splice(1, 0, pick(first[a] ?? []));
    words.splice(7, 0, pick(second[b] ?? []));
    return aCase({
      id: `xor-${i}`,
      created_at: new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
      description: words.join(' '),
      labels: { route: a === b ? 'same' : 'different' },
    });
  });
}
