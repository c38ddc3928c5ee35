import de from '../translations/de.json';
import en from '../translations/en.json';
import es from '../translations/es.json';
import fr from '../translations/fr.json';

/** The UI languages shipped; `en` is the manifest's `defaultLocale` and the fallback for every key. */
export const LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export type MessageKey = keyof typeof en.ui;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const CATALOGS: Record<Locale, Partial<Record<MessageKey, string>>> = {
  en: en.ui,
  de: de.ui,
  fr: fr.ui,
  es: es.ui,
};

/** Zendesk locales are `de`, `fr-ca`, `es-419`, `pt-br`...: the language part picks the catalog. */
export function pickLocale(requested: string | null | undefined): Locale {
  const language = (requested ?? '').toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === language) ?? 'en';
}

/**
 * A translator for one locale. `{{name}}` placeholders are filled from `vars`; a key missing from a
 * catalog falls back to English rather than showing the key.
 */
export function createTranslator(locale: Locale): Translate {
  const catalog = CATALOGS[locale];
  return (key, vars = {}) => {
    const template = catalog[key] ?? en.ui[key];
    return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      const value = vars[name];
      return value === undefined ? whole : String(value);
    });
  };
}

/** Dates as the agent's locale writes them, short. */
export function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
