import { z } from 'zod';

/**
 * Stands in for `@forge/bridge` in the harness build only (vite.config.ts aliases it there). Every call
 * goes by `postMessage` to the harness page that hosts this iframe, which plays the Forge platform: it
 * answers `getContext` and turns `invokeRemote` into a request to the backend carrying a signed
 * invocation token. Only the calls the panel's seam (src/lib/bridge.ts) makes are provided.
 */

const Reply = z.discriminatedUnion('ok', [
  z.object({
    type: z.literal('forge-harness-reply'),
    id: z.string(),
    ok: z.literal(true),
    value: z.unknown(),
  }),
  z.object({
    type: z.literal('forge-harness-reply'),
    id: z.string(),
    ok: z.literal(false),
    error: z.string(),
  }),
]);

const InvokeResponse = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.record(z.string(), z.unknown()).optional(),
});

function call(op: 'getContext' | 'invokeRemote', input?: unknown): Promise<unknown> {
  const id = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    function onMessage(event: MessageEvent) {
      if (event.source !== window.parent || event.origin !== window.location.origin) return;
      const reply = Reply.safeParse(event.data);
      if (!reply.success || reply.data.id !== id) return;
      window.removeEventListener('message', onMessage);
      if (reply.data.ok) resolve(reply.data.value);
      else reject(new Error(reply.data.error));
    }
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ type: 'forge-harness-call', id, op, input }, window.location.origin);
  });
}

export async function invokeRemote(input: {
  path: string;
  method: string;
  headers?: Record<string, string>;
  body?: unknown;
}) {
  return InvokeResponse.parse(await call('invokeRemote', input));
}

export const view = {
  getContext: () => call('getContext'),
  // Without a host theme the design tokens fall back to their light defaults.
  theme: { enable: () => Promise.resolve() },
};

export const events = {
  // The harness page has no issue view to edit, so nothing ever fires.
  on: (_event: string, _callback: (payload?: unknown) => void) =>
    Promise.resolve({ unsubscribe: () => undefined }),
};
