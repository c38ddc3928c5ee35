import type { Defect, KnownIssue, ProductId, Release } from './schema';
import { URLS } from './company';
import { daysBefore, iso, minutesBefore } from './prng';

/** When something happened: whole days before now, or (for the last two days) minutes before now. */
type Ago = { days: number } | { minutes: number };

function at(now: Date, ago: Ago): string {
  return iso('days' in ago ? daysBefore(now, ago.days) : minutesBefore(now, ago.minutes));
}

interface ReleaseSeed {
  version: string;
  product: ProductId;
  components: string[];
  ago: Ago;
  notes: string[];
}

const RELEASES: ReleaseSeed[] = [
  {
    version: '8.2.0',
    product: 'billing',
    components: ['invoicing', 'tax'],
    ago: { days: 250.3 },
    notes: [
      'Prorated plan upgrades now produce one combined invoice instead of two.',
      'Tax engine: per-line rounding for EU VAT.',
      'Invoice list: filter by PO number.',
    ],
  },
  {
    version: '8.2.2',
    product: 'billing',
    components: ['tax'],
    ago: { days: 236.4 },
    notes: [
      'Fix: tax is recalculated on prorated plan upgrades (KI-11).',
      'Fix: credit notes show the original invoice number.',
    ],
  },
  {
    version: '2.6.0',
    product: 'identity',
    components: ['sso-saml', 'admin-console'],
    ago: { days: 225.2 },
    notes: ['SAML: custom entity IDs per connection.', 'Admin console: SSO connection health panel.'],
  },
  {
    version: '2.6.1',
    product: 'identity',
    components: ['sso-saml'],
    ago: { days: 211.6 },
    notes: ['Fix: SAML audience check accepts the legacy and the custom entity ID during migration (KI-22).'],
  },
  {
    version: '5.11.0',
    product: 'payments',
    components: ['payments-gateway', 'checkout-api'],
    ago: { days: 200.1 },
    notes: [
      'Gateway: automatic retry with exponential backoff on upstream timeouts.',
      'Checkout API: `expires_at` on checkout sessions.',
    ],
  },
  {
    version: '6.10.0',
    product: 'mobile',
    components: ['ios-app', 'offline-sync'],
    ago: { days: 170.4 },
    notes: [
      'Offline mode keeps the last 90 days of invoices on the device.',
      'Faster startup on older iPhones.',
    ],
  },
  {
    version: '6.10.2',
    product: 'mobile',
    components: ['ios-app'],
    ago: { days: 158.5 },
    notes: ['Fix: crash on launch when the offline cache exceeds 200 MB (KI-19).'],
  },
  {
    version: '3.7.0',
    product: 'sync',
    components: ['connectors'],
    ago: { days: 140.2 },
    notes: [
      'Ledger connector: incremental sync with checkpoints.',
      'Connector runs page shows rows written per object.',
    ],
  },
  {
    version: '8.4.0',
    product: 'billing',
    components: ['dunning', 'invoicing'],
    ago: { days: 110.3 },
    notes: [
      'Bank-transfer reconciliation moved to a nightly batch.',
      'Dunning: configurable reminder schedule per plan.',
    ],
  },
  {
    version: '8.4.1',
    product: 'billing',
    components: ['dunning'],
    ago: { days: 101.5 },
    notes: ['Fix: dunning waits for the reconciliation batch before sending reminders (KI-15).'],
  },
  {
    version: '2.8.0',
    product: 'identity',
    components: ['scim-provisioning'],
    ago: { days: 80.2 },
    notes: ['SCIM 2.0: group push and nested groups.', 'Deprovisioning is now asynchronous.'],
  },
  {
    version: '2.8.2',
    product: 'identity',
    components: ['scim-provisioning'],
    ago: { days: 72.6 },
    notes: ['Fix: deprovisioning revokes active sessions immediately (KI-12).'],
  },
  {
    version: '6.12.0',
    product: 'mobile',
    components: ['android-app'],
    ago: { days: 60.3 },
    notes: ['Invoice PDFs open in an in-app viewer.', 'Android 14 target SDK.'],
  },
  {
    version: '5.13.0',
    product: 'payments',
    components: ['3ds', 'checkout-api'],
    ago: { days: 40.2 },
    notes: [
      '3-D Secure 2 challenge rendered inside the embedded checkout frame.',
      'Checkout API: `payment_method_options.card.three_ds_mode`.',
    ],
  },
  {
    version: '8.5.0',
    product: 'billing',
    components: ['pdf-rendering'],
    ago: { days: 25.4 },
    notes: [
      'New invoice PDF layout engine with multi-page support.',
      'Localized PDF templates (de, es, fr).',
    ],
  },
  {
    version: '5.13.2',
    product: 'payments',
    components: ['payments-gateway', '3ds'],
    ago: { days: 20.3 },
    notes: [
      'Fix: gateway retries reuse the original idempotency key (KI-14).',
      'Fix: 3DS challenge frame on Safari 17 (KI-20).',
    ],
  },
  {
    version: '6.14.0',
    product: 'mobile',
    components: ['ios-app'],
    ago: { days: 9.2 },
    notes: ['Receipt capture with on-device text recognition.', 'iOS 17 widgets for open invoices.'],
  },
  {
    version: '3.9.0',
    product: 'sync',
    components: ['webhooks'],
    ago: { minutes: 44 * 60 + 10 },
    notes: [
      'Webhooks: signature header v2 (`Ferrowick-Signature: t=<timestamp>,v1=<hmac>`) with replay protection.',
      'Webhook delivery log shows the response body of failed deliveries.',
    ],
  },
  {
    version: '5.14.0',
    product: 'payments',
    components: ['checkout-api', 'payments-gateway'],
    ago: { minutes: 30 * 60 + 25 },
    notes: [
      'Checkout API: per-region connection pooling for payments-gateway calls (pool size configurable).',
      'Gateway: TLS session reuse.',
      'Checkout sessions: `locale` accepts es-419.',
    ],
  },
];

export function buildReleases(now: Date): Release[] {
  return RELEASES.map((r) => ({
    version: r.version,
    product: r.product,
    components: r.components,
    releasedAt: at(now, r.ago),
    notes: r.notes,
    url: URLS.release(r.product, r.version),
  })).sort((a, b) => a.releasedAt.localeCompare(b.releasedAt));
}

interface KnownIssueSeed extends Omit<KnownIssue, 'firstSeen' | 'url'> {
  ago: Ago;
}

const KNOWN_ISSUES: KnownIssueSeed[] = [
  {
    id: 'KI-11',
    title: 'Tax not recalculated on prorated plan upgrades',
    product: 'billing',
    component: 'tax',
    status: 'fixed',
    signature: 'TAX_PRORATION_MISMATCH',
    workaround:
      'Issue a credit note for the tax difference (Billing → Invoices → Adjust). Renewal invoices are correct.',
    ago: { days: 248.1 },
    fixedIn: '8.2.2',
  },
  {
    id: 'KI-12',
    title: 'Sessions stay active up to 60 minutes after SCIM deprovisioning',
    product: 'identity',
    component: 'scim-provisioning',
    status: 'fixed',
    signature: 'SCIM_DEPROVISION_SESSION_LINGER',
    workaround: 'After deprovisioning, use Admin console → Users → "Sign out everywhere" for the user.',
    ago: { days: 78.4 },
    fixedIn: '2.8.2',
  },
  {
    id: 'KI-14',
    title: 'Duplicate charge when a checkout is retried after a gateway timeout',
    product: 'payments',
    component: 'payments-gateway',
    status: 'monitoring',
    signature: 'E_IDEMPOTENCY_CONFLICT',
    workaround:
      'Send an Idempotency-Key header on every create-charge call. Refund the later of the two charges from Payments → Charges.',
    ago: { days: 196.2 },
    fixedIn: '5.13.2',
  },
  {
    id: 'KI-15',
    title: 'Dunning reminders sent for invoices already paid by bank transfer',
    product: 'billing',
    component: 'dunning',
    status: 'fixed',
    signature: 'DUNNING_RECON_LAG',
    workaround:
      'Mark the invoice as paid manually (Invoices → ⋯ → Record payment); reminders stop within the hour.',
    ago: { days: 108.5 },
    fixedIn: '8.4.1',
  },
  {
    id: 'KI-17',
    title: 'Ledger connector sync stalls after repeated HTTP 429 from the accounting system',
    product: 'sync',
    component: 'connectors',
    status: 'open',
    signature: 'SYNC-429-BACKOFF-EXHAUSTED',
    workaround:
      'Lower the connector batch size to 100 (Sync → Connectors → Ledger → Settings) and click "Resume run"; stalled runs continue from the last checkpoint.',
    ago: { days: 131.3 },
    fixedIn: null,
  },
  {
    id: 'KI-19',
    title: 'iOS app crashes on launch when the offline cache is larger than 200 MB',
    product: 'mobile',
    component: 'ios-app',
    status: 'fixed',
    signature: 'EXC_BAD_ACCESS in OfflineStore.compact',
    workaround:
      'Update the app. If updating is not possible, offload the app (Settings → General → iPhone Storage → Offload App) and reopen it.',
    ago: { days: 168.2 },
    fixedIn: '6.10.2',
  },
  {
    id: 'KI-20',
    title: '3-D Secure challenge loops in the embedded checkout on Safari 17',
    product: 'payments',
    component: '3ds',
    status: 'monitoring',
    signature: '3DS_CHALLENGE_FRAME_BLOCKED',
    workaround:
      "Use redirect mode for 3-D Secure (`three_ds_mode: 'redirect'`) until the fix is confirmed for all merchants.",
    ago: { days: 39.3 },
    fixedIn: '5.13.2',
  },
  {
    id: 'KI-21',
    title: 'Android 14: app crashes when opening an invoice PDF',
    product: 'mobile',
    component: 'android-app',
    status: 'open',
    signature: 'FileUriExposedException',
    workaround:
      'Use ⋮ → "Share PDF" on the invoice to open it in another PDF viewer, or open the invoice on the web.',
    ago: { days: 58.1 },
    fixedIn: null,
  },
  {
    id: 'KI-22',
    title: 'SAML sign-in rejected with SAML_AUDIENCE_MISMATCH after enabling custom entity IDs',
    product: 'identity',
    component: 'sso-saml',
    status: 'fixed',
    signature: 'SAML_AUDIENCE_MISMATCH',
    workaround:
      'Set the Audience URI in the identity provider to the entity ID shown in Admin console → SSO → Connection details.',
    ago: { days: 224.0 },
    fixedIn: '2.6.1',
  },
  {
    id: 'KI-23',
    title: 'Invoice PDFs drop line items after the first page (invoices with more than 40 lines)',
    product: 'billing',
    component: 'pdf-rendering',
    status: 'open',
    signature: 'PDF_RENDER_TRUNCATED',
    workaround:
      'Export the invoice lines as CSV (Invoices → ⋯ → Export lines) or switch on "Legacy PDF layout" in Billing → Settings → Documents.',
    ago: { days: 24.2 },
    fixedIn: null,
  },
  {
    id: 'KI-25',
    title:
      'Webhook signature verification fails on endpoints that parse the old signature header (after Sync 3.9.0)',
    product: 'sync',
    component: 'webhooks',
    status: 'open',
    signature: 'WEBHOOK_SIGNATURE_MISMATCH',
    workaround:
      'Set the endpoint to "Legacy signature (v1)" in Sync → Webhooks → Endpoint → Signing, or update the verifier to read the t= and v1= parts of the Ferrowick-Signature header.',
    ago: { minutes: 40 * 60 + 5 },
    fixedIn: null,
  },
];

export function buildKnownIssues(now: Date): KnownIssue[] {
  return KNOWN_ISSUES.map(({ ago, ...k }) => ({ ...k, firstSeen: at(now, ago), url: URLS.knownIssue(k.id) }));
}

interface DefectSeed extends Omit<Defect, 'createdAt' | 'url'> {
  ago: Ago;
}

const DEFECTS: DefectSeed[] = [
  {
    key: 'ENG-412',
    title: 'Tax lines not recomputed when proration creates a combined invoice',
    product: 'billing',
    component: 'tax',
    status: 'done',
    priority: 'High',
    linkedKnownIssue: 'KI-11',
    ago: { days: 247.2 },
  },
  {
    key: 'ENG-431',
    title: 'SAML audience validation ignores legacy entity ID during custom-ID migration',
    product: 'identity',
    component: 'sso-saml',
    status: 'done',
    priority: 'Highest',
    linkedKnownIssue: 'KI-22',
    ago: { days: 223.4 },
  },
  {
    key: 'ENG-438',
    title: 'Gateway retry generates a new idempotency key → duplicate captures',
    product: 'payments',
    component: 'payments-gateway',
    status: 'done',
    priority: 'Highest',
    linkedKnownIssue: 'KI-14',
    ago: { days: 195.1 },
  },
  {
    key: 'ENG-447',
    title: 'OfflineStore.compact dereferences freed page buffer for caches > 200 MB',
    product: 'mobile',
    component: 'ios-app',
    status: 'done',
    priority: 'High',
    linkedKnownIssue: 'KI-19',
    ago: { days: 167.3 },
  },
  {
    key: 'ENG-455',
    title: 'Ledger connector gives up after 5 backoff attempts on 429 instead of pausing the run',
    product: 'sync',
    component: 'connectors',
    status: 'in-progress',
    priority: 'High',
    linkedKnownIssue: 'KI-17',
    ago: { days: 129.5 },
  },
  {
    key: 'ENG-463',
    title: 'Dunning job runs before nightly bank-transfer reconciliation completes',
    product: 'billing',
    component: 'dunning',
    status: 'done',
    priority: 'Medium',
    linkedKnownIssue: 'KI-15',
    ago: { days: 107.6 },
  },
  {
    key: 'ENG-470',
    title: 'Async SCIM deprovisioning does not revoke refresh tokens',
    product: 'identity',
    component: 'scim-provisioning',
    status: 'done',
    priority: 'High',
    linkedKnownIssue: 'KI-12',
    ago: { days: 77.2 },
  },
  {
    key: 'ENG-478',
    title: 'Android 14: FileUriExposedException when handing invoice PDF to viewer',
    product: 'mobile',
    component: 'android-app',
    status: 'open',
    priority: 'Medium',
    linkedKnownIssue: 'KI-21',
    ago: { days: 57.4 },
  },
  {
    key: 'ENG-482',
    title: '3DS challenge iframe blocked by Safari 17 storage partitioning',
    product: 'payments',
    component: '3ds',
    status: 'done',
    priority: 'High',
    linkedKnownIssue: 'KI-20',
    ago: { days: 38.5 },
  },
  {
    key: 'ENG-489',
    title: 'PDF layout engine drops rows when a table spans pages',
    product: 'billing',
    component: 'pdf-rendering',
    status: 'in-progress',
    priority: 'High',
    linkedKnownIssue: 'KI-23',
    ago: { days: 23.3 },
  },
  {
    key: 'ENG-494',
    title: 'iOS 6.14.0: crash in ReceiptCaptureViewController on iOS 17.5 (camera session)',
    product: 'mobile',
    component: 'ios-app',
    status: 'open',
    priority: 'High',
    ago: { minutes: 20 * 60 + 40 },
  },
  {
    key: 'ENG-496',
    title: 'Webhook v2 signature header breaks verifiers that split on "="',
    product: 'sync',
    component: 'webhooks',
    status: 'in-progress',
    priority: 'Highest',
    linkedKnownIssue: 'KI-25',
    ago: { minutes: 38 * 60 + 15 },
  },
  {
    key: 'ENG-497',
    title: 'Checkout API 502/504 spike: gateway connection pool exhausted in us-east after 5.14.0',
    product: 'payments',
    component: 'checkout-api',
    status: 'in-progress',
    priority: 'Highest',
    ago: { minutes: 130 },
  },
];

export function buildDefects(now: Date): Defect[] {
  return DEFECTS.map(({ ago, ...d }) => ({ ...d, createdAt: at(now, ago), url: URLS.defect(d.key) }));
}
