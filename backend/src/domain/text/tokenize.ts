// Letters (any script), marks and digits. Apostrophes inside a word are dropped first so that
// "can't" and "cant" meet; everything else (punctuation, dots in identifiers) splits words, and the
// compound forms worth keeping whole (versions, error codes) come from `extractErrorSignatures`.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu;

/**
 * Splits text into normalised word tokens. Language-agnostic: a word is a run of letters, marks or
 * digits in any script; everything else separates words.
 *
 * @example
 * tokenize("Checkout can't load: HTTP 502") // ['checkout', 'cant', 'load', 'http', '502']
 */
export function tokenize(text: string): string[] {
  // `normaliseText` without its whitespace folding, which cannot change the words found; the
  // apostrophe pass only runs when there is one. Both matter on long reports (tokenising is the
  // largest cost of indexing after the index itself).
  let normalised = text.normalize('NFKC').toLowerCase();
  if (normalised.includes("'") || normalised.includes('’'))
    normalised = normalised.replace(INNER_APOSTROPHE, '');
  return normalised.match(WORD) ?? [];
}

/**
 * Contiguous word n-grams of exactly `n` tokens, joined with a space.
 *
 * @example
 * wordNgrams(['a', 'b', 'c'], 2) // ['a b', 'b c']
 */
export function wordNgrams(tokens: readonly string[], n: number): string[] {
  if (n < 1) return [];
  const grams: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) grams.push(tokens.slice(i, i + n).join(' '));
  return grams;
}

/**
 * Character n-grams of one word, from `min` to `max` characters, with `<` and `>` marking the word's
 * edges (so a prefix and the same letters mid-word are different features). Counts code points, not
 * UTF-16 units, so non-Latin scripts are cut correctly.
 *
 * @example
 * charNgrams('card', 3, 3) // ['<ca', 'car', 'ard', 'rd>']
 */
export function charNgrams(word: string, min: number, max: number): string[] {
  const chars = Array.from(`<${word}>`);
  const grams: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
  }
  return grams;
}
