/**
 * Normalises free text before tokenising: Unicode NFKC (so full-width digits, ligatures and
 * compatibility forms compare equal), lower case, and one space for any run of whitespace.
 *
 * @example
 * normaliseText('Ｃheckout\u00a0FAILS') // 'checkout fails'
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}
