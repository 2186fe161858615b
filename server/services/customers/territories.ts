import {
  InstitutionSchema,
  MembershipSchema,
  PersonSchema,
  TERRITORY_LEVELS,
  TerritoryMemberSchema,
  TerritorySchema,
  UserSchema,
  type Territory,
  type TerritoryRole,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { accessScope } from './access';
import { customerAuditMeta, type CustomerContext } from './context';
import type { TerritoryCreateInput, TerritoryUpdateInput } from './territory-input';

/**
 * The sales territory tree. `path` lists the ids from the root (`/<root>/…/<id>/`), so a subtree is
 * one prefix match; moving a node rewrites the paths below it in one statement.
 */

const depth = (level: Territory['level']) => TERRITORY_LEVELS.indexOf(level);

function invalid(field: string, key: string, values: Record<string, string | number> = {}): DomainError {
  return new DomainError('VALIDATION', key, values, 'BAD_REQUEST', { [field]: { key, values } });
}

/** The whole tree with its members (admin page). */
export async function territoryTree(ctx: CustomerContext) {
  const [nodes, members] = await Promise.all([
    ctx.em.find(TerritorySchema, {}, { orderBy: { path: 'asc' } }),
    ctx.em.find(TerritoryMemberSchema, {}, { orderBy: { createdAt: 'asc' } }),
  ]);
  const users = members.length ? await ctx.em.find(UserSchema, { id: { $in: [...new Set(members.map((m) => m.userId))] } }, { fields: ['id', 'name', 'email'] }) : [];
  const userById = new Map(users.map((u) => [u.id, u]));
  return nodes.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    level: n.level,
    name: n.name,
    code: n.code,
    depth: n.path.split('/').filter(Boolean).length - 1,
    members: members
      .filter((m) => m.territoryId === n.id)
      .map((m) => ({ userId: m.userId, role: m.role, name: userById.get(m.userId)?.name ?? '—', email: userById.get(m.userId)?.email ?? '' })),
  }));
}

/**
 * Territories the user may pick or filter by: everything for admins and compliance, else the
 * user's own territories and those below them. Each carries its full name path for display.
 */
export async function territoryOptions(ctx: CustomerContext) {
  const scope = await accessScope(ctx);
  const all = await ctx.em.find(TerritorySchema, {}, { orderBy: { path: 'asc' }, fields: ['id', 'parentId', 'level', 'name', 'path'] });
  const byId = new Map(all.map((t) => [t.id, t]));
  const visible = scope.all ? all : all.filter((t) => scope.territoryIds.includes(t.id));
  return visible.map((t) => ({
    id: t.id,
    level: t.level,
    name: t.name,
    label: t.path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(id)?.name ?? '')
      .join(' / '),
  }));
}

async function loadNode(ctx: CustomerContext, id: string) {
  const node = await ctx.em.findOne(TerritorySchema, { id });
  if (!node) throw errors.notFound('territory');
  return node;
}

export async function createTerritory(ctx: CustomerContext, input: TerritoryCreateInput) {
  const parent = input.parentId ? await loadNode(ctx, input.parentId) : null;
  if (parent && depth(input.level) <= depth(parent.level)) {
    throw invalid('level', 'territories.errors.levelBelowParent', { parent: parent.level });
  }
  const id = newId();
  const node = ctx.em.create(TerritorySchema, { id, parentId: parent?.id ?? null, level: input.level, name: input.name, code: input.code, path: `${parent?.path ?? '/'}${id}/` });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'territory.created', entity: 'Territory', entityId: id, changes: { name: node.name, level: node.level, parentId: node.parentId, code: node.code } });
  return { id };
}

export async function updateTerritory(ctx: CustomerContext, input: TerritoryUpdateInput) {
  const node = await loadNode(ctx, input.id);
  const before = { name: node.name, code: node.code, parentId: node.parentId };
  if (input.name !== undefined) node.name = input.name;
  if (input.code !== undefined && input.code !== node.code) node.code = input.code;
  if (input.parentId !== undefined && input.parentId !== node.parentId) {
    const parent = input.parentId ? await loadNode(ctx, input.parentId) : null;
    if (parent && parent.path.startsWith(node.path)) throw invalid('parentId', 'territories.errors.cycle');
    if (parent && depth(node.level) <= depth(parent.level)) throw invalid('parentId', 'territories.errors.levelBelowParent', { parent: parent.level });
    const oldPrefix = node.path;
    const newPrefix = `${parent?.path ?? '/'}${node.id}/`;
    node.parentId = parent?.id ?? null;
    node.path = newPrefix;
    await ctx.em.flush();
    // Everything below follows: replace the path prefix of the subtree.
    const below = await ctx.em.find(TerritorySchema, { path: { $like: `${oldPrefix}%` }, id: { $ne: node.id } });
    for (const t of below) t.path = newPrefix + t.path.slice(oldPrefix.length);
  }
  await ctx.em.flush();
  const after = { name: node.name, code: node.code, parentId: node.parentId };
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'territory.updated', entity: 'Territory', entityId: node.id, changes: { before, after } });
}

/** Deletes an empty node: no child territories and no customers in it. Its assignments go with it. */
export async function deleteTerritory(ctx: CustomerContext, id: string) {
  const node = await loadNode(ctx, id);
  if (await ctx.em.count(TerritorySchema, { parentId: id })) throw new DomainError('TERRITORY_NOT_EMPTY', 'territories.errors.hasChildren', {}, 'PRECONDITION_FAILED');
  const customers = (await ctx.em.count(InstitutionSchema, { territoryId: id, deletedAt: null })) + (await ctx.em.count(PersonSchema, { territoryId: id, deletedAt: null }));
  if (customers) throw new DomainError('TERRITORY_NOT_EMPTY', 'territories.errors.hasCustomers', { count: customers }, 'PRECONDITION_FAILED');
  const removedMembers = await ctx.em.nativeDelete(TerritoryMemberSchema, { territoryId: id });
  ctx.em.remove(node);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'territory.deleted', entity: 'Territory', entityId: id, changes: { name: node.name, level: node.level, removedMembers } });
}

/** Members of the company who can be assigned (active memberships). */
export async function assignableUsers(ctx: CustomerContext) {
  const memberships = await ctx.em.find(MembershipSchema, { disabledAt: null });
  const users = await ctx.em.find(UserSchema, { id: { $in: memberships.map((m) => m.userId) }, disabledAt: null }, { fields: ['id', 'name', 'email'], orderBy: { name: 'asc' } });
  const roles = new Map(memberships.map((m) => [m.userId, m.roles]));
  return users.map((u) => ({ id: u.id, name: u.name, email: u.email, roles: roles.get(u.id) ?? [] }));
}

/** Assigns a member to a territory as rep or manager (changing the role if already assigned). */
export async function assignTerritoryMember(ctx: CustomerContext, territoryId: string, userId: string, role: TerritoryRole) {
  await loadNode(ctx, territoryId);
  if (!(await ctx.em.findOne(MembershipSchema, { userId }))) throw errors.notFound('user');
  const existing = await ctx.em.findOne(TerritoryMemberSchema, { territoryId, userId });
  const before = existing?.role ?? null;
  if (existing) existing.role = role;
  else ctx.em.create(TerritoryMemberSchema, { territoryId, userId, role });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'territory.member.assigned', entity: 'Territory', entityId: territoryId, changes: { userId, role: { from: before, to: role } } });
}

export async function unassignTerritoryMember(ctx: CustomerContext, territoryId: string, userId: string) {
  const n = await ctx.em.nativeDelete(TerritoryMemberSchema, { territoryId, userId });
  if (!n) throw errors.notFound('territory_member');
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'territory.member.unassigned', entity: 'Territory', entityId: territoryId, changes: { userId } });
}
