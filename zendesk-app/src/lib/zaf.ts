import { z } from 'zod';

/**
 * The part of the ZAF SDK's client this app uses, as the SDK exposes it: untyped. Only
 * {@link createZafHost} calls it; everything else in the app talks to {@link ZafHost}.
 *
 * @see https://developer.zendesk.com/api-reference/apps/apps-core-api/client_api/
 */
export interface RawZafClient {
  get(paths: string | readonly string[]): Promise<unknown>;
  set(path: string, value: unknown): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: (data?: unknown) => void): void;
  off(event: string, handler: (data?: unknown) => void): void;
  context(): Promise<unknown>;
  metadata(): Promise<unknown>;
}

/** `window.ZAFClient` as the SDK script defines it. */
interface ZafGlobal {
  init(): RawZafClient | false;
}

declare global {
  interface Window {
    ZAFClient?: ZafGlobal;
  }
}

/**
 * The one place that reads `window.ZAFClient` (the SDK script, or the harness's stand-in).
 *
 * @throws Error when the SDK is absent or the page was not opened by Zendesk (`init()` answers false
 * without the `origin` and `app_guid` query parameters).
 */
export function initZafClient(): RawZafClient {
  const client = window.ZAFClient?.init();
  if (!client) throw new Error('The Zendesk Apps framework is not available on this page.');
  return client;
}

/**
 * Resolves once Zendesk has registered the app (`app.registered`); the SDK answers calls only after it.
 */
export function whenRegistered(client: RawZafClient): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      client.off('app.registered', done);
      resolve();
    };
    client.on('app.registered', done);
  });
}

/** `client.context()` for the ticket sidebar. */
export const ZafContext = z.object({
  location: z.string(),
  ticketId: z.number().int().positive().optional(),
  account: z.object({ subdomain: z.string() }).optional(),
});
export type ZafContext = z.infer<typeof ZafContext>;

/** `client.metadata()`: ids only; this app has no settings (see zendesk-app/README.md). */
export const ZafMetadata = z.object({
  appId: z.number().int().nonnegative().optional(),
  installationId: z.number().int().nonnegative().optional(),
});
export type ZafMetadata = z.infer<typeof ZafMetadata>;

const TICKET_PATHS = [
  'ticket.id',
  'ticket.subject',
  'ticket.description',
  'ticket.status',
  'ticket.priority',
  'ticket.tags',
  'ticket.updatedAt',
  'ticket.via',
  'ticket.requester',
] as const;

const Requester = z
  .object({ id: z.number().optional(), name: z.string().nullish(), email: z.string().nullish() })
  .nullish();

/** The bulk `get` answer, keyed by path (PLATFORMS.md §1.3). Unknown extra keys are ignored. */
const TicketAnswer = z.object({
  'ticket.id': z.number().int().positive(),
  'ticket.subject': z.string().nullish(),
  'ticket.description': z.string().nullish(),
  'ticket.status': z.string().nullish(),
  'ticket.priority': z.string().nullish(),
  'ticket.tags': z.array(z.string()).nullish(),
  'ticket.updatedAt': z.string().nullish(),
  'ticket.via': z.object({ channel: z.string().nullish() }).nullish(),
  'ticket.requester': Requester,
});

const LocaleAnswer = z.object({ 'currentUser.locale': z.string().nullish() });

/** What the sidebar knows about the open ticket, from Zendesk (unsigned: never proof of who anyone is). */
export interface TicketSnapshot {
  id: number;
  subject: string;
  description: string;
  status: string | null;
  priority: string | null;
  tags: string[];
  updatedAt: string | null;
  channel: string | null;
  requester: { id: string | null; name: string | null; email: string | null };
}

export type CommentType = 'internalNote' | 'publicReply';

/**
 * The ticket_sidebar host as the app sees it: typed, parsed, and nothing more than the app uses. Tests
 * implement it (or hand {@link createZafHost} a fake {@link RawZafClient}).
 */
export interface ZafHost {
  context(): Promise<ZafContext>;
  metadata(): Promise<ZafMetadata>;
  ticket(): Promise<TicketSnapshot>;
  /** The agent's Zendesk locale (`de`, `fr-ca`, ...), for the UI language. */
  locale(): Promise<string | null>;
  /** Someone else saved the ticket (`ticket.updated`); returns the unsubscribe function. */
  onTicketUpdated(handler: () => void): () => void;
  /** The sidebar was hidden or shown again (`app.deactivated` / `app.activated`). */
  onVisibility(handler: (visible: boolean) => void): () => void;
  /** Sets the iframe's height to the content's (`invoke('resize')`); the width follows the sidebar. */
  resize(heightPx: number): Promise<void>;
  /**
   * Puts text into the agent's comment box as an internal note or public reply. The agent still submits
   * it; nothing is saved by this call.
   */
  insertComment(text: string, type: CommentType): Promise<void>;
  notify(message: string, kind: 'notice' | 'error'): Promise<void>;
}

/** Every ZAF call failure, with the call it came from (never the arguments: they may be customer text). */
export class ZafError extends Error {
  constructor(
    readonly call: string,
    options?: { cause?: unknown },
  ) {
    super(`Zendesk call ${call} failed`, options);
    this.name = 'ZafError';
  }
}

async function attempt<T>(call: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new ZafError(call, { cause: e });
  }
}

function parse<S extends z.ZodType>(call: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ZafError(call, { cause: parsed.error });
  return parsed.data;
}

/** Wraps the SDK client in the typed {@link ZafHost}. */
export function createZafHost(client: RawZafClient): ZafHost {
  const subscribe = (event: string, handler: (data?: unknown) => void) => {
    client.on(event, handler);
    return () => client.off(event, handler);
  };

  return {
    async context() {
      return parse('context', ZafContext, await attempt('context', () => client.context()));
    },
    async metadata() {
      return parse('metadata', ZafMetadata, await attempt('metadata', () => client.metadata()));
    },
    async ticket() {
      const answer = await attempt('get(ticket)', () => client.get(TICKET_PATHS));
      const data = parse('get(ticket)', TicketAnswer, answer);
      const requester = data['ticket.requester'];
      return {
        id: data['ticket.id'],
        subject: data['ticket.subject'] ?? '',
        description: data['ticket.description'] ?? '',
        status: data['ticket.status'] ?? null,
        priority: data['ticket.priority'] ?? null,
        tags: data['ticket.tags'] ?? [],
        updatedAt: data['ticket.updatedAt'] ?? null,
        channel: data['ticket.via']?.channel ?? null,
        requester: {
          id: requester?.id === undefined ? null : String(requester.id),
          name: requester?.name ?? null,
          email: requester?.email ?? null,
        },
      };
    },
    async locale() {
      const answer = await attempt('get(currentUser.locale)', () => client.get(['currentUser.locale']));
      return parse('get(currentUser.locale)', LocaleAnswer, answer)['currentUser.locale'] ?? null;
    },
    onTicketUpdated(handler) {
      return subscribe('ticket.updated', () => handler());
    },
    onVisibility(handler) {
      const offHidden = subscribe('app.deactivated', () => handler(false));
      const offShown = subscribe('app.activated', () => handler(true));
      return () => {
        offHidden();
        offShown();
      };
    },
    async resize(heightPx) {
      await attempt('invoke(resize)', () =>
        client.invoke('resize', { width: '100%', height: `${Math.max(80, Math.ceil(heightPx))}px` }),
      );
    },
    async insertComment(text, type) {
      // The type first: appendText writes into whichever composer is active.
      await attempt('set(ticket.comment.type)', () => client.set('ticket.comment.type', type));
      await attempt('invoke(ticket.comment.appendText)', () =>
        client.invoke('ticket.comment.appendText', text),
      );
    },
    async notify(message, kind) {
      await attempt('invoke(notify)', () => client.invoke('notify', message, kind));
    },
  };
}
