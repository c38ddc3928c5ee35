/**
 * Stripe amounts are integers in the currency's smallest unit. Zero-decimal currencies are sent as whole
 * units and three-decimal ones in thousandths; ISK, HUF and TWD are special-cased by Stripe as two-decimal
 * in the API, so they stay in the default.
 * @see https://docs.stripe.com/currencies#zero-decimal
 */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** @see https://docs.stripe.com/currencies#three-decimal */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Decimal places Stripe uses for a currency code (any case). */
export function currencyDecimals(currency: string): number {
  const c = currency.toUpperCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** A minor-unit amount in major units: `12000, 'usd'` → 120; `5000, 'jpy'` → 5000. */
export function toMajorUnits(amount: number, currency: string): number {
  const decimals = currencyDecimals(currency);
  return Number((amount / 10 ** decimals).toFixed(decimals));
}

/** `12000, 'usd'` → `120.00 USD`. No thousands separators: they read as phone numbers to redaction. */
export function formatMoney(amount: number, currency: string): string {
  return `${toMajorUnits(amount, currency).toFixed(currencyDecimals(currency))} ${currency.toUpperCase()}`;
}
