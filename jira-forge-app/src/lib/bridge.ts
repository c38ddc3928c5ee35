import { events, invokeRemote, view } from '@forge/bridge';
import { ErrorBody } from '@triage/shared';
import { z } from 'zod';

/**
 * The one seam to the Forge platform: nothing else in the panel imports `@forge/bridge`. Everything it
 * hands back is parsed here, so components see typed data or a {@link RemoteError}.
 */

/** What the panel needs from `view.getContext()` in a `jira:issueContext` module. */
export const PanelContext = z.looseObject({
  accountId: z.string().min(1).optional(),
  cloudId: z.string().min(1),
  siteUrl: z.url(),
  locale: z.string().min(2).default('en-US'),
  timezone: z.string().optional(),
  extension: z.looseObject({
    issue: z.looseObject({
      key: z.string().regex(/^[A-Z][A-Z0-9_]*-[1-9]\d*$/),
      id: z.union([z.string(), z.number()]).optional(),
    }),
    project: z.looseObject({ key: z.string(), type: z.string().optional() }).optional(),
  }),
});
export type PanelContext = z.infer<typeof PanelContext>;

/** A failed call, as the panel shows it: a stable code, a message safe to show, and the refusal reason. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly reason?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RemoteError';
  }
}

/** The panel's context, parsed. @throws RemoteError `bad_context` when Forge sent something else. */
export async function getPanelContext(): Promise<PanelContext> {
  const parsed = PanelContext.safeParse(await view.getContext());
  if (!parsed.success) {
    throw new RemoteError(
      'bad_context',
      'The panel was opened somewhere it does not support.',
      0,
      undefined,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

export type HttpMethod = 'GET' | 'POST';

const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

/**
 * One call to the backend through Forge Remote (`invokeRemote`, which adds the invocation token and the
 * forwarded Atlassian tokens on the platform side). The body is the API's result envelope; `data` is
 * parsed with `schema`.
 *
 * @throws RemoteError with the API's `code`/`message`/`reason`, or `unreachable` / `bad_response`.
 */
export async function callRemote<S extends z.ZodType>(
  request: { method: HttpMethod; path: string; body?: unknown },
  schema: S,
): Promise<z.output<S>> {
  let response: Awaited<ReturnType<typeof invokeRemote>>;
  try {
    response = await invokeRemote({
      method: request.method,
      path: request.path,
      ...(request.body === undefined
        ? {}
        : { body: request.body, headers: { 'content-type': 'application/json' } }),
    });
  } catch (e) {
    throw new RemoteError('unreachable', 'The triage service could not be reached.', 0, undefined, {
      cause: e,
    });
  }
  const envelope = Envelope.safeParse(response.body);
  if (!envelope.success) {
    throw new RemoteError(
      'bad_response',
      'The triage service sent an answer the panel cannot read.',
      response.status,
    );
  }
  if (!envelope.data.ok) {
    const { code, message, reason } = envelope.data.error;
    throw new RemoteError(code, message, response.status, reason);
  }
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) {
    throw new RemoteError(
      'bad_response',
      'The triage service sent an answer the panel cannot read.',
      response.status,
      undefined,
      {
        cause: data.error,
      },
    );
  }
  return data.data;
}

/** Applies Jira's theme (light/dark) to the design tokens. */
export async function enableTheme(): Promise<void> {
  await view.theme.enable();
}

/**
 * Calls `onChange` when the issue is edited in the issue view (Forge's `JIRA_ISSUE_CHANGED`), so the panel
 * can mark its packet stale. Returns the unsubscribe function.
 */
export function onIssueChanged(onChange: () => void): () => void {
  let unsubscribe: (() => void) | undefined;
  let cancelled = false;
  events
    .on('JIRA_ISSUE_CHANGED', () => onChange())
    .then(
      (subscription) => {
        if (cancelled) subscription.unsubscribe();
        else unsubscribe = () => subscription.unsubscribe();
      },
      () => undefined,
    );
  return () => {
    cancelled = true;
    unsubscribe?.();
  };
}
