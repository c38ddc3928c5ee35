import { z } from 'zod';

/**
 * Non-secret settings of the escalation queue: the receiver's webhook `url`. https is enforced by the
 * guarded client at request time (with its SSRF checks), not here, so tests can use a loopback fake.
 */
export const configSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'the webhook URL must be an http(s) URL' })
    .refine((u) => !new URL(u).hash, 'the webhook URL must not carry a fragment')
    .refine((u) => {
      const url = new URL(u);
      return url.username === '' && url.password === '';
    }, 'the webhook URL must not carry credentials'),
});

/** Parsed escalation-queue configuration. */
export type EscalationQueueConfig = z.output<typeof configSchema>;

/**
 * Write-only: the shared secret the webhook is signed with (HMAC-SHA256). At least 32 characters, so
 * the key has at least 128 bits even when it is hex.
 */
export const secretsSchema = z.object({
  signingSecret: z.string().min(32, 'the signing secret needs at least 32 characters').max(512),
});

/** Parsed escalation-queue secrets. */
export type EscalationQueueSecrets = z.output<typeof secretsSchema>;
