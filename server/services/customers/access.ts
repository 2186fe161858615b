import type { EntityManager } from '@mikro-orm/core';
import { InstitutionSchema, PersonSchema, TerritoryMemberSchema, TerritorySchema, type CustomerKind, type Institution, type Person } from '@/server/db/entities';
import { errors } from '@/server/errors';
import type { Role } from '@/server/permissions';

/**
 * Record-level access to customers, decided in the domain layer for every read and write:
 * admins and compliance officers see every customer; anyone else sees the customers of the
 * territories they are assigned to (as rep or manager) and of every territory below those — so a
 * manager assigned to a region sees the whole team's customers.
 */
export type AccessScope = { all: true } | { all: false; territoryIds: string[] };

const SEES_ALL: readonly Role[] = ['admin', 'compliance'];

export interface ScopeContext {
  em: EntityManager;
  session: { user: { id: string } };
  membership: { roles: readonly Role[] };
}

const cache = new WeakMap<EntityManager, Promise<AccessScope>>();

/** The user's scope, computed once per request (per EntityManager). */
export function accessScope(ctx: ScopeContext): Promise<AccessScope> {
  let pending = cache.get(ctx.em);
  if (!pending) {
    pending = computeScope(ctx);
    cache.set(ctx.em, pending);
  }
  return pending;
}

async function computeScope(ctx: ScopeContext): Promise<AccessScope> {
  if (ctx.membership.roles.some((r) => SEES_ALL.includes(r))) return { all: true };
  const assigned = await ctx.em.find(TerritoryMemberSchema, { userId: ctx.session.user.id }, { fields: ['territoryId'] });
  if (!assigned.length) return { all: false, territoryIds: [] };
  const roots = await ctx.em.find(TerritorySchema, { id: { $in: assigned.map((a) => a.territoryId) } }, { fields: ['id', 'path'] });
  const below = roots.length ? await ctx.em.find(TerritorySchema, { $or: roots.map((r) => ({ path: { $like: `${r.path}%` } })) }, { fields: ['id'] }) : [];
  return { all: false, territoryIds: [...new Set([...roots.map((r) => r.id), ...below.map((t) => t.id)])] };
}

/** A `where` fragment limiting a customer-owned entity (with a territoryId column) to the scope. */
export function scopeWhere(scope: AccessScope): { territoryId?: { $in: string[] } } {
  return scope.all ? {} : { territoryId: { $in: scope.territoryIds } };
}

export function inScope(scope: AccessScope, territoryId: string | null): boolean {
  return scope.all || (territoryId !== null && scope.territoryIds.includes(territoryId));
}

/**
 * Loads a customer the user may see, or answers NOT_FOUND — the same answer as for an id that does
 * not exist, so ids outside one's territories reveal nothing.
 */
export async function visibleCustomer(ctx: ScopeContext, kind: 'person', id: string): Promise<Person>;
export async function visibleCustomer(ctx: ScopeContext, kind: 'institution', id: string): Promise<Institution>;
export async function visibleCustomer(ctx: ScopeContext, kind: CustomerKind, id: string): Promise<Person | Institution>;
export async function visibleCustomer(ctx: ScopeContext, kind: CustomerKind, id: string): Promise<Person | Institution> {
  const scope = await accessScope(ctx);
  const schema = kind === 'person' ? PersonSchema : InstitutionSchema;
  const row = await ctx.em.findOne(schema as typeof PersonSchema, { id, deletedAt: null, ...scopeWhere(scope) } as never);
  if (!row) throw errors.notFound(kind);
  return row;
}
