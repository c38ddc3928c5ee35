import { z } from 'zod';
import { CaseRecord, IsoDateTime } from '@triage/shared';
import { TenantConfig } from '../../domain/tenant-config';

export const ProductId = z.enum(['billing', 'payments', 'sync', 'mobile', 'identity']);
export type ProductId = z.infer<typeof ProductId>;

export const Tier = z.enum(['enterprise', 'business', 'standard']);
export type Tier = z.infer<typeof Tier>;

export const Region = z.enum(['NA', 'EU', 'UK', 'LATAM', 'APAC']);
export type Region = z.infer<typeof Region>;

export const Currency = z.enum(['USD', 'EUR', 'GBP']);
export type Currency = z.infer<typeof Currency>;

export const Contact = z.object({
  id: z.string().regex(/^ct-\d{4}-\d+$/),
  name: z.string().min(1),
  email: z.email(),
  role: z.string().min(1),
});
export type Contact = z.infer<typeof Contact>;

/** A CRM account. */
export const Account = z.object({
  id: z.string().regex(/^acct-\d{4}$/),
  name: z.string().min(1),
  domain: z.string().regex(/^[a-z0-9-]+\.test$/),
  tier: Tier,
  /** Annual recurring revenue, USD. */
  arr: z.number().int().nonnegative(),
  /** Customer success manager. */
  owner: z.string().min(1),
  renewalDate: z.iso.date(),
  openOpportunity: z.string().nullable(),
  seats: z.number().int().positive(),
  region: Region,
  /** Language the customer usually writes in. */
  language: z.enum(['en', 'de', 'es']),
  products: z.array(ProductId).min(1),
  contacts: z.array(Contact).min(1),
});
export type Account = z.infer<typeof Account>;

export const Order = z.object({
  id: z.string().regex(/^ORD-\d+$/),
  accountId: z.string(),
  plan: z.string(),
  products: z.array(ProductId).min(1),
  seats: z.number().int().positive(),
  amount: z.number().nonnegative(),
  currency: Currency,
  billingPeriod: z.enum(['monthly', 'annual']),
  status: z.enum(['active', 'cancelled', 'pending']),
  createdAt: IsoDateTime,
});
export type Order = z.infer<typeof Order>;

export const InvoiceLine = z.object({
  description: z.string(),
  quantity: z.number().nonnegative(),
  unitAmount: z.number(),
  amount: z.number(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

/** One charge attempt (or refund) against an invoice. */
export const PaymentAttempt = z.object({
  id: z.string().regex(/^(ch|re)_[0-9a-f]+$/),
  at: IsoDateTime,
  amount: z.number(),
  status: z.enum(['succeeded', 'failed', 'refunded']),
  method: z.string(),
  failureCode: z.string().nullable(),
});
export type PaymentAttempt = z.infer<typeof PaymentAttempt>;

export const InvoiceStatus = z.enum(['paid', 'open', 'past_due', 'refunded', 'disputed']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const Invoice = z.object({
  id: z.string().regex(/^INV-\d{4}-\d{4}$/),
  accountId: z.string(),
  orderId: z.string(),
  amount: z.number().nonnegative(),
  currency: Currency,
  status: InvoiceStatus,
  issuedAt: IsoDateTime,
  dueAt: IsoDateTime,
  paidAt: IsoDateTime.nullable(),
  lines: z.array(InvoiceLine).min(1),
  payments: z.array(PaymentAttempt),
  url: z.url(),
});
export type Invoice = z.infer<typeof Invoice>;

export const KnownIssue = z.object({
  id: z.string().regex(/^KI-\d+$/),
  title: z.string(),
  product: ProductId,
  component: z.string(),
  status: z.enum(['open', 'monitoring', 'fixed']),
  /** An error code or exception that appears in logs, error events and case text. */
  signature: z.string().min(4),
  workaround: z.string(),
  firstSeen: IsoDateTime,
  fixedIn: z.string().nullable(),
  url: z.url(),
});
export type KnownIssue = z.infer<typeof KnownIssue>;

export const Defect = z.object({
  key: z.string().regex(/^ENG-\d+$/),
  title: z.string(),
  product: ProductId,
  component: z.string(),
  status: z.enum(['open', 'in-progress', 'in-review', 'done', 'wont-do']),
  priority: z.enum(['Highest', 'High', 'Medium', 'Low']),
  linkedKnownIssue: z.string().optional(),
  createdAt: IsoDateTime,
  url: z.url(),
});
export type Defect = z.infer<typeof Defect>;

export const Release = z.object({
  version: z.string(),
  product: ProductId,
  components: z.array(z.string()).min(1),
  releasedAt: IsoDateTime,
  notes: z.array(z.string()).min(1),
  url: z.url(),
});
export type Release = z.infer<typeof Release>;

export const IncidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const Incident = z.object({
  id: z.string().regex(/^INC-\d+$/),
  title: z.string(),
  product: ProductId,
  components: z.array(z.string()).min(1),
  status: IncidentStatus,
  impact: z.enum(['minor', 'major', 'critical']),
  startedAt: IsoDateTime,
  resolvedAt: IsoDateTime.nullable(),
  updates: z.array(z.object({ at: IsoDateTime, status: IncidentStatus, body: z.string() })).min(1),
  url: z.url(),
});
export type Incident = z.infer<typeof Incident>;

export const StatusComponent = z.object({
  /** `<product>.<component>`. */
  id: z.string(),
  name: z.string(),
  product: ProductId,
  component: z.string(),
  status: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage']),
});
export type StatusComponent = z.infer<typeof StatusComponent>;

export const LogLine = z.object({
  ts: IsoDateTime,
  accountId: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  service: z.string(),
  requestId: z.string(),
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;

export const ErrorEvent = z.object({
  id: z.string(),
  title: z.string(),
  culprit: z.string(),
  level: z.enum(['fatal', 'error', 'warning']),
  release: z.string(),
  product: ProductId,
  accountIds: z.array(z.string()),
  count: z.number().int().positive(),
  firstSeen: IsoDateTime,
  lastSeen: IsoDateTime,
  url: z.url(),
});
export type ErrorEvent = z.infer<typeof ErrorEvent>;

export const Company = z.object({
  name: z.string(),
  legalName: z.string(),
  domain: z.string(),
  statusPageUrl: z.url(),
  docsUrl: z.url(),
  supportEmail: z.email(),
});
export type Company = z.infer<typeof Company>;

/** Everything the demo tenant's connectors and history would return, built relative to one `now`. */
export const DemoDataset = z.object({
  tenantId: z.literal('demo'),
  generatedAt: IsoDateTime,
  company: Company,
  config: TenantConfig,
  accounts: z.array(Account),
  orders: z.array(Order),
  invoices: z.array(Invoice),
  knownIssues: z.array(KnownIssue),
  defects: z.array(Defect),
  releases: z.array(Release),
  incidents: z.array(Incident),
  statusComponents: z.array(StatusComponent),
  logLines: z.array(LogLine),
  errorEvents: z.array(ErrorEvent),
  /** History (solved/closed, labelled) first, then the open demo cases. */
  cases: z.array(CaseRecord),
});
export type DemoDataset = z.infer<typeof DemoDataset>;
