import { randomUUID } from 'node:crypto';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { statusError, transportError } from '../http-json';
import { configSchema, secretsSchema } from './config';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signEscalation } from './signature';
import { ESCALATION_QUEUE_TYPE, createEscalationQueueWriteBack } from './write-back';

const SYSTEM = 'Escalation webhook';

/**
 * The escalation queue as a configurable connector: config `{ url }` (the receiver's webhook, https and
 * public in production, checked when an admin saves it and again by the guarded client on every call),
 * secret `{ signingSecret }`. It serves proposals whose target system is `escalation-queue` and gives no
 * evidence: its source answers [] for every case.
 *
 * "Test connection" POSTs one signed `{ id, type: "ping", sentAt }` delivery, with the same headers as an
 * escalation and a fresh `Idempotency-Key`, and passes on any 2xx. Receivers should verify and accept it
 * without filing anything; a 401 or 403 usually means the receiver holds a different signing secret.
 */
export const escalationQueueConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: ESCALATION_QUEUE_TYPE,
  title: 'Escalation queue (signed webhook)',
  capabilities: [],
  configSchema,
  secretsSchema,
  writeSystems: [ESCALATION_QUEUE_TYPE],
  createWriteBack: (options) => createEscalationQueueWriteBack(options),
  create({ id, config, secrets, context }): ConnectorSource {
    return {
      id,
      capabilities: [],
      fetch: () => Promise.resolve([]),
      async testConnection(signal) {
        const now = context.clock();
        const ping = { id: `ping-${randomUUID()}`, type: 'ping', sentAt: now.toISOString() };
        const body = JSON.stringify(ping);
        const timestamp = String(Math.floor(now.getTime() / 1000));
        let res;
        try {
          res = await context.http.request({
            method: 'POST',
            url: config.url,
            headers: {
              'Content-Type': 'application/json',
              'Idempotency-Key': ping.id,
              [TIMESTAMP_HEADER]: timestamp,
              [SIGNATURE_HEADER]: signEscalation(secrets.signingSecret, timestamp, body),
            },
            body,
            signal,
          });
        } catch (e) {
          throw transportError(e, SYSTEM);
        }
        const failure = statusError(res, SYSTEM, now.getTime());
        if (failure) throw failure;
      },
    };
  },
};
