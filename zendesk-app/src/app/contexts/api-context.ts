import { createContext, useContext } from 'react';
import type { TriageApi } from '../../lib/api';
import type { Session } from '../../lib/session';

export interface Backend {
  api: TriageApi;
  session: Session;
}

export const BackendContext = createContext<Backend | null>(null);

/** The backend client and the signed-in person. @throws Error outside the provider. */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend must be used inside <BackendContext.Provider>');
  return backend;
}
