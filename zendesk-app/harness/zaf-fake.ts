// The ZAF SDK's stand-in inside the harness: defines `window.ZAFClient` with the calls the app's seam
// uses, and forwards each to the harness page, which plays Zendesk. Loaded as a classic script before the
// app, exactly where Zendesk's SDK would be.
import type { AppToHost, HostToApp, ZafCall } from './protocol';

/** Messages arrive as `unknown`: only the tag is trusted, and only from the parent window. */
function isFromHost(data: unknown): data is HostToApp {
  return typeof data === 'object' && data !== null && 'source' in data && data.source === 'zaf-host';
}

type Handler = (data?: unknown) => void;

function createClient() {
  const handlers = new Map<string, Set<Handler>>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const post = (message: AppToHost) => window.parent.postMessage(message, window.location.origin);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.source !== window.parent || event.origin !== window.location.origin) return;
    const message = event.data;
    if (!isFromHost(message)) return;
    if (message.kind === 'event') {
      for (const handler of handlers.get(message.event) ?? []) handler(message.data);
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.error));
  });

  const call = (c: ZafCall) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post({ source: 'zaf-fake', kind: 'call', id, ...c });
    });

  const client = {
    get: (paths: string | string[]) =>
      call({ method: 'get', args: [Array.isArray(paths) ? paths : [paths]] }),
    set: (path: string, value: unknown) => call({ method: 'set', args: [path, value] }),
    invoke: (name: string, ...rest: unknown[]) => call({ method: 'invoke', args: [name, ...rest] }),
    context: () => call({ method: 'context', args: [] }),
    metadata: () => call({ method: 'metadata', args: [] }),
    on(event: string, handler: Handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler);
    },
    off(event: string, handler: Handler) {
      handlers.get(event)?.delete(handler);
    },
  };
  // The host answers hello with app.registered, after the app has had the chance to listen for it.
  setTimeout(() => post({ source: 'zaf-fake', kind: 'hello' }), 0);
  return client;
}

let instance: ReturnType<typeof createClient> | undefined;
Object.defineProperty(window, 'ZAFClient', {
  value: { init: () => (instance ??= createClient()) },
  writable: false,
});
