import type { ActionKind } from '@triage/shared';
import { z } from 'zod';
import { startFakeServer, type FakeServer } from '../../connectors/testing/fake-server';
import { requestJson } from '../../connectors/http-json';
import type { WriteBackResult, WriteBackTarget } from '../../connectors/types';
import { createGuardedClient } from '../../infrastructure/http';

/** One effect the counting server applied. */
export interface CountedEffect {
  key: string;
  ref: string;
  id: string;
}

/** A fake desk that counts what each idempotency key did. */
export interface CountingServer {
  baseUrl: string;
  /** Every effect, in the order applied. */
  effects: CountedEffect[];
  /** How many effects each key produced; exactly-once means 1 for every key. */
  countsByKey(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A local fake desk for the crash test. `POST /tickets/:ref/notes` applies one effect per request, with
 * no deduplication of its own, so a repeated write shows up as a second effect; `GET
 * /tickets/:ref/notes?marker=KEY` is the marker lookup. With `faultRate`, a seeded share of writes is
 * answered 429 with `Retry-After: 0` before applying, or applied and then answered 503 (the outcome the
 * worker cannot know, which only the marker check resolves).
 */
export async function startCountingServer(
  options: { random?: () => number; faultRate?: number } = {},
): Promise<CountingServer> {
  const random = options.random ?? (() => 1);
  const faultRate = options.faultRate ?? 0;
  const effects: CountedEffect[] = [];
  const server: FakeServer = await startFakeServer((req) => {
    const match = /^\/tickets\/([^/]+)\/notes$/.exec(req.path);
    if (match?.[1] === undefined) return { status: 404, body: { error: 'not found' } };
    const ref = decodeURIComponent(match[1]);
    if (req.method === 'GET') {
      const key = req.query.get('marker') ?? '';
      const found = effects.find((e) => e.key === key && e.ref === ref);
      return { body: { note: found === undefined ? null : { id: found.id, url: urlOf(ref, found.id) } } };
    }
    if (req.method !== 'POST') return { status: 405, body: { error: 'method' } };
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return { status: 400, body: { error: 'no key' } };
    const draw = random();
    if (draw < faultRate / 2)
      return { status: 429, headers: { 'retry-after': '0' }, body: { error: 'slow down' } };
    const effect = { key, ref, id: `n-${effects.length + 1}` };
    effects.push(effect);
    if (draw < faultRate) return { status: 503, body: { error: 'lost the answer' } };
    return { status: 201, body: { note: { id: effect.id, url: urlOf(ref, effect.id) } } };
  });
  return {
    baseUrl: server.baseUrl,
    effects,
    countsByKey() {
      const counts = new Map<string, number>();
      for (const e of effects) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
      return counts;
    },
    close: () => server.close(),
  };
}

function urlOf(ref: string, id: string): string {
  return `https://desk.test/tickets/${encodeURIComponent(ref)}/notes/${id}`;
}

const NoteResponse = z.object({
  note: z.object({ id: z.string(), url: z.string() }).nullable(),
});

/**
 * The write port over the counting server, through the same SSRF-guarded client and status mapping as
 * the real connectors (429/503 become retryable `ConnectorError`s with `Retry-After`).
 */
export function createCountingTarget(baseUrl: string, options: { timeoutMs?: number } = {}): WriteBackTarget {
  const http = createGuardedClient({
    timeoutMs: options.timeoutMs ?? 2000,
    maxResponseBytes: 100_000,
    allowInsecureLocal: true,
  });
  const notesUrl = (ref: string) => new URL(`/tickets/${encodeURIComponent(ref)}/notes`, baseUrl);
  const actions: readonly ActionKind[] = ['internal-note', 'public-reply'];
  return {
    id: 'counting-desk',
    system: 'counting',
    actions,
    async write(request): Promise<WriteBackResult> {
      const res = await requestJson(http, {
        method: 'POST',
        url: notesUrl(request.ref),
        headers: { 'Idempotency-Key': request.idempotencyKey },
        json: { action: request.action, payload: request.payload },
        signal: request.signal,
        schema: NoteResponse,
        system: 'counting desk',
      });
      return { externalId: res.data.note?.id ?? null, url: res.data.note?.url ?? null };
    },
    async findMarker(request): Promise<WriteBackResult | null> {
      const url = notesUrl(request.ref);
      url.searchParams.set('marker', request.idempotencyKey);
      const res = await requestJson(http, {
        url,
        signal: request.signal,
        schema: NoteResponse,
        system: 'counting desk',
      });
      return res.data.note === null ? null : { externalId: res.data.note.id, url: res.data.note.url };
    },
  };
}
