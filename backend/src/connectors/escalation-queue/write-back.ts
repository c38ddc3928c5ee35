import type { ActionKind } from '@triage/shared';
import { z } from 'zod';
import type { ConnectorContext } from '../definition';
import { ConnectorError, isConnectorError } from '../errors';
import { requestJson } from '../http-json';
import type { WriteBackTarget } from '../types';
import type { EscalationQueueConfig, EscalationQueueSecrets } from './config';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signEscalation } from './signature';

const SYSTEM = 'Escalation webhook';

/** The connector type key. */
export const ESCALATION_QUEUE_TYPE = 'escalation-queue';

/** The one action the escalation queue takes. */
export const ESCALATION_QUEUE_ACTIONS: readonly ActionKind[] = ['escalation'];

// The key is sent as a header value and used by receivers as a dedupe key: no spaces or controls.
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const EscalationPayload = z.looseObject({
  caseRef: z.string().min(1),
  reasons: z.array(z.string()).default([]),
  severity: z.string().optional(),
});
/** A receiver may answer with the id it filed the escalation under; nothing else is read. */
const ReceiverAnswer = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String).optional() });

/**
 * The JSON body of one delivery. `id` equals the `Idempotency-Key` header, so a receiver that logs
 * bodies can dedupe too; `payload` is exactly the approved payload.
 */
export interface EscalationDelivery {
  id: string;
  type: 'escalation';
  ref: string;
  payload: Readonly<Record<string, unknown>>;
  sentAt: string;
}

/** Options for {@link createEscalationQueueWriteBack}; the same parts a connector definition's `create` gets. */
export interface EscalationQueueWriteBackOptions {
  id: string;
  config: EscalationQueueConfig;
  secrets: EscalationQueueSecrets;
  context: Pick<ConnectorContext, 'http' | 'clock'>;
}

/**
 * The escalation-queue write-back target: an `escalation` is POSTed as JSON ({@link EscalationDelivery})
 * to the configured webhook, with `Idempotency-Key: <key>`, `X-Triage-Timestamp: <unix seconds>` and
 * `X-Triage-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` (see
 * {@link verifyEscalationSignature}). Any 2xx is success, with or without a body.
 *
 * `findMarker` always answers null: a webhook offers nothing to read back. Exactly-once therefore rests
 * on the receiver, which **must dedupe by `Idempotency-Key`**: a retry after an unknown outcome
 * delivers the same key again (with a fresh timestamp and signature).
 *
 * @throws ConnectorError: `config` for another action, a bad key or an invalid payload; otherwise as
 * {@link requestJson} maps statuses (429/503 → `rate_limited`/`unavailable` with `retryAfterMs`).
 */
export function createEscalationQueueWriteBack(options: EscalationQueueWriteBackOptions): WriteBackTarget {
  const { config, secrets, context } = options;

  return {
    id: options.id,
    system: ESCALATION_QUEUE_TYPE,
    actions: ESCALATION_QUEUE_ACTIONS,

    async write(request) {
      if (request.action !== 'escalation')
        throw new ConnectorError('config', `${SYSTEM} does not take ${request.action} write-backs`);
      if (!IdempotencyKey.safeParse(request.idempotencyKey).success)
        throw new ConnectorError('config', `${SYSTEM}: the idempotency key has an unsupported format`);
      if (!EscalationPayload.safeParse(request.payload).success)
        throw new ConnectorError('config', `${SYSTEM}: the approved escalation payload is invalid`);
      const now = context.clock();
      const delivery: EscalationDelivery = {
        id: request.idempotencyKey,
        type: 'escalation',
        ref: request.ref,
        payload: request.payload,
        sentAt: now.toISOString(),
      };
      const timestamp = String(Math.floor(now.getTime() / 1000));
      // requestJson sends JSON.stringify(json): the same function over the same object, so these are
      // the exact bytes on the wire, which is what the receiver verifies.
      const body = JSON.stringify(delivery);
      try {
        const { data } = await requestJson(context.http, {
          method: 'POST',
          url: config.url,
          headers: {
            'Idempotency-Key': request.idempotencyKey,
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signEscalation(secrets.signingSecret, timestamp, body),
          },
          json: delivery,
          signal: request.signal,
          schema: ReceiverAnswer,
          system: SYSTEM,
        });
        return { externalId: data.id ?? null, url: null };
      } catch (e) {
        // A 2xx is a receipt even with no JSON body (202 Accepted, 204) or an answer we do not read.
        if (
          isConnectorError(e) &&
          e.code === 'bad_response' &&
          e.status !== undefined &&
          e.status >= 200 &&
          e.status < 300
        )
          return { externalId: null, url: null };
        throw e;
      }
    },

    findMarker() {
      return Promise.resolve(null);
    },
  };
}
