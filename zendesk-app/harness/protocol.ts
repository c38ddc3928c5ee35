/**
 * The messages between the harness page (a stand-in for Zendesk's agent workspace) and the ZAF stand-in
 * inside the sidebar iframe. Zendesk's own SDK also talks to its host over `postMessage`; this protocol
 * is ours, not Zendesk's.
 */
export type ZafCall =
  | { method: 'get'; args: [paths: string[]] }
  | { method: 'set'; args: [path: string, value: unknown] }
  | { method: 'invoke'; args: [name: string, ...rest: unknown[]] }
  | { method: 'context'; args: [] }
  | { method: 'metadata'; args: [] };

export type AppToHost =
  { source: 'zaf-fake'; kind: 'hello' } | ({ source: 'zaf-fake'; kind: 'call'; id: number } & ZafCall);

export type HostToApp =
  | { source: 'zaf-host'; kind: 'result'; id: number; ok: true; value: unknown }
  | { source: 'zaf-host'; kind: 'result'; id: number; ok: false; error: string }
  | { source: 'zaf-host'; kind: 'event'; event: string; data?: unknown };
