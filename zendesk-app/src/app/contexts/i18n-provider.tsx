import { createContext, useMemo, type ReactNode } from 'react';
import { createTranslator, type Locale, type Translate } from '../../lib/i18n';

export interface I18n {
  locale: Locale;
  t: Translate;
}

export const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: createTranslator(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
