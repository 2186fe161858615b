import type { EntityManager } from '@mikro-orm/core';
import { CustomFieldSchema, type CustomField, type CustomFieldEntity, type CustomValues } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import type { TranslateValues } from '@/server/i18n/translate';
import { decryptField, encryptField, isEncrypted } from '@/server/services/field-crypto';

/** Active (not archived) definitions of one entity, in display order. */
export async function activeFields(em: EntityManager, entity: CustomFieldEntity): Promise<CustomField[]> {
  return em.find(CustomFieldSchema, { entity, archivedAt: null }, { orderBy: { position: 'asc', createdAt: 'asc' } });
}

type Problem = { key: string; values?: TranslateValues };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+\d][\d\s-]{4,29}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkOne(def: CustomField, raw: unknown): { value: CustomValues[string]; problem?: Problem } {
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
    return def.required ? { value: null, problem: { key: 'customFields.errors.required' } } : { value: null };
  }
  const options = def.options.filter((o) => !o.archived).map((o) => o.value);
  switch (def.type) {
    case 'text':
    case 'longtext': {
      const s = String(raw).trim();
      const max = def.type === 'text' ? 200 : 5000;
      return s.length > max ? { value: null, problem: { key: 'validation.tooLong', values: { max } } } : { value: s };
    }
    case 'number':
    case 'money': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/[,，\s¥￥]/g, ''));
      if (!Number.isFinite(n)) return { value: null, problem: { key: 'customFields.errors.number' } };
      return { value: def.type === 'money' ? Math.round(n * 100) / 100 : n };
    }
    case 'date': {
      const s = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).trim().replace(/\//g, '-');
      return DATE.test(s) && !Number.isNaN(Date.parse(s)) ? { value: s } : { value: null, problem: { key: 'customFields.errors.date' } };
    }
    case 'select': {
      const s = String(raw);
      return options.includes(s) ? { value: s } : { value: null, problem: { key: 'validation.oneOf', values: { values: options.join(' / ') } } };
    }
    case 'multiselect': {
      const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[,，;；|]/).map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((v) => !options.includes(v));
      return bad.length ? { value: null, problem: { key: 'validation.oneOf', values: { values: options.join(' / ') } } } : { value: [...new Set(list)] };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (['true', '1', 'yes', 'y', '是', '对'].includes(s)) return { value: true };
      if (['false', '0', 'no', 'n', '否', '不'].includes(s)) return { value: false };
      return { value: null, problem: { key: 'customFields.errors.boolean' } };
    }
    case 'phone':
      return PHONE.test(String(raw).trim()) ? { value: String(raw).trim() } : { value: null, problem: { key: 'customFields.errors.phone' } };
    case 'email':
      return EMAIL.test(String(raw).trim()) ? { value: String(raw).trim().toLowerCase() } : { value: null, problem: { key: 'validation.email' } };
    case 'url': {
      try {
        const u = new URL(String(raw).trim());
        return u.protocol === 'http:' || u.protocol === 'https:' ? { value: u.toString() } : { value: null, problem: { key: 'customFields.errors.url' } };
      } catch {
        return { value: null, problem: { key: 'customFields.errors.url' } };
      }
    }
  }
}

/**
 * Validates submitted custom values against the definitions and merges them into the stored ones.
 * Unknown keys are refused; keys of archived fields are kept as stored (never lost); sensitive
 * values are encrypted. Throws a DomainError with per-field messages (`custom.<key>`).
 */
export function applyCustomValues(
  defs: CustomField[],
  stored: CustomValues,
  submitted: Record<string, unknown> | undefined,
  opts: { partial: boolean },
): CustomValues {
  const next: CustomValues = { ...stored };
  const problems: Record<string, Problem> = {};
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const key of Object.keys(submitted ?? {})) {
    if (!byKey.has(key)) problems[`custom.${key}`] = { key: 'customFields.errors.unknown' };
  }
  for (const def of defs) {
    const present = submitted !== undefined && Object.prototype.hasOwnProperty.call(submitted, def.key);
    if (!present) {
      if (!opts.partial && def.required && (stored[def.key] === undefined || stored[def.key] === null)) problems[`custom.${def.key}`] = { key: 'customFields.errors.required' };
      continue;
    }
    const { value, problem } = checkOne(def, submitted![def.key]);
    if (problem) {
      problems[`custom.${def.key}`] = problem;
      continue;
    }
    next[def.key] = def.sensitive && typeof value === 'string' ? encryptField(value) : def.sensitive && value !== null ? encryptField(JSON.stringify(value)) : value;
  }
  if (Object.keys(problems).length) throw new DomainError('VALIDATION', 'customFields.errors.invalid', {}, 'BAD_REQUEST', problems);
  return next;
}

/** Plain values for display or export: sensitive ones decrypted only when `unmask` is true, else masked. */
export function readableCustomValues(defs: CustomField[], stored: CustomValues, unmask: boolean): Record<string, CustomValues[string]> {
  const out: Record<string, CustomValues[string]> = {};
  for (const def of defs) {
    const v = stored[def.key];
    if (v === undefined || v === null) {
      out[def.key] = null;
    } else if (def.sensitive && isEncrypted(v)) {
      if (!unmask) out[def.key] = '******';
      else {
        const plain = decryptField(v);
        out[def.key] = def.type === 'text' || def.type === 'longtext' || def.type === 'phone' || def.type === 'email' || def.type === 'url' || def.type === 'date' || def.type === 'select' ? plain : (JSON.parse(plain) as CustomValues[string]);
      }
    } else out[def.key] = v;
  }
  return out;
}
