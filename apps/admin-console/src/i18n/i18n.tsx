import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatMoney, type Locale } from '../format/money';
import { formatTime } from '../format/time';
import { en, type MessageKey } from './en';
import { vi } from './vi';

const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, vi };
const STORED = 'ppm.console.locale';

/** The console's text and formats in the chosen language. */
export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  money: (minorUnits: number, currency: string) => string;
  time: (iso: string | null) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }): ReactNode {
  const [locale, setLocale] = useState<Locale>(() => (localStorage.getItem(STORED) === 'en' ? 'en' : 'vi'));
  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(STORED, locale);
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, values = {}) =>
        MESSAGES[locale][key].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? `{${name}}`)),
      money: (minorUnits, currency) => formatMoney(minorUnits, currency, locale),
      time: (iso) => formatTime(iso, locale),
    }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === undefined) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
