import type { Account, ErrorEvent, Incident, KnownIssue, LogLine, ProductId, Release } from './schema';
import type { LogSignal } from './open-cases';
import { URLS } from './company';
import { addMinutes, daysBefore, iso, minutesBefore, type Rng } from './prng';

type Level = LogLine['level'];

interface Template {
  service: string;
  product: ProductId;
  level: Level;
  weight: number;
  message: (rng: Rng, a: Account) => string;
}

/** Everyday traffic: what a product log looks like when nothing is wrong (and a little that is). */
const BACKGROUND: Template[] = [
  {
    service: 'checkout-api',
    product: 'payments',
    level: 'info',
    weight: 6,
    message: (rng) =>
      `POST /v2/checkout/sessions 201 latency_ms=${rng.int(90, 420)} region=${rng.pick(['us-east-1', 'eu-west-1', 'ap-southeast-2'])}`,
  },
  {
    service: 'payments-gateway',
    product: 'payments',
    level: 'info',
    weight: 4,
    message: (rng) => `capture ch_${rng.hex(14)} status=succeeded acquirer_latency_ms=${rng.int(120, 900)}`,
  },
  {
    service: 'payments-gateway',
    product: 'payments',
    level: 'warn',
    weight: 1,
    message: (rng) =>
      `authorization ch_${rng.hex(14)} declined code=${rng.pick(['insufficient_funds', 'do_not_honor', 'expired_card'])}`,
  },
  {
    service: 'billing-invoicing',
    product: 'billing',
    level: 'info',
    weight: 5,
    message: (rng) =>
      `invoice finalized number=draft_${rng.hex(6)} lines=${rng.int(1, 12)} sent_to=billing-contact`,
  },
  {
    service: 'pdf-renderer',
    product: 'billing',
    level: 'info',
    weight: 3,
    message: (rng) => `render invoice layout=v2 pages=1 rows=${rng.int(1, 30)} ms=${rng.int(180, 900)}`,
  },
  {
    service: 'webhook-dispatcher',
    product: 'sync',
    level: 'info',
    weight: 5,
    message: (rng, a) =>
      `delivery evt_${rng.hex(14)} to https://hooks.${a.domain}/ferrowick/events status=200 ms=${rng.int(40, 600)}`,
  },
  {
    service: 'sync-worker',
    product: 'sync',
    level: 'info',
    weight: 3,
    message: (rng) =>
      `connector run=cr_${rng.hex(10)} completed written=${rng.int(10, 900)} deleted=0 errors=0`,
  },
  {
    service: 'auth-service',
    product: 'identity',
    level: 'info',
    weight: 5,
    message: (rng) =>
      `${rng.pick(['saml', 'password', 'saml', 'totp'])} login ok user=${rng.pick(['member', 'admin', 'finance'])}-${rng.hex(6)}`,
  },
  {
    service: 'auth-service',
    product: 'identity',
    level: 'warn',
    weight: 1,
    message: (rng) =>
      `login failed reason=${rng.pick(['bad_password', 'totp_invalid', 'account_locked'])} user=member-${rng.hex(6)}`,
  },
  {
    service: 'scim-service',
    product: 'identity',
    level: 'info',
    weight: 2,
    message: (rng) =>
      `PATCH /scim/v2/Users/${rng.hex(8)} 200 op=${rng.pick(['replace active', 'add member', 'remove member'])}`,
  },
  {
    service: 'api-gateway',
    product: 'sync',
    level: 'info',
    weight: 4,
    message: (rng) => `GET /v2/invoices?limit=100 200 ms=${rng.int(30, 300)} key=fk_live_…${rng.hex(4)}`,
  },
  {
    service: 'api-gateway',
    product: 'sync',
    level: 'warn',
    weight: 1,
    message: () => 'GET /v2/invoices 429 rate_limited retry_after=7',
  },
  {
    service: 'mobile-telemetry',
    product: 'mobile',
    level: 'info',
    weight: 3,
    message: (rng) =>
      `session start app=${rng.pick(['6.14.0', '6.14.0', '6.13.1'])} os=${rng.pick(['iOS 17.5', 'iOS 17.4.1', 'Android 14', 'Android 13'])}`,
  },
  {
    service: 'payouts',
    product: 'payments',
    level: 'info',
    weight: 2,
    message: (rng) => `payout po_${rng.hex(12)} status=paid amount=${rng.int(800, 60000)}.${rng.int(10, 99)}`,
  },
];

/** Known-issue signatures still showing up in the last two weeks (open or monitoring issues). */
const SIGNATURE_LINES: {
  accountIds: string[];
  service: string;
  level: Level;
  message: (rng: Rng) => string;
  count: number;
}[] = [
  {
    accountIds: ['acct-1014', 'acct-1025', 'acct-1023'],
    service: 'sync-worker',
    level: 'error',
    count: 5,
    message: (rng) =>
      `ledger connector run=cr_${rng.hex(10)} failed code=SYNC-429-BACKOFF-EXHAUSTED pending=${rng.int(50, 900)}`,
  },
  {
    accountIds: ['acct-1004', 'acct-1006'],
    service: 'pdf-renderer',
    level: 'warn',
    count: 3,
    message: (rng) =>
      `render invoice layout=v2 pages=2 rows=${rng.int(41, 70)} rendered_rows=40 warn=PDF_RENDER_TRUNCATED`,
  },
  {
    accountIds: ['acct-1007', 'acct-1023', 'acct-1021'],
    service: 'mobile-telemetry',
    level: 'error',
    count: 4,
    message: () =>
      'crash report app=6.14.0 os=Android 14 exception=android.os.FileUriExposedException at InvoicePdfActivity.open',
  },
  {
    accountIds: ['acct-1006'],
    service: 'checkout-api',
    level: 'warn',
    count: 2,
    message: (rng) =>
      `3ds challenge cs_${rng.hex(12)} frame load blocked browser=Safari 17.4 code=3DS_CHALLENGE_FRAME_BLOCKED fallback=redirect`,
  },
  {
    accountIds: ['acct-1012', 'acct-1024'],
    service: 'payments-gateway',
    level: 'warn',
    count: 2,
    message: (rng) =>
      `capture ch_${rng.hex(14)} replay detected code=E_IDEMPOTENCY_CONFLICT key_reused=true action=deduplicated`,
  },
  {
    accountIds: ['acct-1001', 'acct-1013', 'acct-1008'],
    service: 'webhook-dispatcher',
    level: 'error',
    count: 4,
    message: (rng) =>
      `delivery evt_${rng.hex(14)} failed status=401 body="signature verification failed" sig_version=v2 code=WEBHOOK_SIGNATURE_MISMATCH`,
  },
];

/** Other customers hit by the ongoing incident. */
const INCIDENT_ACCOUNTS = ['acct-1006', 'acct-1012', 'acct-1004', 'acct-1018', 'acct-1024', 'acct-1009'];

export function buildLogLines(
  now: Date,
  rng: Rng,
  accounts: readonly Account[],
  incidents: readonly Incident[],
  signals: readonly LogSignal[],
): LogLine[] {
  const lines: LogLine[] = [];
  const push = (
    at: Date,
    accountId: string,
    level: Level,
    service: string,
    requestId: string,
    message: string,
  ): void => {
    lines.push({ ts: iso(at), accountId, level, service, requestId, message });
  };

  for (let i = 0; i < 175; i++) {
    const t = rng.weighted(BACKGROUND.map((b) => [b, b.weight] as const));
    const candidates = accounts.filter((a) => a.products.includes(t.product));
    const a = rng.pick(candidates.length > 0 ? candidates : accounts);
    push(
      minutesBefore(now, rng.int(5, 14 * 24 * 60)),
      a.id,
      t.level,
      t.service,
      `req_${rng.hex(16)}`,
      t.message(rng, a),
    );
  }

  for (const s of SIGNATURE_LINES) {
    for (let i = 0; i < s.count; i++) {
      const accountId = rng.pick(s.accountIds);
      // Webhook signature failures only since the Sync 3.9.0 release.
      const window = s.message(rng).includes('WEBHOOK_SIGNATURE_MISMATCH') ? 39 * 60 : 13 * 24 * 60;
      push(
        minutesBefore(now, rng.int(30, window)),
        accountId,
        s.level,
        s.service,
        `req_${rng.hex(16)}`,
        s.message(rng),
      );
    }
  }

  const ongoing = incidents.find((i) => i.resolvedAt === null);
  if (ongoing) {
    const started = new Date(ongoing.startedAt);
    const span = (now.getTime() - started.getTime()) / 60_000;
    for (let i = 0; i < 30; i++) {
      const accountId = rng.pick(INCIDENT_ACCOUNTS);
      const at = addMinutes(started, 1 + rng.next() * (span - 2));
      const timeout = rng.chance(0.35);
      push(
        at,
        accountId,
        'error',
        'checkout-api',
        `req_${rng.hex(16)}`,
        `POST /v2/checkout/sessions ${timeout ? 504 : 502} upstream=payments-gateway err=${timeout ? 'UPSTREAM_TIMEOUT' : 'POOL_EXHAUSTED'} latency_ms=${timeout ? 30000 + rng.int(0, 20) : rng.int(30, 800)} region=us-east-1 release=5.14.0`,
      );
    }
    for (let i = 0; i < 4; i++) {
      push(
        addMinutes(started, 2 + i * 40),
        'acct-1001',
        'warn',
        'checkout-api',
        `pool-${rng.hex(6)}`,
        `gateway connection pool saturated in_use=64/64 waiters=${rng.int(200, 1800)} region=us-east-1`,
      );
    }
  }

  for (const s of signals) push(s.at, s.accountId, s.level, s.service, s.requestId, s.message);

  return lines.sort((a, b) => a.ts.localeCompare(b.ts) || a.requestId.localeCompare(b.requestId));
}

interface ErrorSeed {
  title: string;
  culprit: string;
  level: ErrorEvent['level'];
  product: ProductId;
  /** A release: the version deployed when the error first appeared. */
  release: string;
  accountIds: string[];
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

export function buildErrorEvents(
  now: Date,
  rng: Rng,
  knownIssues: readonly KnownIssue[],
  incidents: readonly Incident[],
  releases: readonly Release[],
): ErrorEvent[] {
  const ki = (id: string): KnownIssue => {
    const k = knownIssues.find((x) => x.id === id);
    if (!k) throw new Error(`unknown known issue ${id}`);
    return k;
  };
  const inc = (id: string): Incident => {
    const i = incidents.find((x) => x.id === id);
    if (!i) throw new Error(`unknown incident ${id}`);
    return i;
  };
  const fixed = (k: KnownIssue): Date => {
    const r = releases.find((x) => x.product === k.product && x.version === k.fixedIn);
    return r ? new Date(r.releasedAt) : minutesBefore(now, rng.int(5, 300));
  };
  const kiSeed = (
    id: string,
    title: string,
    culprit: string,
    level: ErrorEvent['level'],
    release: string,
    accountIds: string[],
    count: number,
  ): ErrorSeed => {
    const k = ki(id);
    const first = new Date(k.firstSeen);
    const last =
      k.status === 'fixed'
        ? fixed(k)
        : k.status === 'monitoring'
          ? daysBefore(now, rng.int(1, 6) + 0.3)
          : minutesBefore(now, rng.int(5, 600));
    return {
      title,
      culprit,
      level,
      product: k.product,
      release,
      accountIds,
      count,
      firstSeen: addMinutes(first, -rng.int(10, 600)),
      lastSeen: last,
    };
  };
  const incSeed = (
    id: string,
    title: string,
    culprit: string,
    release: string,
    accountIds: string[],
    count: number,
  ): ErrorSeed => {
    const i = inc(id);
    const start = new Date(i.startedAt);
    return {
      title,
      culprit,
      level: 'error',
      product: i.product,
      release,
      accountIds,
      count,
      firstSeen: addMinutes(start, 1),
      lastSeen: i.resolvedAt ? new Date(i.resolvedAt) : minutesBefore(now, 2),
    };
  };
  const other = (
    title: string,
    culprit: string,
    level: ErrorEvent['level'],
    product: ProductId,
    release: string,
    accountIds: string[],
    count: number,
    firstDays: number,
    lastDays: number,
  ): ErrorSeed => ({
    title,
    culprit,
    level,
    product,
    release,
    accountIds,
    count,
    firstSeen: daysBefore(now, firstDays),
    lastSeen: daysBefore(now, lastDays),
  });

  const seeds: ErrorSeed[] = [
    kiSeed(
      'KI-11',
      'TaxCalculationError: TAX_PRORATION_MISMATCH on combined proration invoice',
      'billing/tax/proration.ts in recomputeCombinedTax',
      'error',
      'billing@8.2.0',
      ['acct-1011', 'acct-1019', 'acct-1021', 'acct-1010'],
      61,
    ),
    kiSeed(
      'KI-12',
      'SessionRevocationWarning: SCIM_DEPROVISION_SESSION_LINGER refresh token still valid after deprovision',
      'identity/scim/deprovision.ts in revokeSessions',
      'warning',
      'identity@2.8.0',
      ['acct-1003', 'acct-1013', 'acct-1005'],
      214,
    ),
    kiSeed(
      'KI-14',
      'IdempotencyError: E_IDEMPOTENCY_CONFLICT capture replayed with new key after gateway timeout',
      'payments-gateway/retry.go in retryCapture',
      'error',
      'payments@5.11.0',
      ['acct-1012', 'acct-1022', 'acct-1015', 'acct-1009', 'acct-1024'],
      388,
    ),
    kiSeed(
      'KI-15',
      'ReconciliationLag: DUNNING_RECON_LAG reminder queued for unreconciled bank transfer',
      'billing/dunning/scheduler.ts in enqueueReminders',
      'warning',
      'billing@8.4.0',
      ['acct-1001', 'acct-1005', 'acct-1006'],
      97,
    ),
    kiSeed(
      'KI-17',
      'ConnectorRunError: SYNC-429-BACKOFF-EXHAUSTED ledger API rate limit',
      'sync/connectors/ledger/client.ts in withBackoff',
      'error',
      'sync@3.7.0',
      ['acct-1008', 'acct-1014', 'acct-1025', 'acct-1023', 'acct-1012'],
      1342,
    ),
    kiSeed(
      'KI-19',
      'EXC_BAD_ACCESS in OfflineStore.compact',
      'OfflineStore.swift in compact(pages:)',
      'fatal',
      'ios@6.10.0',
      ['acct-1001', 'acct-1006', 'acct-1015', 'acct-1005'],
      2206,
    ),
    kiSeed(
      'KI-20',
      'ChallengeFrameError: 3DS_CHALLENGE_FRAME_BLOCKED challenge iframe storage access denied',
      'checkout-js/src/threeds/frame.ts in mountChallenge',
      'error',
      'payments@5.13.0',
      ['acct-1006', 'acct-1007', 'acct-1016', 'acct-1022'],
      913,
    ),
    kiSeed(
      'KI-21',
      'android.os.FileUriExposedException: file:///data/user/0/example.ferrowick.app/cache/invoice.pdf exposed beyond app through Intent.getData()',
      'InvoicePdfActivity.kt in openExternal',
      'fatal',
      'android@6.12.0',
      ['acct-1007', 'acct-1023', 'acct-1021', 'acct-1014'],
      477,
    ),
    kiSeed(
      'KI-22',
      'SamlValidationError: SAML_AUDIENCE_MISMATCH expected custom entity id',
      'identity/saml/validate.ts in checkAudience',
      'error',
      'identity@2.6.0',
      ['acct-1003', 'acct-1011', 'acct-1024'],
      1580,
    ),
    kiSeed(
      'KI-23',
      'PdfLayoutWarning: PDF_RENDER_TRUNCATED rows dropped at page break',
      'pdf-renderer/layout/table.ts in paginate',
      'warning',
      'billing@8.5.0',
      ['acct-1002', 'acct-1004', 'acct-1006', 'acct-1001'],
      139,
    ),
    kiSeed(
      'KI-25',
      'WebhookDeliveryFailure: WEBHOOK_SIGNATURE_MISMATCH endpoint rejected v2 signature header',
      'webhook-dispatcher/deliver.ts in classifyFailure',
      'error',
      'sync@3.9.0',
      ['acct-1004', 'acct-1001', 'acct-1013', 'acct-1008'],
      18734,
    ),
    incSeed(
      'INC-253',
      'TimeoutError: upstream payments-gateway timed out after 30000ms',
      'checkout-api/src/handlers/sessions.ts in createSession',
      'payments@5.14.0',
      [
        'acct-1001',
        'acct-1006',
        'acct-1012',
        'acct-1004',
        'acct-1022',
        'acct-1018',
        'acct-1024',
        'acct-1009',
      ],
      4821,
    ),
    incSeed(
      'INC-253',
      'PoolExhaustedError: no connection available in gateway pool (max=64, region=us-east-1)',
      'checkout-api/src/gateway/pool.ts in acquire',
      'payments@5.14.0',
      ['acct-1001', 'acct-1004', 'acct-1012', 'acct-1022'],
      11290,
    ),
    incSeed(
      'INC-239',
      'TimeoutError: acquirer connection timed out after 30000ms',
      'payments-gateway/acquirer.go in Authorize',
      'payments@5.13.0',
      ['acct-1001', 'acct-1004', 'acct-1012', 'acct-1015', 'acct-1007'],
      6120,
    ),
    incSeed(
      'INC-214',
      'QueueLagWarning: webhook delivery lag above 600s',
      'webhook-dispatcher/worker.ts in drain',
      'sync@3.7.0',
      ['acct-1004', 'acct-1008', 'acct-1001', 'acct-1013'],
      2390,
    ),
    incSeed(
      'INC-226',
      'SamlSignatureError: SP signing certificate expired (eu-1)',
      'identity/saml/sign.ts in signAuthnRequest',
      'identity@2.6.1',
      ['acct-1002', 'acct-1005', 'acct-1011', 'acct-1017'],
      5212,
    ),
    incSeed(
      'INC-201',
      'RenderQueueBacklog: pdf render queue depth above 5000',
      'pdf-renderer/queue.ts in enqueue',
      'billing@8.2.2',
      ['acct-1002', 'acct-1003', 'acct-1009'],
      870,
    ),
    incSeed(
      'INC-247',
      'ScimConsumerStalled: provisioning consumer heartbeat missed',
      'identity/scim/consumer.ts in poll',
      'identity@2.8.2',
      ['acct-1003', 'acct-1013'],
      145,
    ),
    {
      title:
        'NSInternalInconsistencyException: -[AVCaptureSession startRunning] called while session is being configured',
      culprit: 'ReceiptCaptureViewController.swift in startSession()',
      level: 'fatal',
      product: 'mobile',
      release: 'ios@6.14.0',
      accountIds: ['acct-1010', 'acct-1001', 'acct-1006', 'acct-1015'],
      count: 318,
      firstSeen: daysBefore(now, 8.9),
      lastSeen: minutesBefore(now, 41),
    },
    {
      title: 'TotpVerificationFailed: code outside allowed drift window (±1 step)',
      culprit: 'identity/mfa/totp.ts in verify',
      level: 'warning',
      product: 'identity',
      release: 'identity@2.8.2',
      accountIds: ['acct-1020', 'acct-1017', 'acct-1021'],
      count: 64,
      firstSeen: daysBefore(now, 40),
      lastSeen: minutesBefore(now, 232),
    },
    {
      title: 'MirrorDeleteWarning: mirror run deleted more than 25% of target records',
      culprit: 'sync/connectors/mirror.ts in applyDeletes',
      level: 'warning',
      product: 'sync',
      release: 'sync@3.9.0',
      accountIds: ['acct-1015'],
      count: 1,
      firstSeen: minutesBefore(now, 600),
      lastSeen: minutesBefore(now, 600),
    },
    other(
      "TypeError: Cannot read properties of undefined (reading 'currency')",
      'web/src/invoices/InvoiceTotals.tsx in formatTotals',
      'error',
      'billing',
      'billing@8.5.0',
      ['acct-1016', 'acct-1018'],
      23,
      20,
      2,
    ),
    other(
      'RangeError: Invalid time value in formatDueDate',
      'web/src/invoices/due-date.ts in formatDueDate',
      'error',
      'billing',
      'billing@8.4.0',
      ['acct-1020', 'acct-1007'],
      12,
      98,
      61,
    ),
    other(
      'DeadlineExceeded: bulk export job exceeded 900s',
      'sync/export/runner.ts in runExport',
      'error',
      'sync',
      'sync@3.7.0',
      ['acct-1001', 'acct-1004'],
      41,
      120,
      6,
    ),
    other(
      'PushTokenInvalid: APNs BadDeviceToken',
      'push-service/apns.ts in send',
      'warning',
      'mobile',
      'ios@6.12.0',
      ['acct-1005', 'acct-1021', 'acct-1010', 'acct-1006'],
      2904,
      150,
      0.1,
    ),
    other(
      'RateLimitExceeded: GET /v2/invoices 429',
      'api-gateway/limits.ts in enforce',
      'warning',
      'sync',
      'sync@3.7.0',
      ['acct-1008', 'acct-1023', 'acct-1025'],
      8841,
      200,
      0.2,
    ),
    other(
      'ValidationError: refund amount exceeds refundable amount',
      'payments/refunds/create.ts in validate',
      'warning',
      'payments',
      'payments@5.11.0',
      ['acct-1012', 'acct-1022', 'acct-1016'],
      187,
      190,
      4,
    ),
    other(
      'OperationalError: deadlock detected in invoice_numbering',
      'billing/numbering/allocator.ts in nextNumber',
      'error',
      'billing',
      'billing@8.4.0',
      ['acct-1001', 'acct-1003'],
      9,
      105,
      33,
    ),
    other(
      "KeyError: 'tax_region' in TaxRateResolver.resolve",
      'tax-service/resolver.py in resolve',
      'error',
      'billing',
      'billing@8.2.2',
      ['acct-1023', 'acct-1007'],
      17,
      230,
      180,
    ),
    other(
      'SamlResponseExpired: assertion NotOnOrAfter in the past (clock skew 212s)',
      'identity/saml/validate.ts in checkConditions',
      'warning',
      'identity',
      'identity@2.6.1',
      ['acct-1011', 'acct-1024'],
      33,
      160,
      14,
    ),
  ];

  let next = 4_812_000;
  return seeds.map((s): ErrorEvent => {
    next += rng.int(300, 9000);
    const id = String(next);
    return {
      id,
      title: s.title,
      culprit: s.culprit,
      level: s.level,
      release: s.release,
      product: s.product,
      accountIds: s.accountIds,
      count: s.count,
      firstSeen: iso(s.firstSeen),
      lastSeen: iso(s.lastSeen > s.firstSeen ? s.lastSeen : addMinutes(s.firstSeen, 5)),
      url: URLS.errorEvent(id),
    };
  });
}
