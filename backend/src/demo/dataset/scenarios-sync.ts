import type { Scenario } from './scenario-types';
import { tiered } from './scenario-types';

export const SYNC_SCENARIOS: Scenario[] = [
  {
    key: 'sync-webhook-delay-incident',
    product: 'sync',
    component: 'webhooks',
    queue: 'integrations-squad',
    category: 'incident',
    severity: tiered('sev2'),
    tags: ['webhooks', 'delay', 'incident'],
    role: 'engineer',
    channels: ['email', 'chat', 'web'],
    weight: 0,
    texts: [
      (c) => ({
        subject: 'Webhooks delayed',
        description: `We stopped receiving invoice.paid webhooks around ${c.d.onset}. The events show in the dashboard but our endpoint hasn't been called. Our order fulfilment is blocked.`,
      }),
      () => ({
        subject: 'No events for the last 30 min',
        description:
          'Our webhook endpoint is up (we tested it) but nothing has arrived from you for half an hour. Is there a delay on your side?',
      }),
      () => ({
        subject: 'Webhook latency huge today',
        description: 'Events arrive 20-40 minutes late. Are you aware of any issue?',
      }),
      () => ({
        subject: 'Event delivery stuck',
        description:
          'Delivery log shows events as "pending" and nothing is being sent. Please check urgently, our ERP relies on these.',
      }),
    ],
    firstReply: [
      (c) =>
        `Thanks for letting us know. We are handling an incident that delays webhook deliveries (${c.incident?.id ?? 'see status page'}). Events are queued, not lost, and will be delivered in order. Updates: https://status.ferrowick.example`,
    ],
    outcomes: [
      (c) => ({
        note: `Part of ${c.incident?.id ?? 'incident'}: delivery worker saturation. All events delivered after recovery.`,
        reply:
          'The incident is resolved and all queued events have been delivered in order. The delivery log shows the actual delivery time of each event, in case you need to reconcile anything.',
      }),
    ],
    resolveHours: [4, 10],
  },
  {
    key: 'sync-connector-429',
    product: 'sync',
    component: 'connectors',
    queue: 'integrations-squad',
    category: 'defect',
    severity: 'sev3',
    tags: ['connectors', 'ledger', 'rate_limit', 'ki-17'],
    role: 'engineer',
    channels: ['email', 'web'],
    weight: 3,
    knownIssue: 'KI-17',
    texts: [
      () => ({
        subject: 'Ledger connector stuck',
        description:
          'The ledger connector run has been "running" since yesterday with 0 rows written in the last hours. Run details show SYNC-429-BACKOFF-EXHAUSTED.',
      }),
      () => ({
        subject: 'Sync to accounting stopped',
        description:
          'Invoices from the last two days are not in our accounting system. The connector page says the last run failed with "rate limit backoff exhausted".',
      }),
      (c) => ({
        subject: 'Connector error SYNC-429-BACKOFF-EXHAUSTED',
        description: `Nightly sync failed again with SYNC-429-BACKOFF-EXHAUSTED. ${c.d.records} records pending. Third time this month.`,
      }),
    ],
    internalNote: [
      () =>
        'sync-worker log: repeated 429 from ledger API, backoff attempts exhausted after 5. KI-17 / ENG-455. Applied batch size 100 and resumed.',
    ],
    outcomes: [
      () => ({
        note: 'KI-17. Lowered batch size to 100 and resumed from checkpoint; run completed.',
        reply:
          'Your accounting system was rate-limiting our connector and the run gave up after several retries. This is a known issue we are fixing. I lowered the batch size and resumed the run from its last checkpoint; it has now completed and the missing invoices are synced.',
      }),
      () => ({
        note: 'KI-17 workaround applied; customer asked to monitor nightly runs.',
        reply:
          "I resumed the stalled run with a smaller batch size, which keeps it under your accounting system's rate limit. All pending records are synced. We will let you know when the permanent fix is released.",
      }),
    ],
    resolveHours: [4, 72],
  },
  {
    key: 'sync-webhook-disabled',
    product: 'sync',
    component: 'webhooks',
    queue: 'integrations-squad',
    category: 'how-to',
    severity: 'sev3',
    tags: ['webhooks', 'endpoint_disabled'],
    role: 'engineer',
    channels: ['email', 'web', 'chat'],
    weight: 2.5,
    texts: [
      (c) => ({
        subject: 'Webhook endpoint disabled',
        description: `We got an email that our webhook endpoint ${c.d.endpoint} was disabled after repeated failures. We had a deploy issue for an hour. How do we re-enable it and get the missed events?`,
      }),
      () => ({
        subject: 'Not receiving webhooks anymore',
        description:
          'We stopped receiving events two days ago. Our server logs show no requests from you at all.',
      }),
      (c) => ({
        subject: 'Webhooks return 400 from our side',
        description: `The delivery log shows our endpoint answered 400 for every event since ${c.d.onset}. We changed our JSON parser yesterday. What format do you send exactly?`,
      }),
    ],
    outcomeFor: [0, 0, 1],
    outcomes: [
      () => ({
        note: 'Endpoint auto-disabled after 4xx/5xx streak. Re-enabled, replayed missed events from delivery log.',
        reply:
          'Endpoints are disabled automatically after repeated failed deliveries to protect your server. I re-enabled yours and replayed the missed events from the delivery log; you can do the same yourself under Sync → Webhooks → Delivery log → Replay.',
      }),
      () => ({
        note: 'Customer parser rejected content-type charset param; fixed on their side.',
        reply:
          'We send `Content-Type: application/json; charset=utf-8`; your new parser rejected the charset parameter. After your fix, deliveries are succeeding again.',
      }),
    ],
    resolveHours: [1, 48],
  },
  {
    key: 'sync-duplicate-records',
    product: 'sync',
    component: 'connectors',
    queue: 'integrations-squad',
    category: 'data-issue',
    severity: 'sev2',
    tags: ['connectors', 'duplicates', 'data_quality'],
    role: 'engineer',
    channels: ['email', 'web'],
    weight: 2,
    texts: [
      (c) => ({
        subject: 'CRM connector creating duplicate contacts',
        description: `After the last sync we have ${c.d.records} duplicate contacts in our CRM. Same email, created by the Ferrowick integration user. Please stop the sync!`,
      }),
      () => ({
        subject: 'Duplicated customers after field mapping change',
        description:
          'We changed the matching field from customer ID to email and now every customer exists twice.',
      }),
      () => ({
        subject: 'Sync duplicated our invoices',
        description:
          'Every invoice from last week appears twice in our ERP. Is the connector retrying without checking?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Matching key change caused inserts instead of upserts. Paused sync, provided list of duplicate IDs, customer merged.',
        reply:
          'The duplicates were created because the matching field was changed, so existing records were not recognised. I paused the sync, restored the previous matching key and attached a list of the duplicate record IDs so they can be merged.',
      }),
    ],
    resolveHours: [6, 96],
  },
  {
    key: 'sync-export-encoding',
    product: 'sync',
    component: 'bulk-export',
    queue: 'integrations-squad',
    category: 'data-issue',
    severity: 'sev3',
    tags: ['bulk_export', 'csv', 'encoding'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'CSV export has broken characters',
        description:
          'Customer names with accents look like "MÃ¼ller" in the exported CSV. Excel shows garbage.',
      }),
      () => ({
        subject: 'Bulk export missing columns',
        description:
          'The bulk export of invoices no longer contains the "PO number" column. We use it for reconciliation every month.',
      }),
    ],
    localized: {
      de: [
        () => ({
          subject: 'Umlaute im CSV-Export kaputt',
          description:
            'Im CSV-Export werden Umlaute falsch dargestellt (z. B. "GrÃ¶ÃŸe"). Wie bekommen wir eine korrekte Datei für Excel?',
        }),
      ],
    },
    localizedOutcomes: {
      de: [
        () => ({
          note: 'UTF-8 without BOM; Excel misreads. Suggested "UTF-8 with BOM" export option.',
          reply:
            'Der Export ist UTF-8-kodiert, was Excel manchmal falsch liest. Wählen Sie in den Exportoptionen "UTF-8 mit BOM (Excel)", dann werden die Umlaute korrekt angezeigt.',
        }),
      ],
    },
    outcomeFor: [0, 1],
    outcomes: [
      () => ({
        note: 'UTF-8 without BOM; Excel misreads. Suggested "UTF-8 with BOM" export option.',
        reply:
          'The export is UTF-8, which Excel sometimes misreads. Choose "UTF-8 with BOM (Excel)" in the export options and the characters will display correctly.',
      }),
      () => ({
        note: 'Column moved to custom fields group after schema update; showed how to include it.',
        reply:
          'The PO number is now part of the "Custom fields" column group in the export settings. Tick that group and it will be in your file again.',
      }),
    ],
    resolveHours: [2, 48],
  },
  {
    key: 'sync-howto-replay',
    product: 'sync',
    component: 'webhooks',
    queue: 'integrations-squad',
    category: 'how-to',
    severity: 'sev4',
    tags: ['webhooks', 'how_to'],
    role: 'engineer',
    channels: ['email', 'chat', 'web'],
    weight: 2,
    texts: [
      () => ({
        subject: 'How to verify webhook signatures?',
        description:
          'Is there an example of verifying the webhook signature in Python? The docs example is for Node.',
      }),
      () => ({
        subject: 'Replay webhooks for a date range',
        description: 'How can I resend all events from last Tuesday to a new endpoint?',
      }),
      () => ({
        subject: 'Webhook retries - how many?',
        description: 'How many times do you retry a failed webhook, and over what period?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'How-to answered with docs link.',
        reply:
          'Our docs cover this here: https://docs.ferrowick.example/sync/webhooks. Failed deliveries are retried 8 times over 24 hours with backoff, and you can replay any range from the delivery log (Sync → Webhooks → Delivery log → Replay).',
      }),
    ],
    resolveHours: [1, 24],
  },
  {
    key: 'sync-api-rate-limit',
    product: 'sync',
    component: 'public-api',
    queue: 'integrations-squad',
    category: 'how-to',
    severity: 'sev3',
    tags: ['public_api', 'rate_limit'],
    role: 'engineer',
    channels: ['email', 'api'],
    weight: 1.5,
    texts: [
      (c) => ({
        subject: 'Getting 429 Too Many Requests',
        description: `Our nightly job gets HTTP 429 from /v2/invoices after a few hundred calls. ${c.d.sdk}. What are the limits?`,
      }),
      () => ({
        subject: 'API pagination slow',
        description:
          'Listing invoices with page size 100 takes minutes for our 80k invoices. Is there a faster way?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Explained rate limits (100 req/10s) and cursor pagination; suggested bulk export endpoint.',
        reply:
          'The limit is 100 requests per 10 seconds per API key; the `Retry-After` header tells you when to continue. For large volumes the bulk export endpoint is much faster than paging through the list API.',
      }),
    ],
    resolveHours: [1, 36],
  },
  {
    key: 'sync-feature-request',
    product: 'sync',
    component: 'connectors',
    queue: 'integrations-squad',
    category: 'feature-request',
    severity: 'sev4',
    tags: ['connectors', 'feature_request'],
    role: 'engineer',
    channels: ['email', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Field mapping for custom objects',
        description:
          'Would be great if the CRM connector could map to custom objects, not only standard contacts and accounts.',
      }),
      () => ({
        subject: 'Webhook filtering by field',
        description:
          'Any plans to filter webhooks by field values (e.g. only invoices over $10k)? We get too many events.',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Logged on integrations roadmap.',
        reply:
          'Thanks, I have added your use case to the roadmap request. I will update this ticket if it gets scheduled.',
      }),
    ],
    resolveHours: [2, 72],
  },
];
