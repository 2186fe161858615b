import { zonedInstant } from '@/server/services/work/dates';
import { normaliseHeader } from './mapping';

/**
 * Cell parsers shared by the import adapters. A cell is text (XLSX cells were turned into text by
 * the reader); each parser answers a value or a problem — a message key in the `imports.problems`
 * namespace with its values — so the error report can say, in the reader's language, what is wrong.
 */
export interface Problem {
  key: string;
  values?: Record<string, string | number>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = (key: string, values?: Problem['values']): Parsed<never> => ({ ok: false, problem: { key, values } });

export function text(raw: string, max: number): Parsed<string | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  return s.length > max ? bad('tooLong', { max }) : ok(s);
}

export function requiredText(raw: string, max: number): Parsed<string> {
  const s = raw.trim();
  if (!s) return bad('required');
  return s.length > max ? bad('tooLong', { max }) : ok(s);
}

/**
 * One of a set of codes, written as the code or any of its names ("三级甲等", "三甲", "3A" …).
 * `choices` maps each code to [zh-CN label, en label, …synonyms]; matching ignores case, width
 * and spaces. The problem lists the accepted labels in the reader's language.
 */
export function choice<T extends string>(raw: string, choices: Record<T, readonly string[]>, locale: 'zh-CN' | 'en'): Parsed<T | null> {
  const s = normaliseHeader(raw);
  if (!s) return ok(null);
  for (const [code, names] of Object.entries(choices) as [T, readonly string[]][]) {
    if (normaliseHeader(code) === s || names.some((n) => normaliseHeader(n) === s)) return ok(code);
  }
  const shown = (Object.entries(choices) as [T, readonly string[]][]).map(([code, names]) => names[locale === 'en' ? 1 : 0] ?? code).join(' / ');
  return bad('oneOf', { values: shown });
}

const ISO_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const DATE_TIME = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})秒?)?)?$/;

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2200;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date: 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日 → "2024-03-05". */
export function date(raw: string): Parsed<string | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  const m = ISO_DATE.exec(s) ?? DATE_TIME.exec(s);
  if (!m) return bad('date');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDay(y, mo, d) ? ok(`${y}-${pad(mo)}-${pad(d)}`) : bad('date');
}

/**
 * A point in time written on the company's wall clock ("2024-03-05 14:30"; a date alone means
 * `defaultTime`), as an instant.
 */
export function dateTime(raw: string, timeZone: string, defaultTime = '09:00'): Parsed<Date | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  const m = DATE_TIME.exec(s);
  if (!m) return bad('dateTime');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDay(y, mo, d)) return bad('dateTime');
  const h = m[4] !== undefined ? Number(m[4]) : Number(defaultTime.slice(0, 2));
  const mi = m[5] !== undefined ? Number(m[5]) : Number(defaultTime.slice(3, 5));
  if (h > 23 || mi > 59) return bad('dateTime');
  return ok(zonedInstant(`${y}-${pad(mo)}-${pad(d)}`, `${pad(h)}:${pad(mi)}`, timeZone));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(raw: string): Parsed<string | null> {
  const s = raw.trim().toLowerCase();
  if (!s) return ok(null);
  return s.length <= 254 && EMAIL.test(s) ? ok(s) : bad('email');
}

/** Mainland mobile numbers (with or without +86, spaces or dashes) → 11 digits. */
export function mobile(raw: string): Parsed<string | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  const digits = s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? ok(digits) : bad('mobile');
}

/** Landlines and other numbers: digits, spaces, dashes, parentheses, an optional leading + and extension. */
export function phone(raw: string, max = 50): Parsed<string | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  if (s.length > max) return bad('tooLong', { max });
  return /^\+?[\d\s()（）-]{5,}(?:(?:转|ext\.?|x)\s*\d{1,6})?$/i.test(s) ? ok(s) : bad('phone');
}

export function url(raw: string): Parsed<string | null> {
  const s = raw.trim();
  if (!s) return ok(null);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`;
  try {
    const u = new URL(withScheme);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.') && withScheme.length <= 200 ? ok(withScheme) : bad('url');
  } catch {
    return bad('url');
  }
}

/** A whole number ≥ `min`, written with or without thousands separators. */
export function integer(raw: string, min: number, max: number): Parsed<number | null> {
  const s = raw.trim().replace(/[,，\s]/g, '');
  if (!s) return ok(null);
  if (!/^-?\d+(\.0+)?$/.test(s)) return bad('integer');
  const n = Number(s);
  if (n < min) return bad('tooSmall', { min });
  if (n > max) return bad('tooBig', { max });
  return ok(n);
}

/** A money amount in yuan ("¥1,234.5", "1234.50") → "1234.50" (exact, no floats). */
export function money(raw: string): Parsed<string | null> {
  const s = raw.trim().replace(/[,，\s¥￥元]|^RMB|^CNY/gi, '');
  if (!s) return ok(null);
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return bad('money');
  return ok(`${m[1]!.replace(/^0+(?=\d)/, '')}.${(m[2] ?? '').padEnd(2, '0')}`);
}

/** "a; b，c、d" → ['a', 'b', 'c', 'd'] (the separators people use in one cell). */
export function list(raw: string): string[] {
  return raw
    .split(/[;；,，、|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** 18-digit resident ID (last may be X) or a 15-digit legacy one; other documents up to 30 characters. */
export function idNumber(raw: string): Parsed<string | null> {
  const s = raw.trim().toUpperCase().replace(/\s/g, '');
  if (!s) return ok(null);
  if (/^\d{17}[\dX]$/.test(s) || /^\d{15}$/.test(s)) return ok(s);
  return /^[A-Z0-9-]{5,30}$/.test(s) ? ok(s) : bad('idNumber');
}
