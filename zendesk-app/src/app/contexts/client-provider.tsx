import { createContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createZafHost, whenRegistered, type RawZafClient, type ZafHost } from '../../lib/zaf';

export const ClientContext = createContext<ZafHost | null>(null);

/**
 * Holds the one ZAF client: created once from the SDK (or given by a test), and nothing is rendered until
 * Zendesk has registered the app, because the SDK answers no call before that.
 */
export function ClientProvider({ client, children }: { client: RawZafClient; children: ReactNode }) {
  const host = useMemo(() => createZafHost(client), [client]);
  const [registered, setRegistered] = useState(false);

  useEffect(() => {
    let live = true;
    void whenRegistered(client).then(() => {
      if (live) setRegistered(true);
    });
    return () => {
      live = false;
    };
  }, [client]);

  if (!registered) return null;
  return <ClientContext.Provider value={host}>{children}</ClientContext.Provider>;
}
