import type { Company, ProductId } from './schema';

/** Ferrowick: a fictional B2B SaaS for invoicing, payments and finance operations. */
export const COMPANY: Company = {
  name: 'Ferrowick',
  legalName: 'Ferrowick Systems, Inc.',
  domain: 'ferrowick.example',
  statusPageUrl: 'https://status.ferrowick.example',
  docsUrl: 'https://docs.ferrowick.example',
  supportEmail: 'support@ferrowick.example',
};

export const URLS = {
  status: 'https://status.ferrowick.example',
  knownIssue: (id: string) => `https://status.ferrowick.example/known-issues/${id.toLowerCase()}`,
  incident: (id: string) => `https://status.ferrowick.example/incidents/${id.toLowerCase()}`,
  release: (product: string, version: string) =>
    `https://docs.ferrowick.example/changelog/${product}/${version.replace(/\./g, '-')}`,
  defect: (key: string) => `https://eng.ferrowick.example/browse/${key}`,
  errorEvent: (id: string) => `https://errors.ferrowick.example/ferrowick/issues/${id}`,
  invoice: (id: string) => `https://billing.ferrowick.example/admin/invoices/${id}`,
} as const;

export interface ProductInfo {
  id: ProductId;
  name: string;
  components: readonly { id: string; name: string }[];
}

export const PRODUCTS: readonly ProductInfo[] = [
  {
    id: 'billing',
    name: 'Ferrowick Billing',
    components: [
      { id: 'invoicing', name: 'Invoicing' },
      { id: 'subscriptions', name: 'Subscriptions & plans' },
      { id: 'tax', name: 'Tax calculation' },
      { id: 'dunning', name: 'Dunning & reminders' },
      { id: 'pdf-rendering', name: 'Invoice PDF rendering' },
    ],
  },
  {
    id: 'payments',
    name: 'Ferrowick Checkout',
    components: [
      { id: 'checkout-api', name: 'Checkout API' },
      { id: 'payments-gateway', name: 'Payments gateway' },
      { id: 'refunds', name: 'Refunds' },
      { id: 'payouts', name: 'Payouts' },
      { id: '3ds', name: '3-D Secure' },
    ],
  },
  {
    id: 'sync',
    name: 'Ferrowick Sync',
    components: [
      { id: 'webhooks', name: 'Webhooks' },
      { id: 'connectors', name: 'Connectors' },
      { id: 'bulk-export', name: 'Bulk export' },
      { id: 'public-api', name: 'Public REST API' },
    ],
  },
  {
    id: 'mobile',
    name: 'Ferrowick Mobile',
    components: [
      { id: 'ios-app', name: 'iOS app' },
      { id: 'android-app', name: 'Android app' },
      { id: 'push-notifications', name: 'Push notifications' },
      { id: 'offline-sync', name: 'Offline sync' },
    ],
  },
  {
    id: 'identity',
    name: 'Ferrowick Identity',
    components: [
      { id: 'sso-saml', name: 'SAML single sign-on' },
      { id: 'scim-provisioning', name: 'SCIM provisioning' },
      { id: 'mfa', name: 'Multi-factor authentication' },
      { id: 'admin-console', name: 'Admin console' },
      { id: 'api-keys', name: 'API keys' },
    ],
  },
];

export function productName(id: ProductId): string {
  return PRODUCTS.find((p) => p.id === id)?.name ?? id;
}

export const QUEUES = [
  'billing-ops',
  'payments-squad',
  'integrations-squad',
  'mobile-squad',
  'identity-squad',
  'account-management',
] as const;
export type Queue = (typeof QUEUES)[number];

export const CATEGORIES = [
  'incident',
  'defect',
  'how-to',
  'billing',
  'access',
  'feature-request',
  'data-issue',
  'account-change',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The support team (agents write the replies in the history). */
export const AGENTS = [
  'Dana Whitfield',
  'Tomás Ortega',
  'Mei Lin Chen',
  'Ravi Kulkarni',
  'Sofie Lindqvist',
  'Jonah Abebe',
  'Katrin Vogel',
] as const;
