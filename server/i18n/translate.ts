import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale, Messages } from './locales';

export type TranslateValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, values?: TranslateValues) => string;

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const cache = new Map<string, IntlMessageFormat>();

/**
 * A translator over one catalogue. Missing keys fall back to the key itself (visible in review,
 * never a crash); values are formatted with ICU MessageFormat in the locale.
 */
export function createTranslator(locale: Locale, messages: Messages, namespace?: string): Translate {
  return (key, values) => {
    const fullKey = namespace ? `${namespace}.${key}` : key;
    const source = lookup(messages, fullKey);
    if (source === undefined) return fullKey;
    if (!values && !source.includes('{')) return source;
    const cacheKey = `${locale}\u0000${source}`;
    let format = cache.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(source, locale);
      cache.set(cacheKey, format);
    }
    return String(format.format(values as Record<string, string | number | Date>));
  };
}

type Formatters = ReturnType<typeof buildFormatters>;
const formatterCache = new Map<string, Formatters>();

/**
 * Locale-aware formatting helpers shared by server and client. Money is RMB. One set per locale
 * and time zone: building Intl formats is costly, and server rendering calls this per component.
 */
export function formatters(locale: Locale, timeZone = 'Asia/Shanghai'): Formatters {
  const key = `${locale}\u0000${timeZone}`;
  let f = formatterCache.get(key);
  if (!f) {
    f = buildFormatters(locale, timeZone);
    formatterCache.set(key, f);
  }
  return f;
}

function buildFormatters(locale: Locale, timeZone: string) {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const number = new Intl.NumberFormat(locale);
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' });
  return {
    dateTime: (d: Date | string | number) => dateTime.format(new Date(d)),
    date: (d: Date | string | number) => date.format(new Date(d)),
    number: (n: number) => number.format(n),
    money: (n: number) => money.format(n),
  };
}
