import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import './app/index.css';
import { App } from './app/app';
import { BackendContext } from './app/contexts/api-context';
import { ClientProvider } from './app/contexts/client-provider';
import { ApiError, createTriageApi } from './lib/api';
import { readSession } from './lib/session';
import { keepSessionAlive } from './lib/session-renewal';
import { initZafClient } from './lib/zaf';

const container = document.getElementById('root');
if (container) {
  const root = createRoot(container);
  try {
    const session = readSession();
    // The session is renewed in the background while the ticket stays open; every call sends the
    // current token.
    const keeper = keepSessionAlive({
      initial: session,
      renew: () => api.renewSession(),
      isFinal: (e) => e instanceof ApiError && (e.status === 401 || e.status === 403),
    });
    const api = createTriageApi({ token: () => keeper.current().token });
    const backend = { session, api };
    const client = initZafClient();
    root.render(
      <StrictMode>
        <ThemeProvider>
          <ClientProvider client={client}>
            <BackendContext.Provider value={backend}>
              <App />
            </BackendContext.Provider>
          </ClientProvider>
        </ThemeProvider>
      </StrictMode>,
    );
  } catch (e) {
    // Opened outside Zendesk or without a sign-in: say so instead of a blank frame.
    container.textContent = e instanceof Error ? e.message : 'The app could not start.';
  }
}
