/**
 * A small seeded PRNG (mulberry32) and time helpers. The demo dataset never calls Math.random:
 * the same seed and the same `now` always give the same dataset.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Up to `n` distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[];
  shuffle<T>(items: readonly T[]): T[];
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Lowercase hex of the given length. */
  hex(length: number): string;
}

/** Returns the item at `index`, throwing instead of yielding undefined (noUncheckedIndexedAccess). */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`index ${index} out of range (length ${items.length})`);
  return item;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      const a = itemAt(out, i);
      out[i] = itemAt(out, j);
      out[j] = a;
    }
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => itemAt(items, int(0, items.length - 1)),
    sample: (items, n) => shuffle(items).slice(0, n),
    shuffle,
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return itemAt(items, items.length - 1)[0];
    },
    hex: (length) => {
      let s = '';
      while (s.length < length) s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
}

/** Derives an independent stream for one part of the dataset, so adding cases does not reshuffle logs. */
export function childRng(seed: number, label: string): Rng {
  let h = seed >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return createRng(h);
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `now` minus a number of minutes, truncated to the whole second. */
export function minutesBefore(now: Date, minutes: number): Date {
  const t = now.getTime() - Math.round(minutes * MINUTE);
  return new Date(Math.floor(t / 1000) * 1000);
}

export function daysBefore(now: Date, days: number): Date {
  return minutesBefore(now, days * 24 * 60);
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(Math.floor((d.getTime() + Math.round(minutes * MINUTE)) / 1000) * 1000);
}

/** ISO 8601 with `Z`, without milliseconds: how desks and exports write timestamps. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "14:05 UTC", for customer text that mentions a clock time. */
export function clock(d: Date): string {
  return `${d.toISOString().slice(11, 16)} UTC`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Apr 16", for customer text that mentions a day. */
export function dayLabel(d: Date): string {
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
}

export const SEED = 20260417;
