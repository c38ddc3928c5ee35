/**
 * Loki HTTP API payloads for contract tests, shaped as Loki 3.x answers them.
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-labels
 */

export type LokiValue = [string, string];

export interface LokiStream {
  stream: Record<string, string>;
  values: LokiValue[];
}

/** An instant as Loki's nanosecond epoch string, with sub-millisecond digits as real Loki has them. */
export function ns(iso: string, extraNs = 0): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n + BigInt(extraNs)).toString();
}

/** A `query_range` success body; `stats` is abbreviated but keeps Loki's nesting. */
export function queryRangeBody(result: LokiStream[]) {
  const lines = result.reduce((n, s) => n + s.values.length, 0);
  return {
    status: 'success',
    data: {
      resultType: 'streams',
      result,
      stats: {
        summary: {
          bytesProcessedPerSecond: 1_532_311,
          linesProcessedPerSecond: 10_342,
          totalBytesProcessed: lines * 180,
          totalLinesProcessed: lines,
          execTime: 0.012_457,
          queueTime: 0.000_112,
          subqueries: 0,
          totalEntriesReturned: lines,
          splits: 1,
          shards: 1,
        },
        querier: { store: { totalChunksRef: 3, totalChunksDownloaded: 3, chunksDownloadTime: 1_210_445 } },
        ingester: { totalReached: 3, totalChunksMatched: 2, totalBatches: 1, totalLinesSent: lines },
      },
    },
  };
}

/** `GET /loki/api/v1/labels`. */
export const labelsBody = {
  status: 'success',
  data: ['__stream_shard__', 'account_id', 'app', 'env', 'level', 'service_name'],
};

/** Loki answers errors as text/plain, one line, not JSON. */
export const errorBodies = {
  noOrgId: 'no org id\n',
  unauthorized: 'invalid authentication credentials\n',
  tooManyRequests: 'too many outstanding requests\n',
  internal: 'rpc error: code = Internal desc = failed to fetch chunks: context canceled\n',
  notFound: '404 page not found\n',
};

const apiLabels = {
  account_id: 'acct_42',
  app: 'api',
  env: 'prod',
  level: 'error',
  service_name: 'api',
};
const workerLabels = {
  account_id: 'acct_42',
  app: 'billing-worker',
  env: 'prod',
  detected_level: 'warn',
  service_name: 'billing-worker',
};
const gatewayLabels = { account_id: 'acct_42', app: 'gateway', env: 'prod', service_name: 'gateway' };

function minutesBefore(endIso: string, minutes: number, extraNs = 0): string {
  return ns(new Date(Date.parse(endIso) - minutes * 60_000).toISOString(), extraNs);
}

/**
 * The happy path: 12 declined charges and 2 refund failures (api, error, logfmt), 5 job retries (worker,
 * warn via `detected_level`), 3 upstream timeouts (gateway, JSON lines, level only in the line). Values
 * are newest first, as `direction=backward` returns them.
 */
export function happyStreams(end = '2026-11-20T11:00:00Z'): LokiStream[] {
  const charges: LokiValue[] = [];
  for (let i = 0; i < 12; i++)
    charges.push([
      minutesBefore(end, i * 7, 311),
      `level=error ts=${new Date(Date.parse(end) - i * 7 * 60_000).toISOString()} caller=payments.go:212 msg="charge failed" request_id=req_${(9000 + i).toString(36)}a${i} err="StripeCardError: card_declined" account_id=acct_42 duration=${120 + i}ms`,
    ]);
  const refunds: LokiValue[] = [0, 1].map((i) => [
    minutesBefore(end, 30 + i * 90, 17),
    `level=error ts=${new Date(Date.parse(end) - (30 + i * 90) * 60_000).toISOString()} caller=refunds.go:88 msg="refund failed" request_id=req_rf${i}x9 err="RefundError: charge_already_refunded" account_id=acct_42`,
  ]);
  const retries: LokiValue[] = [];
  for (let i = 0; i < 5; i++)
    retries.push([
      minutesBefore(end, 3 + i * 11),
      `retrying job ${48_211 + i} for account acct_42 after ETIMEDOUT (attempt ${i + 1}/5)`,
    ]);
  const timeouts: LokiValue[] = [0, 1, 2].map((i) => [
    minutesBefore(end, 5 + i * 40),
    JSON.stringify({
      level: 'error',
      ts: new Date(Date.parse(end) - (5 + i * 40) * 60_000).toISOString(),
      msg: 'upstream timeout',
      upstream: `10.0.3.${7 + i}:8443`,
      request_id: `req_gw${i}t7q`,
      elapsed_ms: 30_000 + i,
    }),
  ]);
  return [
    {
      stream: apiLabels,
      values: [...charges, ...refunds].sort((a, b) => (BigInt(b[0]) > BigInt(a[0]) ? 1 : -1)),
    },
    { stream: workerLabels, values: retries },
    { stream: gatewayLabels, values: timeouts },
  ];
}

/** One line that carries an email, a Luhn-valid card number and a live-looking secret key. */
export function canaryStreams(end = '2026-11-20T11:00:00Z'): LokiStream[] {
  return [
    {
      stream: apiLabels,
      values: [
        [
          minutesBefore(end, 1),
          'level=error msg="webhook rejected for canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd" request_id=req_cnry01',
        ],
        [
          minutesBefore(end, 2),
          'level=error msg="webhook rejected for canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd" request_id=req_cnry02',
        ],
      ],
    },
  ];
}

/** `count` distinct lines of one stream, newest first, one second apart, ending just before `endNs`. */
export function pageOfLines(endNs: bigint, count: number, tag: string): LokiStream[] {
  const values: LokiValue[] = [];
  for (let i = 1; i <= count; i++)
    values.push([
      (endNs - BigInt(i) * 1_000_000_000n).toString(),
      `level=error msg="sync failed" page=${tag} seq=${i} request_id=req_${tag}${i}00`,
    ]);
  return [{ stream: apiLabels, values }];
}
