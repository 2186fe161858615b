import type { EntityManager } from '@mikro-orm/core';
import { ContactPointSchema, type ContactKind, type CustomerKind } from '@/server/db/entities';
import type { ContactInput } from './common-input';
import { reversedDigits } from './pinyin';

/**
 * Contact points (phones, email, WeChat, …) of a person or institution. Phones keep their digits
 * reversed in `valueReversed`, so "numbers ending in 5678" is an indexed prefix search.
 */

export const PHONE_KINDS: readonly ContactKind[] = ['mobile', 'phone'];

export function normaliseContact(kind: ContactKind, value: string): { value: string; valueReversed: string } {
  const v = kind === 'email' ? value.trim().toLowerCase() : value.trim();
  const reversed = PHONE_KINDS.includes(kind) ? reversedDigits(v) : [...v.toLowerCase()].reverse().join('');
  return { value: v, valueReversed: reversed.slice(0, 254) };
}

/** Drops exact repeats (same kind and value) and marks the first of each kind primary. */
export function dedupeContacts(contacts: readonly ContactInput[]) {
  const seen = new Set<string>();
  const kinds = new Set<string>();
  const out: { kind: ContactKind; value: string; valueReversed: string; label: string | null; isPrimary: boolean }[] = [];
  for (const c of contacts) {
    const n = normaliseContact(c.kind, c.value);
    const key = `${c.kind}\u0000${PHONE_KINDS.includes(c.kind) ? n.valueReversed : n.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: c.kind, ...n, label: c.label ?? null, isPrimary: !kinds.has(c.kind) });
    kinds.add(c.kind);
  }
  return out;
}

/** Replaces an owner's contact points with `contacts`; returns the stored set. */
export async function replaceContacts(em: EntityManager, ownerKind: CustomerKind, ownerId: string, contacts: readonly ContactInput[], opts: { existing: boolean }) {
  if (opts.existing) await em.nativeDelete(ContactPointSchema, { ownerKind, ownerId });
  const rows = dedupeContacts(contacts);
  for (const r of rows) em.create(ContactPointSchema, { ownerKind, ownerId, ...r });
  return rows;
}

/** The value of the first contact of one of `kinds`, for the columns lists show. */
export function firstOf(rows: readonly { kind: ContactKind; value: string }[], ...kinds: ContactKind[]): string | null {
  for (const k of kinds) {
    const hit = rows.find((r) => r.kind === k);
    if (hit) return hit.value;
  }
  return null;
}

/** The digits of every phone among `contacts`, reversed (the duplicate check compares these). */
export function phoneKeys(contacts: readonly { kind: ContactKind; value: string }[]): string[] {
  return [...new Set(contacts.filter((c) => PHONE_KINDS.includes(c.kind)).map((c) => reversedDigits(c.value)).filter((d) => d.length >= 5))];
}
