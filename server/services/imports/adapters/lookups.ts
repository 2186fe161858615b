import { PersonSchema, ProductSchema, UserSchema } from '@/server/db/entities';
import { scopeWhere } from '@/server/services/customers/access';
import { assignableMembers } from '@/server/services/work/shared';
import { normaliseHeader } from '../mapping';
import type { ImportRun } from '../types';

/** Lookups the work adapters (interactions, orders) share. */

export interface PersonHit {
  id: string;
  name: string;
  territoryId: string | null;
  primaryInstitutionId: string | null;
  primaryDepartmentId: string | null;
}

/**
 * People referred to by external id or name, for a batch in one query, within the importer's
 * territories. A name shared by several people resolves when exactly one of them works at the
 * row's institution; otherwise it is ambiguous.
 */
export async function personResolver(run: ImportRun, refs: string[]): Promise<(ref: string, institutionId: string | null) => PersonHit | 'ambiguous' | null> {
  const unique = [...new Set(refs.map((r) => r.trim()).filter(Boolean))];
  if (!unique.length) return () => null;
  const rows = await run.ctx.em.find(
    PersonSchema,
    { $or: [{ externalId: { $in: unique } }, { name: { $in: unique } }], deletedAt: null, ...scopeWhere(run.scope) },
    { fields: ['id', 'name', 'externalId', 'territoryId', 'primaryInstitutionId', 'primaryDepartmentId'] },
  );
  const byExternal = new Map(rows.filter((r) => r.externalId).map((r) => [r.externalId!, r]));
  const byName = new Map<string, PersonHit[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return (ref, institutionId) => {
    const key = ref.trim();
    const hit = byExternal.get(key);
    if (hit) return hit;
    const named = byName.get(key) ?? [];
    if (named.length === 1) return named[0]!;
    if (named.length > 1 && institutionId) {
      const there = named.filter((n) => n.primaryInstitutionId === institutionId);
      if (there.length === 1) return there[0]!;
    }
    return named.length ? 'ambiguous' : null;
  };
}

interface ProductIndex {
  byCode: Map<string, string>;
  byName: Map<string, string[]>;
  spec: Map<string, string | null>;
  name: Map<string, string>;
}

async function productIndex(run: ImportRun): Promise<ProductIndex> {
  let index = run.cache.get('products') as ProductIndex | undefined;
  if (!index) {
    // The catalogue is small (hundreds of products): loaded once per import.
    const rows = await run.ctx.em.find(ProductSchema, {}, { fields: ['id', 'code', 'name', 'spec'], disableIdentityMap: true });
    index = { byCode: new Map(), byName: new Map(), spec: new Map(), name: new Map() };
    for (const p of rows) {
      if (p.code) index.byCode.set(normaliseHeader(p.code), p.id);
      const k = normaliseHeader(p.name);
      index.byName.set(k, [...(index.byName.get(k) ?? []), p.id]);
      index.spec.set(p.id, p.spec);
      index.name.set(p.id, p.name);
    }
    run.cache.set('products', index);
  }
  return index;
}

/** A product by its code or its (unique) name. */
export async function productRef(run: ImportRun, ref: string): Promise<{ id: string; name: string; spec: string | null } | 'ambiguous' | null> {
  const index = await productIndex(run);
  const k = normaliseHeader(ref);
  const named = index.byName.get(k) ?? [];
  const id = index.byCode.get(k) ?? (named.length === 1 ? named[0] : undefined);
  if (!id) return named.length > 1 ? 'ambiguous' : null;
  return { id, name: index.name.get(id)!, spec: index.spec.get(id) ?? null };
}

/**
 * A colleague named by email (or exact name) who may own the work (`permission`); the importer
 * when the cell is blank.
 */
export async function ownerRef(run: ImportRun, ref: string, permission: string): Promise<string | null> {
  const text = ref.trim().toLowerCase();
  if (!text) return run.ctx.session.user.id;
  let members = run.cache.get(`members:${permission}`) as { id: string; name: string; email: string }[] | undefined;
  if (!members) {
    const allowed = await assignableMembers(run.ctx, permission);
    const users = allowed.length ? await run.ctx.em.find(UserSchema, { id: { $in: allowed.map((m) => m.id) } }, { fields: ['id', 'email', 'name'], disableIdentityMap: true }) : [];
    members = users.map((u) => ({ id: u.id, name: u.name, email: u.email.toLowerCase() }));
    run.cache.set(`members:${permission}`, members);
  }
  const byEmail = members.find((m) => m.email === text);
  if (byEmail) return byEmail.id;
  const byName = members.filter((m) => m.name.toLowerCase() === text);
  return byName.length === 1 ? byName[0]!.id : null;
}

