import { useCallback, useEffect, useRef, useState } from 'react';
import { toPacketView, type CaseRecord, type PacketView, type TriagePacket } from '@triage/shared';
import { ApiError } from '../../lib/api';
import type { TicketSnapshot } from '../../lib/zaf';
import { useBackend } from '../contexts/api-context';
import { useClient } from './use-client';
import { useI18n } from './use-i18n';

export type PacketState =
  | { status: 'loading'; building: boolean }
  | { status: 'ready'; packet: TriagePacket; view: PacketView; refreshing: boolean }
  | { status: 'error'; error: unknown };

/** The case a Zendesk ticket is stored as: `ZD-<ticket id>` (README, "Zendesk sidebar"). */
export function caseRefFor(ticketId: number): string {
  return `ZD-${ticketId}`;
}

/** A ticket the backend has not seen yet, as a case built from what Zendesk shows the agent. */
export function caseRecordFrom(ticket: TicketSnapshot): CaseRecord {
  const requester = {
    ...(ticket.requester.id ? { id: ticket.requester.id } : {}),
    ...(ticket.requester.name ? { name: ticket.requester.name } : {}),
    ...(ticket.requester.email ? { email: ticket.requester.email } : {}),
  };
  return {
    id: caseRefFor(ticket.id),
    source: 'zendesk',
    subject: ticket.subject || `Ticket ${ticket.id}`,
    ...(ticket.description ? { description: ticket.description } : {}),
    ...(ticket.status ? { status: ticket.status } : {}),
    ...(ticket.priority ? { priority: ticket.priority } : {}),
    ...(ticket.channel ? { channel: ticket.channel } : {}),
    ...(ticket.updatedAt ? { updated_at: ticket.updatedAt } : {}),
    tags: ticket.tags,
    ...(Object.keys(requester).length > 0 ? { requester } : {}),
  };
}

/** Marks the moment the packet is on screen, so a browser test can read how long opening took. */
function markShown(): void {
  if (
    typeof performance !== 'undefined' &&
    performance.getEntriesByName('triage:packet-shown').length === 0
  ) {
    performance.mark('triage:packet-shown');
  }
}

/**
 * The open ticket's packet: the cached one when the backend has it, built on demand when the ticket is
 * new to it. `stale` turns true when someone else saves the ticket; `refresh()` rebuilds.
 */
export function usePacket(): {
  state: PacketState;
  caseRef: string | null;
  stale: boolean;
  refresh: () => void;
  retry: () => void;
} {
  const host = useClient();
  const { api } = useBackend();
  const { locale } = useI18n();
  const [state, setState] = useState<PacketState>({ status: 'loading', building: false });
  const [caseRef, setCaseRef] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (refresh: boolean) => {
      const mine = ++generation.current;
      const current = () => mine === generation.current;
      try {
        const ticket = await host.ticket();
        const ref = caseRefFor(ticket.id);
        if (current()) setCaseRef(ref);
        let packet: TriagePacket;
        try {
          packet = await api.packet(ref, { refresh });
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 'case_not_found')) throw e;
          if (current()) setState({ status: 'loading', building: true });
          packet = await api.buildPacket(caseRecordFrom(ticket));
        }
        if (!current()) return;
        setState({ status: 'ready', packet, view: toPacketView(packet, { locale }), refreshing: false });
        setStale(false);
        markShown();
      } catch (error) {
        if (current()) setState({ status: 'error', error });
      }
    },
    [api, host, locale],
  );

  useEffect(() => {
    void load(false);
    return host.onTicketUpdated(() => setStale(true));
  }, [host, load]);

  const refresh = useCallback(() => {
    setState((s) =>
      s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading', building: false },
    );
    void load(true);
  }, [load]);

  const retry = useCallback(() => {
    setState({ status: 'loading', building: false });
    void load(false);
  }, [load]);

  return { state, caseRef, stale, refresh, retry };
}
