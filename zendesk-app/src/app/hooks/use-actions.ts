import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActionView, AuditEntryView } from '@triage/shared';
import { ApiError } from '../../lib/api';
import { useBackend } from '../contexts/api-context';
import { useClient } from './use-client';

/** Write-back states after which nothing changes without a person acting again. */
const SETTLED_WRITE_BACK = new Set(['done', 'failed', 'dead']);
/** Action states that end the story. */
const FINAL_STATES = new Set(['done', 'failed', 'rejected', 'expired', 'revoked', 'superseded']);
/** How often an approved action is asked about while its write-back runs; modest, per Zendesk's guidance. */
const POLL_MS = 1000;
/** Stop asking after this many polls; the list still shows the last known state. */
const MAX_POLLS = 120;

export interface ActionsState {
  actions: ActionView[] | null;
  error: unknown;
  /** The audit trail of each action someone opened or acted on in this session. */
  history: Record<string, AuditEntryView[]>;
  /** Action ids with a request in flight. */
  busy: ReadonlySet<string>;
}

export interface ActionsApi extends ActionsState {
  reload: () => Promise<void>;
  /** Resolves with the new action that replaced the edited one. */
  edit: (action: ActionView, body: string) => Promise<ActionView>;
  approve: (action: ActionView) => Promise<void>;
  reject: (action: ActionView, reason?: string) => Promise<void>;
}

function settled(action: ActionView): boolean {
  if (action.state === 'approved' || action.state === 'executing') {
    return action.writeBack !== null && SETTLED_WRITE_BACK.has(action.writeBack.status);
  }
  return FINAL_STATES.has(action.state) || action.state === 'proposed';
}

/**
 * The case's proposed actions and what the specialist does with them. After an approval, the action is
 * polled until its write-back settles (done, failed or dead), while the sidebar is visible. Refusals are
 * rethrown as {@link ApiError} for the card to explain; the list is reloaded when the refusal means it
 * is out of date.
 */
export function useActions(caseRef: string | null, packetId: string | null): ActionsApi {
  const { api } = useBackend();
  const host = useClient();
  const [actions, setActions] = useState<ActionView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [history, setHistory] = useState<Record<string, AuditEntryView[]>>({});
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const visible = useRef(true);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    const off = host.onVisibility((v) => {
      visible.current = v;
    });
    return () => {
      alive.current = false;
      off();
    };
  }, [host]);

  const reload = useCallback(async () => {
    if (!caseRef) return;
    try {
      const list = await api.actions(caseRef);
      if (!alive.current) return;
      setActions(list.actions.filter((a) => a.state !== 'superseded'));
      setError(null);
    } catch (e) {
      if (alive.current) setError(e);
    }
  }, [api, caseRef]);

  useEffect(() => {
    if (caseRef && packetId) void reload();
  }, [caseRef, packetId, reload]);

  const replace = useCallback((updated: ActionView, replacedId = updated.id) => {
    setActions((list) => {
      if (!list) return [updated];
      const index = list.findIndex((a) => a.id === replacedId);
      if (index < 0) return [...list, updated];
      return list.map((a, i) => (i === index ? updated : a));
    });
  }, []);

  const track = useCallback(async (id: string, run: () => Promise<void>) => {
    setBusy((b) => new Set(b).add(id));
    try {
      await run();
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(id);
        return next;
      });
    }
  }, []);

  const refreshDetail = useCallback(
    async (id: string): Promise<ActionView> => {
      const detail = await api.action(id);
      if (alive.current) {
        replace(detail.action);
        setHistory((h) => ({ ...h, [id]: detail.audit }));
      }
      return detail.action;
    },
    [api, replace],
  );

  const poll = useCallback(
    async (id: string) => {
      for (let i = 0; i < MAX_POLLS && alive.current; i++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!visible.current) continue;
        const action = await refreshDetail(id);
        if (settled(action)) return;
      }
    },
    [refreshDetail],
  );

  /** A refusal that means our copy is old: show the current list before the person tries again. */
  const onRefusal = useCallback(
    async (e: unknown) => {
      if (e instanceof ApiError && (e.reason === 'hash_mismatch' || e.reason === 'not_pending'))
        await reload();
      throw e;
    },
    [reload],
  );

  const edit = useCallback(
    async (action: ActionView, body: string) => {
      let created: ActionView | undefined;
      await track(action.id, async () => {
        try {
          created = await api.edit(action.id, action.payloadHash, body);
        } catch (e) {
          await onRefusal(e);
        }
      });
      if (!created) throw new Error('the edit returned no action');
      replace(created, action.id);
      return created;
    },
    [api, onRefusal, replace, track],
  );

  const approve = useCallback(
    async (action: ActionView) => {
      await track(action.id, async () => {
        try {
          replace(await api.approve(action.id, action.payloadHash));
        } catch (e) {
          await onRefusal(e);
        }
        await refreshDetail(action.id);
      });
      void poll(action.id).catch((e: unknown) => {
        if (alive.current) setError(e);
      });
    },
    [api, onRefusal, poll, refreshDetail, replace, track],
  );

  const reject = useCallback(
    async (action: ActionView, reason?: string) => {
      await track(action.id, async () => {
        try {
          replace(await api.reject(action.id, action.payloadHash, reason));
        } catch (e) {
          await onRefusal(e);
        }
        await refreshDetail(action.id);
      });
    },
    [api, onRefusal, refreshDetail, replace, track],
  );

  return { actions, error, history, busy, reload, edit, approve, reject };
}
