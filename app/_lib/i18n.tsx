'use client';

import { createContext, useContext, useMemo } from 'react';
import type { Locale, Messages } from '@/server/i18n/locales';
import { createTranslator, formatters, type Translate } from '@/server/i18n/translate';

interface I18nValue {
  locale: Locale;
  messages: Messages;
  timeZone: string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, ...value }: I18nValue & { children: React.ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useT outside I18nProvider');
  return v;
}

/** Translator for client components; `namespace` prefixes keys (e.g. 'admin.users'). */
export function useT(namespace?: string): Translate {
  const { locale, messages } = useI18n();
  return useMemo(() => createTranslator(locale, messages, namespace), [locale, messages, namespace]);
}

export function useLocale(): Locale {
  return useI18n().locale;
}

export function useFormat() {
  const { locale, timeZone } = useI18n();
  return useMemo(() => formatters(locale, timeZone), [locale, timeZone]);
}
