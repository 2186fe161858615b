import { createHash } from 'node:crypto';

/**
 * Matching spreadsheet headers to field keys. People write the same column a dozen ways
 * ("手机", "手机号码", "Mobile", "电话（手机）*"), so headers and labels are compared in a
 * normalised form: full-width folded to half-width, lower case, without spaces, punctuation,
 * "required" marks or bracketed notes.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, '') // "(必填)", "（YYYY-MM-DD）"
    .replace(/必填|required|optional|选填/g, '')
    .replace(/[\s_\-*:：.·/\\'"`]+/g, '');
}

/** Same headers in any order → same signature: the key of a remembered mapping. */
export function headerSignature(headers: string[]): string {
  const normalised = [...new Set(headers.map(normaliseHeader))].sort();
  return createHash('sha256').update(normalised.join('\u0001')).digest('hex');
}

export interface MatchableField {
  key: string;
  /** Labels and synonyms in any language; the key itself always matches too. */
  names: string[];
}

/**
 * A suggested mapping (header → field key): each header takes the field whose key, label or synonym
 * it matches once normalised; a field is suggested for one column at most (the first).
 */
export function suggestMapping(headers: string[], fields: MatchableField[]): Record<string, string> {
  const byName = new Map<string, string>();
  for (const f of fields) {
    for (const n of [f.key, ...f.names]) {
      const norm = normaliseHeader(n);
      if (norm && !byName.has(norm)) byName.set(norm, f.key);
    }
  }
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  for (const h of headers) {
    const key = byName.get(normaliseHeader(h));
    if (key && !taken.has(key)) {
      out[h] = key;
      taken.add(key);
    }
  }
  return out;
}

/**
 * A remembered mapping applied to today's headers: only headers that exist and fields that still
 * exist (a custom field may have been archived since) are kept.
 */
export function reuseMapping(remembered: Record<string, string>, headers: string[], fieldKeys: Set<string>): Record<string, string> {
  const byNorm = new Map(Object.entries(remembered).map(([h, k]) => [normaliseHeader(h), k]));
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  for (const h of headers) {
    const key = byNorm.get(normaliseHeader(h));
    if (key && fieldKeys.has(key) && !taken.has(key)) {
      out[h] = key;
      taken.add(key);
    }
  }
  return out;
}
