import {
  InstitutionSchema,
  MembershipSchema,
  PersonSchema,
  UserSchema,
  type CustomerKind,
} from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import type { TranslateValues } from '@/server/i18n/translate';
import { isRole } from '@/server/permissions';
import type { TenantContext } from '@/server/services/context-types';
import { accessScope, inScope, visibleCustomer } from '@/server/services/customers/access';
import { grantsByRole } from '@/server/services/roles';

/** A one-field validation failure raised after the schema passed (e.g. a department of another hospital). */
export function invalid(field: string, key: string, values: TranslateValues = {}): DomainError {
  return new DomainError('VALIDATION', key, values, 'BAD_REQUEST', { [field]: { key, values } });
}

export function isAdmin(ctx: TenantContext): boolean {
  return ctx.membership.roles.includes('admin');
}

/** Active members whose roles grant `permission`: the people work can be assigned to. */
export async function assignableMembers(ctx: TenantContext, permission: string): Promise<{ id: string; name: string }[]> {
  const [memberships, grants] = await Promise.all([ctx.em.find(MembershipSchema, { disabledAt: null }, { fields: ['userId', 'roles'] }), grantsByRole(ctx.em)]);
  const ids = memberships.filter((m) => m.roles.some((r) => isRole(r) && grants.get(r)?.has(permission))).map((m) => m.userId);
  if (!ids.length) return [];
  const users = await ctx.em.find(UserSchema, { id: { $in: ids }, disabledAt: null }, { fields: ['id', 'name'], orderBy: { name: 'asc' } });
  return users.map((u) => ({ id: u.id, name: u.name }));
}

/** Refuses an owner who is not an active member allowed to do the work. */
export async function assertAssignable(ctx: TenantContext, userId: string, permission: string, field = 'ownerId'): Promise<void> {
  if (userId === ctx.session.user.id && ctx.permissions.has(permission)) return;
  const members = await assignableMembers(ctx, permission);
  if (!members.some((m) => m.id === userId)) throw invalid(field, 'work.errors.assignee');
}

/** Display names of users (owners, authors); users are global rows, ids come from tenant rows. */
export async function userNames(ctx: TenantContext, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (!unique.length) return new Map();
  const users = await ctx.em.find(UserSchema, { id: { $in: unique } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

export interface CustomerRefInput {
  kind: CustomerKind;
  id: string;
}

/** Names of people and institutions, for list rows (the rows themselves were access-checked). */
export async function customerNames(ctx: TenantContext, refs: Iterable<CustomerRefInput>): Promise<Map<string, string>> {
  const people = new Set<string>();
  const institutions = new Set<string>();
  for (const r of refs) (r.kind === 'person' ? people : institutions).add(r.id);
  const out = new Map<string, string>();
  if (people.size) for (const p of await ctx.em.find(PersonSchema, { id: { $in: [...people] } }, { fields: ['id', 'name'] })) out.set(`person:${p.id}`, p.name);
  if (institutions.size) for (const i of await ctx.em.find(InstitutionSchema, { id: { $in: [...institutions] } }, { fields: ['id', 'name'] })) out.set(`institution:${i.id}`, i.name);
  return out;
}

/**
 * The customer a record is about, if the user may see it (else NOT_FOUND, as for an id that does
 * not exist). Its territory is copied onto the record, so lists filter by access without joins.
 */
export async function customerSubject(ctx: TenantContext, kind: CustomerKind, id: string): Promise<{ kind: CustomerKind; id: string; name: string; territoryId: string | null }> {
  const row = await visibleCustomer(ctx, kind, id);
  return { kind, id: row.id, name: row.name, territoryId: row.territoryId };
}

/** Whether the user's scope covers a record's territory (for records read by id). */
export async function canSeeTerritory(ctx: TenantContext, territoryId: string | null): Promise<boolean> {
  return inScope(await accessScope(ctx), territoryId);
}

/** Field-by-field changes for the audit trail: `{ field: { from, to } }` for the fields that differ. */
export function changes<T extends object>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const a = before[key];
    const b = after[key];
    if (b === undefined) continue;
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a) === JSON.stringify(b);
    if (!same) out[key as string] = { from: a ?? null, to: b ?? null };
  }
  return out;
}

/**
 * Keyset cursors: the sort value and id of the last row shown, opaque to the client. A cursor that
 * does not decode is treated as "from the start" — it can only come from a stale or edited URL.
 */
export function encodeCursor(value: Date | string | null, id: string): string {
  const v = value instanceof Date ? `d${value.toISOString()}` : value === null ? 'n' : `s${value}`;
  return Buffer.from(`${v}\u0000${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): { value: Date | string | null; id: string } | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString();
  const [v, id] = text.split('\u0000');
  if (!v || !id) return null;
  if (v === 'n') return { value: null, id };
  if (v.startsWith('d')) {
    const d = new Date(v.slice(1));
    return Number.isNaN(d.getTime()) ? null : { value: d, id };
  }
  return v.startsWith('s') ? { value: v.slice(1), id } : null;
}
