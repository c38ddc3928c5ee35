import type { Incident, IncidentStatus, ProductId, StatusComponent } from './schema';
import { PRODUCTS, URLS } from './company';
import { addMinutes, iso, minutesBefore } from './prng';

interface UpdateSeed {
  /** Minutes after the incident started. */
  after: number;
  status: IncidentStatus;
  body: string;
}

interface IncidentSeed {
  id: string;
  title: string;
  product: ProductId;
  components: string[];
  impact: Incident['impact'];
  /** Minutes before now. */
  startedMinutesAgo: number;
  /** Minutes after start; null while ongoing. */
  durationMinutes: number | null;
  updates: UpdateSeed[];
}

const DAY_MIN = 24 * 60;

/** The ongoing incident's id: the open demo cases, logs and errors refer to it. */
export const ONGOING_INCIDENT_ID = 'INC-253';
export const ONGOING_INCIDENT_STARTED_MINUTES_AGO = 182;

const INCIDENTS: IncidentSeed[] = [
  {
    id: 'INC-201',
    title: 'Delayed invoice PDF generation',
    product: 'billing',
    components: ['pdf-rendering'],
    impact: 'minor',
    startedMinutesAgo: 160 * DAY_MIN + 610,
    durationMinutes: 130,
    updates: [
      {
        after: 14,
        status: 'investigating',
        body: 'Invoice PDFs are taking longer than usual to generate. Invoices are created and sent; the PDF attachment may arrive late.',
      },
      {
        after: 52,
        status: 'identified',
        body: 'A backlog in the PDF rendering queue is being worked down. Additional rendering workers have been added.',
      },
      {
        after: 96,
        status: 'monitoring',
        body: 'The backlog is cleared and new PDFs render within normal times. We are monitoring.',
      },
      {
        after: 130,
        status: 'resolved',
        body: 'Resolved. All delayed PDFs were generated and attached to their invoices.',
      },
    ],
  },
  {
    id: 'INC-214',
    title: 'Webhook deliveries delayed by up to 45 minutes',
    product: 'sync',
    components: ['webhooks'],
    impact: 'major',
    startedMinutesAgo: 120 * DAY_MIN + 300,
    durationMinutes: 245,
    updates: [
      {
        after: 18,
        status: 'investigating',
        body: 'We are investigating delays in webhook deliveries. Events are being queued and no events have been lost.',
      },
      {
        after: 75,
        status: 'identified',
        body: 'A delivery worker pool was saturated by retries to a small number of unresponsive endpoints. We are isolating those retries.',
      },
      {
        after: 160,
        status: 'monitoring',
        body: 'Queued events are being delivered; delivery latency is back to normal for new events.',
      },
      {
        after: 245,
        status: 'resolved',
        body: 'Resolved. All queued events were delivered in order per endpoint. Customers can check the delivery log for timestamps.',
      },
    ],
  },
  {
    id: 'INC-226',
    title: 'SAML sign-in failures for EU-hosted workspaces',
    product: 'identity',
    components: ['sso-saml'],
    impact: 'critical',
    startedMinutesAgo: 95 * DAY_MIN + 420,
    durationMinutes: 95,
    updates: [
      {
        after: 9,
        status: 'investigating',
        body: 'Users of EU-hosted workspaces cannot sign in with SAML SSO. Password and API key access are not affected.',
      },
      {
        after: 38,
        status: 'identified',
        body: 'An expired signing certificate on the EU SAML service provider endpoint is being rotated.',
      },
      {
        after: 61,
        status: 'monitoring',
        body: 'The certificate has been rotated. Sign-ins are succeeding; some users may need to retry once.',
      },
      {
        after: 95,
        status: 'resolved',
        body: 'Resolved. SAML sign-in for EU workspaces is working normally.',
      },
    ],
  },
  {
    id: 'INC-239',
    title: 'Elevated checkout latency and gateway timeouts',
    product: 'payments',
    components: ['payments-gateway'],
    impact: 'major',
    startedMinutesAgo: 45 * DAY_MIN + 870,
    durationMinutes: 185,
    updates: [
      {
        after: 11,
        status: 'investigating',
        body: 'Some checkout requests are slow or time out. We are investigating.',
      },
      {
        after: 49,
        status: 'identified',
        body: 'Latency from an upstream card network is elevated. We are routing traffic to a secondary acquirer connection.',
      },
      {
        after: 120,
        status: 'monitoring',
        body: 'Traffic is on the secondary connection and latency is back to normal. We are monitoring.',
      },
      {
        after: 185,
        status: 'resolved',
        body: 'Resolved. Timed-out checkouts were not charged; retried checkouts completed normally.',
      },
    ],
  },
  {
    id: 'INC-247',
    title: 'SCIM provisioning delays',
    product: 'identity',
    components: ['scim-provisioning'],
    impact: 'minor',
    startedMinutesAgo: 12 * DAY_MIN + 500,
    durationMinutes: 300,
    updates: [
      {
        after: 25,
        status: 'investigating',
        body: 'New users and group changes pushed over SCIM are taking longer than usual to appear.',
      },
      {
        after: 110,
        status: 'identified',
        body: 'A provisioning queue consumer stopped processing after a deploy. It has been restarted and the backlog is draining.',
      },
      { after: 300, status: 'resolved', body: 'Resolved. All queued SCIM operations were applied.' },
    ],
  },
  {
    id: ONGOING_INCIDENT_ID,
    title: 'Elevated 502/504 errors on the Checkout API',
    product: 'payments',
    components: ['checkout-api'],
    impact: 'major',
    startedMinutesAgo: ONGOING_INCIDENT_STARTED_MINUTES_AGO,
    durationMinutes: null,
    updates: [
      {
        after: 12,
        status: 'investigating',
        body: 'We are investigating elevated 502 and 504 responses from the Checkout API (POST /v2/checkout/sessions) for merchants in the US region.',
      },
      {
        after: 96,
        status: 'identified',
        body: 'The errors are related to connection handling between the Checkout API and the payments gateway. Mitigation is being rolled out region by region. Checkout requests retried with the same Idempotency-Key are safe and will not double-charge.',
      },
    ],
  },
];

export function buildIncidents(now: Date): Incident[] {
  return INCIDENTS.map((s): Incident => {
    const started = minutesBefore(now, s.startedMinutesAgo);
    const updates = s.updates.map((u) => ({
      at: iso(addMinutes(started, u.after)),
      status: u.status,
      body: u.body,
    }));
    const last = updates[updates.length - 1];
    return {
      id: s.id,
      title: s.title,
      product: s.product,
      components: s.components,
      status: last?.status ?? 'investigating',
      impact: s.impact,
      startedAt: iso(started),
      resolvedAt: s.durationMinutes === null ? null : iso(addMinutes(started, s.durationMinutes)),
      updates,
      url: URLS.incident(s.id),
    };
  }).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** One status-page component per product component; the ongoing incident's components are degraded. */
export function buildStatusComponents(incidents: readonly Incident[]): StatusComponent[] {
  const ongoing = incidents.filter((i) => i.resolvedAt === null);
  return PRODUCTS.flatMap((p) =>
    p.components.map((c): StatusComponent => {
      const hit = ongoing.find((i) => i.product === p.id && i.components.includes(c.id));
      return {
        id: `${p.id}.${c.id}`,
        name: `${p.name} — ${c.name}`,
        product: p.id,
        component: c.id,
        status: hit ? (hit.impact === 'critical' ? 'major_outage' : 'partial_outage') : 'operational',
      };
    }),
  );
}
