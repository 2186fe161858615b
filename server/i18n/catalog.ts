import { allPlugins } from '@/plugins/registry';
import complianceEn from './messages/compliance.en.json';
import complianceZh from './messages/compliance.zh-CN.json';
import customersEn from './messages/customers.en.json';
import customersZh from './messages/customers.zh-CN.json';
import en from './messages/en.json';
import importsEn from './messages/imports.en.json';
import importsZh from './messages/imports.zh-CN.json';
import workEn from './messages/work.en.json';
import workZh from './messages/work.zh-CN.json';
import zhCN from './messages/zh-CN.json';
import type { Locale, Messages } from './locales';
import { createTranslator, type Translate } from './translate';

/**
 * Core catalogues, one file per area and locale (platform, customers, work, imports, compliance). Each area
 * owns its top-level namespaces; a namespace defined twice is a mistake caught at start-up.
 */
const areas: Record<Locale, Messages[]> = {
  'zh-CN': [zhCN, customersZh, workZh, importsZh, complianceZh],
  en: [en, customersEn, workEn, importsEn, complianceEn],
};

function mergeAreas(parts: Messages[]): Messages {
  const out: Messages = {};
  for (const part of parts) {
    for (const [ns, value] of Object.entries(part)) {
      if (ns in out) throw new Error(`message namespace "${ns}" is defined in two catalogue files`);
      out[ns] = value;
    }
  }
  return out;
}

const merged = new Map<Locale, Messages>();

/** Core catalogue plus every registered plugin's, under `plugins.<id>`. */
export function messagesFor(locale: Locale): Messages {
  let m = merged.get(locale);
  if (!m) {
    const plugins: Messages = {};
    for (const p of allPlugins()) plugins[p.manifest.id] = p.manifest.messages[locale];
    m = { ...mergeAreas(areas[locale]), plugins };
    merged.set(locale, m);
  }
  return m;
}

export function translatorFor(locale: Locale, namespace?: string): Translate {
  return createTranslator(locale, messagesFor(locale), namespace);
}
