import { useContext } from 'react';
import { ClientContext } from '../contexts/client-provider';
import type { ZafHost } from '../../lib/zaf';

/**
 * The typed Zendesk host.
 *
 * @throws Error outside {@link ClientProvider}: a component rendered without the host is a wiring bug.
 */
export function useClient(): ZafHost {
  const host = useContext(ClientContext);
  if (!host) throw new Error('useClient must be used inside <ClientProvider>');
  return host;
}
