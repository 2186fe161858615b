import { SavedViewSchema, type SavedView } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { customerAuditMeta, type CustomerContext } from './context';
import type { SavedViewCreateInput, SavedViewUpdateInput } from './saved-view-input';

/**
 * A user's saved list views (filters, columns, sort) of the people and institution lists. Each
 * user sees only their own; at most one per list is the default that opens first.
 */

const MAX_VIEWS = 50;

function view(v: SavedView) {
  return { id: v.id, entity: v.entity, name: v.name, definition: v.definition, isDefault: v.isDefault, updatedAt: v.updatedAt };
}
export type SavedViewOut = ReturnType<typeof view>;

export async function listSavedViews(ctx: CustomerContext, entity: 'person' | 'institution') {
  const rows = await ctx.em.find(SavedViewSchema, { userId: ctx.session.user.id, entity }, { orderBy: { name: 'asc' } });
  return rows.map(view);
}

async function own(ctx: CustomerContext, id: string) {
  const v = await ctx.em.findOne(SavedViewSchema, { id, userId: ctx.session.user.id });
  if (!v) throw errors.notFound('saved_view');
  return v;
}

async function assertNameFree(ctx: CustomerContext, entity: SavedView['entity'], name: string, exceptId?: string) {
  const clash = await ctx.em.findOne(SavedViewSchema, { userId: ctx.session.user.id, entity, name, ...(exceptId ? { id: { $ne: exceptId } } : {}) }, { fields: ['id'] });
  if (clash) throw new DomainError('VALIDATION', 'savedViews.errors.nameTaken', { name }, 'BAD_REQUEST', { name: { key: 'savedViews.errors.nameTaken', values: { name } } });
}

async function clearDefault(ctx: CustomerContext, entity: SavedView['entity']) {
  await ctx.em.nativeUpdate(SavedViewSchema, { userId: ctx.session.user.id, entity, isDefault: true }, { isDefault: false });
}

export async function createSavedView(ctx: CustomerContext, input: SavedViewCreateInput) {
  await assertNameFree(ctx, input.entity, input.name);
  if ((await ctx.em.count(SavedViewSchema, { userId: ctx.session.user.id, entity: input.entity })) >= MAX_VIEWS) {
    throw new DomainError('TOO_MANY_VIEWS', 'savedViews.errors.tooMany', { max: MAX_VIEWS }, 'PRECONDITION_FAILED');
  }
  if (input.isDefault) await clearDefault(ctx, input.entity);
  const v = ctx.em.create(SavedViewSchema, { userId: ctx.session.user.id, entity: input.entity, name: input.name, definition: input.definition as SavedView['definition'], isDefault: input.isDefault });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'savedview.created', entity: 'SavedView', entityId: v.id, changes: { entity: v.entity, name: v.name } });
  return view(v);
}

export async function updateSavedView(ctx: CustomerContext, input: SavedViewUpdateInput) {
  const v = await own(ctx, input.id);
  if (v.entity !== input.entity) throw errors.notFound('saved_view');
  if (input.name !== undefined && input.name !== v.name) await assertNameFree(ctx, v.entity, input.name, v.id);
  const before = v.name;
  if (input.name !== undefined) v.name = input.name;
  if (input.definition !== undefined) v.definition = input.definition as SavedView['definition'];
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'savedview.updated', entity: 'SavedView', entityId: v.id, changes: { name: { from: before, to: v.name }, definition: input.definition !== undefined ? 'replaced' : 'kept' } });
  return view(v);
}

export async function deleteSavedView(ctx: CustomerContext, id: string) {
  const v = await own(ctx, id);
  ctx.em.remove(v);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'savedview.deleted', entity: 'SavedView', entityId: id, changes: { entity: v.entity, name: v.name } });
}

/** Makes the view the list's default (replacing any other), or stops it being the default. */
export async function setDefaultSavedView(ctx: CustomerContext, id: string, isDefault: boolean) {
  const v = await own(ctx, id);
  if (v.isDefault === isDefault) return view(v);
  if (isDefault) await clearDefault(ctx, v.entity);
  v.isDefault = isDefault;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'savedview.default', entity: 'SavedView', entityId: id, changes: { isDefault } });
  return view(v);
}
