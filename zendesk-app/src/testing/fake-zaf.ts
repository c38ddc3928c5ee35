import type { RawZafClient } from '../lib/zaf';

type Handler = (data?: unknown) => void;

/** One call the app made to the host, as the fake saw it. */
export interface ZafCallRecord {
  method: 'get' | 'set' | 'invoke' | 'context' | 'metadata';
  args: unknown[];
}

/**
 * A ZAF client that answers from a map of paths and records every call, in order. `fire` plays Zendesk
 * sending an event; `app.registered` is sent on the next tick after the first listener, as the SDK does.
 */
export function createFakeZaf(values: Record<string, unknown>, options: { location?: string } = {}) {
  const calls: ZafCallRecord[] = [];
  const handlers = new Map<string, Set<Handler>>();
  const fire = (event: string, data?: unknown) => {
    for (const h of [...(handlers.get(event) ?? [])]) h(data);
  };
  const client: RawZafClient = {
    get(paths) {
      const list = typeof paths === 'string' ? [paths] : [...paths];
      calls.push({ method: 'get', args: [list] });
      const out: Record<string, unknown> = { errors: {} };
      for (const p of list) if (p in values) out[p] = values[p];
      return Promise.resolve(out);
    },
    set(path, value) {
      calls.push({ method: 'set', args: [path, value] });
      return Promise.resolve({ [path]: value });
    },
    invoke(name, ...args) {
      calls.push({ method: 'invoke', args: [name, ...args] });
      return Promise.resolve(null);
    },
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler);
      if (event === 'app.registered') setTimeout(() => fire('app.registered'), 0);
    },
    off(event, handler) {
      handlers.get(event)?.delete(handler);
    },
    context() {
      calls.push({ method: 'context', args: [] });
      return Promise.resolve({
        location: options.location ?? 'ticket_sidebar',
        ticketId: values['ticket.id'],
        account: { subdomain: 'acme' },
      });
    },
    metadata() {
      calls.push({ method: 'metadata', args: [] });
      return Promise.resolve({ appId: 1, installationId: 2 });
    },
  };
  return { client, calls, fire, listeners: (event: string) => handlers.get(event)?.size ?? 0 };
}

/** The demo-like ticket the fake answers with. */
export const TICKET_VALUES: Record<string, unknown> = {
  'ticket.id': 4321,
  'ticket.subject': 'Checkout fails with 502',
  'ticket.description': 'Since this morning every payment fails.',
  'ticket.status': 'open',
  'ticket.priority': 'high',
  'ticket.tags': ['checkout'],
  'ticket.updatedAt': '2026-03-02T10:14:00Z',
  'ticket.via': { channel: 'email' },
  'ticket.requester': { id: 77, name: 'Ana', email: 'ana@example.com' },
  'currentUser.locale': 'en-US',
};
