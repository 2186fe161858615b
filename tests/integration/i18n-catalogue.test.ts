/**
 * Error messages must reach the user in their language and never break the error path: every
 * catalogue message (core and plugins, both locales) is valid ICU MessageFormat, both locales
 * have the same keys, every DomainError key used in server code resolves, and the
 * session-ended message names each reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { errors } from '@/server/errors';
import { messagesFor, translatorFor } from '@/server/i18n/catalog';
import { LOCALES, type Messages } from '@/server/i18n/locales';
import type { SessionEndReason } from '@/server/auth/sessions';

function flatten(m: Messages, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const root = path.resolve(__dirname, '../..');

describe('message catalogues', () => {
  it('every message of every locale is valid ICU MessageFormat', () => {
    const broken: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, source] of Object.entries(flatten(messagesFor(locale)))) {
        try {
          new IntlMessageFormat(source, locale);
        } catch (err) {
          broken.push(`${locale} ${key}: ${(err as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('zh-CN and en have the same keys', () => {
    const zh = Object.keys(flatten(messagesFor('zh-CN'))).sort();
    const en = Object.keys(flatten(messagesFor('en'))).sort();
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it('every DomainError message key used in server code exists in both locales', () => {
    const keys = new Set<string>();
    for (const file of sourceFiles(path.join(root, 'server'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new DomainError\(\s*'[A-Z_]+',\s*'([\w.]+)'/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(10);
    for (const locale of LOCALES) {
      const flat = flatten(messagesFor(locale));
      expect([...keys].filter((k) => !(k in flat)), locale).toEqual([]);
    }
  });

  it('the session-ended message names every reason in both languages', () => {
    const reasons: SessionEndReason[] = ['signed_out', 'signed_out_everywhere', 'idle', 'expired', 'user_disabled', 'membership_removed', 'not_found'];
    for (const locale of LOCALES) {
      const t = translatorFor(locale);
      const texts = reasons.map((r) => {
        const e = errors.sessionEnded(r);
        return t(e.messageKey, e.values);
      });
      // 'signed_out' and 'not_found' share the generic wording; every other reason has its own.
      expect(new Set(texts).size, locale).toBe(reasons.length - 1);
    }
  });
});
