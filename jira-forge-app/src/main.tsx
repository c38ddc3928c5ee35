import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { enableTheme } from './lib/bridge';

const root = document.getElementById('root');
if (root) {
  // The theme follows Jira's; the panel renders with the light defaults until it arrives.
  void enableTheme().catch(() => undefined);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
