/**
 * Statuspage payloads shaped as the public references document them, for contract tests. Generators take
 * overrides so each test states only what it is about.
 *
 * @see https://doers.statuspage.io/api/v2/summary/
 * @see https://doers.statuspage.io/api/v2/incidents/
 * @see https://developer.statuspage.io/#tag/incidents
 * @see https://developer.statuspage.io/#tag/components
 */

export const PAGE_ID = 'y2j98763l56x';

type Json = Record<string, unknown>;

/** A component as `summary.json` and `GET /v1/pages/{page_id}/components` serialise it. */
export function spComponent(overrides: Json = {}): Json {
  return {
    id: 'b13yz5g2cw10',
    name: 'API',
    status: 'operational',
    created_at: '2024-05-03T01:22:07.274Z',
    updated_at: '2026-11-20T08:02:11.340Z',
    position: 1,
    description: null,
    showcase: true,
    start_date: '2024-05-03',
    group_id: null,
    page_id: PAGE_ID,
    group: false,
    only_show_if_degraded: false,
    ...overrides,
  };
}

/** One `incident_updates` element. */
export function spIncidentUpdate(overrides: Json = {}): Json {
  return {
    id: 'jdy3tw5mt5r5',
    status: 'investigating',
    body: 'We are investigating reports of slow exports.',
    incident_id: 'cp306tmzcl0y',
    created_at: '2026-11-20T08:05:00.000Z',
    updated_at: '2026-11-20T08:05:00.000Z',
    display_at: '2026-11-20T08:05:00.000Z',
    affected_components: [
      {
        code: 'x7k2m9p4q1rt',
        name: 'Exports',
        old_status: 'operational',
        new_status: 'degraded_performance',
      },
    ],
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
    ...overrides,
  };
}

/** An incident as the public API (`summary.json`, `incidents.json`) serialises it. */
export function spIncident(overrides: Json = {}): Json {
  return {
    id: 'cp306tmzcl0y',
    name: 'Elevated export latency',
    status: 'identified',
    created_at: '2026-11-20T03:04:51.482-05:00',
    updated_at: '2026-11-20T09:30:00.000Z',
    monitoring_at: null,
    resolved_at: null,
    impact: 'major',
    shortlink: 'https://stspg.io/5kz9q8m4t1',
    started_at: '2026-11-20T08:04:51.482Z',
    page_id: PAGE_ID,
    incident_updates: [
      spIncidentUpdate(),
      spIncidentUpdate({
        id: 'k9fw0qzq2h4c',
        status: 'identified',
        body: 'The export queue is backed up after a database failover; exports are delayed by up to 40 minutes.',
        created_at: '2026-11-20T09:30:00.000Z',
        updated_at: '2026-11-20T09:30:00.000Z',
        display_at: '2026-11-20T09:30:00.000Z',
      }),
    ],
    components: [
      spComponent({ id: 'n4w8v2c6b0aa', name: 'Web app', status: 'operational', position: 3 }),
      spComponent({ id: 'x7k2m9p4q1rt', name: 'Exports', status: 'degraded_performance', position: 2 }),
    ],
    reminder_intervals: null,
    ...overrides,
  };
}

/** The manage API adds postmortem, scheduling and metadata fields to the same incident. */
export function spManageIncident(overrides: Json = {}): Json {
  return {
    ...spIncident(),
    impact_override: null,
    metadata: {},
    postmortem_body: null,
    postmortem_body_last_updated_at: null,
    postmortem_ignored: false,
    postmortem_notified_subscribers: false,
    postmortem_notified_twitter: false,
    postmortem_published_at: null,
    scheduled_for: null,
    scheduled_until: null,
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    scheduled_auto_in_progress: false,
    scheduled_auto_completed: false,
    auto_transition_deliver_notifications_at_end: null,
    auto_transition_deliver_notifications_at_start: null,
    auto_transition_to_maintenance_state: null,
    auto_transition_to_operational_state: null,
    ...overrides,
  };
}

const page = (url: string): Json => ({
  id: PAGE_ID,
  name: 'Acme',
  url,
  time_zone: 'Etc/UTC',
  updated_at: '2026-11-20T09:30:00.000Z',
});

/** `GET /api/v2/summary.json`: components, unresolved incidents, active maintenances and the rollup. */
export function spSummary(pageUrl: string, components: Json[], incidents: Json[]): Json {
  return {
    page: page(pageUrl),
    components,
    incidents,
    scheduled_maintenances: [],
    status: { indicator: incidents.length > 0 ? 'major' : 'none', description: 'Partial System Outage' },
  };
}

/** `GET /api/v2/incidents.json`: the 50 most recent incidents. */
export function spIncidents(pageUrl: string, incidents: Json[]): Json {
  return { page: page(pageUrl), incidents };
}

/** `GET /v1/pages/{page_id}`. */
export function spManagePage(): Json {
  return {
    id: PAGE_ID,
    created_at: '2024-05-03T01:20:00.000Z',
    updated_at: '2026-11-20T09:30:00.000Z',
    name: 'Acme',
    page_description: null,
    headline: null,
    branding: 'basic',
    subdomain: 'acme',
    domain: 'status.acme.example',
    url: 'https://acme.example',
    support_url: null,
    hidden_from_search: false,
    allow_page_subscribers: true,
    allow_incident_subscribers: true,
    allow_email_subscribers: true,
    allow_sms_subscribers: false,
    allow_rss_atom_feeds: true,
    allow_webhook_subscribers: true,
    notifications_from_email: null,
    notifications_email_footer: null,
    activity_score: 0,
    twitter_username: null,
    viewers_must_be_team_members: false,
    ip_restrictions: null,
    city: null,
    state: null,
    country: null,
    time_zone: 'UTC',
  };
}

/** Error bodies: the manage API's `ErrorEntity` (`{ message }`). */
export const spErrors = {
  unauthorized: { message: 'Could not authenticate' },
  notFound: { message: 'Not found' },
  rateLimited: { message: 'Rate limit exceeded' },
  serverError: { message: 'Internal server error' },
} as const;
