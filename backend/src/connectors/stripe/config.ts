import { z } from 'zod';

// https only in production: the guarded client refuses plain http except on loopback in tests.
const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://api.stripe.com' })
  .transform((u) => u.replace(/\/+$/, ''));

/**
 * Non-secret settings of one Stripe connector instance; shown to admins.
 * @see https://docs.stripe.com/api
 */
export const configSchema = z.object({
  /** The API origin. Tests point it at a loopback fake. */
  baseUrl: HttpUrl.default('https://api.stripe.com'),
  /** Where people open objects: `{dashboardUrl}/invoices/in_…`, `/payments/ch_…`, `/customers/cus_…`. */
  dashboardUrl: HttpUrl.default('https://dashboard.stripe.com'),
  /** Invoices per page and kept in the packet. */
  maxInvoices: z.number().int().min(1).max(100).default(10),
  /** Charges read per customer (one page) and kept in the packet. */
  maxCharges: z.number().int().min(1).max(100).default(10),
  /**
   * The case window is usually a week before the case, but invoices are monthly: the lower bound of
   * `created` is widened to at least this many days before the window's end. 0 keeps the window exactly.
   */
  minLookbackDays: z.number().int().min(0).max(400).default(35),
  /**
   * Pins `Stripe-Version` so response shapes do not change with the account's default version.
   * Absent: the account's default version answers.
   * @see https://docs.stripe.com/api/versioning
   */
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(?:\.[a-z]+)?$/, 'a Stripe API version such as 2025-03-31.basil')
    .optional(),
});
export type StripeConfig = z.output<typeof configSchema>;

/**
 * Write-only credentials. A restricted key (`rk_…`) with read access to customers, invoices, charges,
 * refunds, disputes and balance is enough; a secret key (`sk_…`) also works but grants far more.
 * @see https://docs.stripe.com/keys#create-restricted-api-secret-key
 */
export const secretsSchema = z.object({
  secretKey: z
    .string()
    .regex(
      /^(?:rk|sk)_(?:live|test)_[A-Za-z0-9]+$/,
      'a Stripe key starting with rk_live_, rk_test_, sk_live_ or sk_test_',
    ),
});
export type StripeSecrets = z.output<typeof secretsSchema>;
