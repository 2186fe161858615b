import { allPlugins } from '@/plugins/registry';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';
import type { Locale, Messages } from './locales';
import { createTranslator, type Translate } from './translate';

const core: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const merged = new Map<Locale, Messages>();

/** Core catalogue plus every registered plugin's, under `plugins.<id>`. */
export function messagesFor(locale: Locale): Messages {
  let m = merged.get(locale);
  if (!m) {
    const plugins: Messages = {};
    for (const p of allPlugins()) plugins[p.manifest.id] = p.manifest.messages[locale];
    m = { ...core[locale], plugins };
    merged.set(locale, m);
  }
  return m;
}

export function translatorFor(locale: Locale, namespace?: string): Translate {
  return createTranslator(locale, messagesFor(locale), namespace);
}
