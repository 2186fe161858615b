import { pinyin } from 'pinyin-pro';

export interface NameKeys {
  /** Full pinyin without tones or spaces, lower case: 张三 → zhangsan. */
  full: string;
  /** First letters: 张三 → zs. */
  initials: string;
}

/**
 * Search keys for a Chinese (or mixed) name. Surnames read their surname pronunciation
 * (单 → shan, 曾 → zeng); Latin letters and digits pass through lower-cased.
 */
export function nameKeys(name: string, kind: 'person' | 'organisation' = 'person'): NameKeys {
  const trimmed = name.trim();
  const syllables = pinyin(trimmed, { toneType: 'none', type: 'array', nonZh: 'consecutive', surname: kind === 'person' ? 'head' : 'off' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { full: syllables.join('').slice(0, 300), initials: syllables.map((s) => s[0]).join('').slice(0, 50) };
}

/** Digits of a phone number reversed ("138 0013 8000" → "00083100831"), for suffix search. */
export function reversedDigits(value: string): string {
  return value.replace(/\D/g, '').split('').reverse().join('');
}
