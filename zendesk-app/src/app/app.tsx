import { useEffect, useState, type ComponentType } from 'react';
import { pickLocale, type Locale } from '../lib/i18n';
import { I18nProvider } from './contexts/i18n-provider';
import { useClient } from './hooks/use-client';
import { TicketSidebar } from './locations/ticket-sidebar';

/**
 * Location name → component. One location today; loaded eagerly, because a lazily loaded chunk would add
 * a round trip before the packet request can start.
 */
const LOCATIONS: Record<string, ComponentType> = {
  ticket_sidebar: TicketSidebar,
};

/** Picks the component for the location Zendesk opened the app in, in the agent's language. */
export function App() {
  const host = useClient();
  const [ready, setReady] = useState<{ location: string; locale: Locale } | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([host.context(), host.locale().catch(() => null)])
      .then(([context, locale]) => {
        if (live) setReady({ location: context.location, locale: pickLocale(locale) });
      })
      .catch(() => {
        if (live) setReady({ location: 'unknown', locale: 'en' });
      });
    return () => {
      live = false;
    };
  }, [host]);

  useEffect(() => {
    if (ready) document.documentElement.lang = ready.locale;
  }, [ready]);

  if (!ready) return null;
  const Location = LOCATIONS[ready.location];
  if (!Location) return null;
  return (
    <I18nProvider locale={ready.locale}>
      <Location />
    </I18nProvider>
  );
}
