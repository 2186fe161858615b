import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import {
  DepartmentSchema,
  InstitutionSchema,
  InteractionParticipantSchema,
  InteractionProductSchema,
  InteractionSchema,
  MembershipSchema,
  PersonSchema,
  ProductSchema,
  TaskSchema,
  TerritorySchema,
  type CustomerKind,
  type Interaction,
  type InteractionChannel,
  type InteractionOutcome,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { assertRepMayPromote } from '@/server/services/compliance/rep-filing';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { accessScope, inScope, scopeWhere, type AccessScope } from '@/server/services/customers/access';
import { activeFields, applyCustomValues, readableCustomValues } from '@/server/services/customers/custom-fields';
import { visiblePeople } from './customer-lookup';
import { listProducts } from './products';
import { assignableMembers, changes, customerSubject, decodeCursor, encodeCursor, invalid, isAdmin, userNames } from './shared';
import { insertTask, reminderFor } from './tasks';

/** How far ahead of the server clock a logged contact may be (phones' clocks drift). */
const FUTURE_SLACK_MS = 60 * 60 * 1000;

export interface InteractionInput {
  channel: InteractionChannel;
  occurredAt: Date;
  personIds: string[];
  institutionId: string | null;
  departmentId: string | null;
  productIds: string[];
  keyMessages: string[];
  notes: string | null;
  outcome: InteractionOutcome | null;
  nextStep: string | null;
  nextStepDue: Date | null;
  custom?: Record<string, unknown>;
}

/**
 * Who was met and where: every person must be visible to the user; the place is the one given, or
 * the first person's primary place. The interaction's territory (its record-level access) is the
 * institution's, or the first person's when there is none — and must lie in the user's scope.
 */
async function resolveContact(ctx: TenantContext, scope: AccessScope, input: InteractionInput) {
  const personIds = [...new Set(input.personIds)];
  const people = await ctx.em.find(PersonSchema, { id: { $in: personIds }, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'territoryId', 'primaryInstitutionId', 'primaryDepartmentId'] });
  if (people.length !== personIds.length) throw errors.notFound('person');
  const first = people.find((p) => p.id === personIds[0])!;

  let institutionId = input.institutionId;
  let departmentId = input.departmentId;
  if (!institutionId && departmentId) {
    institutionId = (await ctx.em.findOne(DepartmentSchema, { id: departmentId }, { fields: ['institutionId'] }))?.institutionId ?? null;
    if (!institutionId) throw invalid('departmentId', 'interactions.errors.department');
  }
  let institution: { id: string; territoryId: string | null } | null = null;
  if (institutionId) {
    institution = await customerSubject(ctx, 'institution', institutionId);
  } else if (first.primaryInstitutionId) {
    // The first person's own primary place lies in their territory: no separate visibility check.
    institution = await ctx.em.findOne(InstitutionSchema, { id: first.primaryInstitutionId, deletedAt: null }, { fields: ['id', 'territoryId'] });
    departmentId = institution ? first.primaryDepartmentId : null;
  }
  if (departmentId) {
    const dept = await ctx.em.findOne(DepartmentSchema, { id: departmentId }, { fields: ['institutionId'] });
    if (!dept || dept.institutionId !== institution?.id) throw invalid('departmentId', 'interactions.errors.department');
  }
  const territoryId = institution ? institution.territoryId : first.territoryId;
  if (!inScope(scope, territoryId)) throw new DomainError('OUT_OF_SCOPE', 'interactions.errors.outOfScope', {}, 'FORBIDDEN');
  return { personIds, institutionId: institution?.id ?? null, departmentId, territoryId };
}

async function checkProducts(ctx: TenantContext, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await ctx.em.count(ProductSchema, { id: { $in: unique } });
  if (found !== unique.length) throw invalid('productIds', 'interactions.errors.product');
  return unique;
}

function checkTimes(input: InteractionInput) {
  if (input.occurredAt.getTime() > Date.now() + FUTURE_SLACK_MS) throw invalid('occurredAt', 'interactions.errors.future');
  if (input.nextStepDue && !input.nextStep) throw invalid('nextStep', 'interactions.errors.nextStepMissing');
}

function cleanMessages(messages: string[]): string[] {
  return [...new Set(messages.map((m) => m.trim()).filter(Boolean))];
}

/**
 * Logs a contact: participants, products, key messages, custom fields; a next step becomes an open
 * task for the owner about the first person. `interaction.created` leaves after commit.
 */
/**
 * 医药代表备案: an interaction by a rep that discusses products is promotion, and only a rep with a
 * valid filing covering those products may record it (DOMAIN.md §2). Contacts without products
 * (service calls, follow-ups) stay open to everyone.
 */
async function assertMayPromote(ctx: TenantContext, ownerId: string, at: Date, productIds: string[]) {
  if (!productIds.length) return;
  const owner = ownerId === ctx.session.user.id ? ctx.membership : await ctx.em.findOne(MembershipSchema, { userId: ownerId });
  if (!owner?.roles.includes('rep')) return;
  await assertRepMayPromote(ctx, ownerId, { at, productIds });
}

export async function logInteraction(ctx: TenantContext, input: InteractionInput) {
  checkTimes(input);
  const scope = await accessScope(ctx);
  const contact = await resolveContact(ctx, scope, input);
  const productIds = await checkProducts(ctx, input.productIds);
  const custom = applyCustomValues(await activeFields(ctx.em, 'interaction'), {}, input.custom, { partial: false });
  const ownerId = ctx.session.user.id;
  await assertMayPromote(ctx, ownerId, input.occurredAt, productIds);

  const interaction = ctx.em.create(InteractionSchema, {
    id: newId(),
    externalId: null,
    channel: input.channel,
    occurredAt: input.occurredAt,
    institutionId: contact.institutionId,
    departmentId: contact.departmentId,
    territoryId: contact.territoryId,
    ownerId,
    keyMessages: cleanMessages(input.keyMessages),
    notes: input.notes,
    outcome: input.outcome,
    nextStep: input.nextStep,
    nextStepDue: input.nextStep ? input.nextStepDue : null,
    custom,
  });
  for (const personId of contact.personIds) ctx.em.create(InteractionParticipantSchema, { interactionId: interaction.id, personId, occurredAt: input.occurredAt });
  for (const productId of productIds) ctx.em.create(InteractionProductSchema, { interactionId: interaction.id, productId });
  await ctx.em.flush();

  await recordAudit(ctx.em, {
    ...auditMeta(ctx),
    action: 'interaction.created',
    entity: 'Interaction',
    entityId: interaction.id,
    changes: { channel: input.channel, occurredAt: input.occurredAt, personIds: contact.personIds, institutionId: contact.institutionId, productIds, customFields: Object.keys(input.custom ?? {}) },
  });

  let taskId: string | null = null;
  if (input.nextStep) {
    const task = await insertTask(ctx, {
      title: input.nextStep,
      description: null,
      ownerId,
      dueAt: input.nextStepDue,
      remindAt: reminderFor(input.nextStepDue, ctx.tenant.settings.timezone),
      subjectKind: 'person',
      subjectId: contact.personIds[0]!,
      interactionId: interaction.id,
    });
    taskId = task.id;
  }
  ctx.afterCommit.emit('interaction.created', { tenantId: ctx.tenant.id, interactionId: interaction.id, actorUserId: ownerId });
  return { id: interaction.id, taskId };
}

async function visibleInteraction(ctx: TenantContext, id: string): Promise<Interaction> {
  const scope = await accessScope(ctx);
  const row = await ctx.em.findOne(InteractionSchema, { id, ...scopeWhere(scope) });
  if (!row) throw errors.notFound('interaction');
  return row;
}

/**
 * Edits a logged contact (its owner, or an admin). A next step added later becomes a task if the
 * interaction has none yet; an existing task is managed on its own from then on.
 */
export async function updateInteraction(ctx: TenantContext, id: string, input: InteractionInput) {
  const row = await visibleInteraction(ctx, id);
  if (row.ownerId !== ctx.session.user.id && !isAdmin(ctx)) throw new DomainError('NOT_OWNER', 'interactions.errors.notOwner', {}, 'FORBIDDEN');
  checkTimes(input);
  const scope = await accessScope(ctx);
  const contact = await resolveContact(ctx, scope, input);
  const productIds = await checkProducts(ctx, input.productIds);
  const custom = applyCustomValues(await activeFields(ctx.em, 'interaction'), row.custom, input.custom, { partial: true });
  await assertMayPromote(ctx, row.ownerId, input.occurredAt, productIds);

  const [participants, products] = await Promise.all([
    ctx.em.find(InteractionParticipantSchema, { interactionId: id }),
    ctx.em.find(InteractionProductSchema, { interactionId: id }),
  ]);
  const next = {
    channel: input.channel,
    occurredAt: input.occurredAt,
    institutionId: contact.institutionId,
    departmentId: contact.departmentId,
    territoryId: contact.territoryId,
    keyMessages: cleanMessages(input.keyMessages),
    notes: input.notes,
    outcome: input.outcome,
    nextStep: input.nextStep,
    nextStepDue: input.nextStep ? input.nextStepDue : null,
  };
  const diff: Record<string, unknown> = changes(row, next);
  const beforePeople = participants.map((p) => p.personId);
  const beforeProducts = products.map((p) => p.productId);
  if (JSON.stringify([...beforePeople].sort()) !== JSON.stringify([...contact.personIds].sort())) diff.personIds = { from: beforePeople, to: contact.personIds };
  if (JSON.stringify([...beforeProducts].sort()) !== JSON.stringify([...productIds].sort())) diff.productIds = { from: beforeProducts, to: productIds };
  const customChanged = Object.keys(input.custom ?? {}).filter((k) => JSON.stringify(row.custom[k] ?? null) !== JSON.stringify(custom[k] ?? null));
  if (customChanged.length) diff.customFields = customChanged;

  Object.assign(row, next, { custom });
  for (const p of participants) {
    if (!contact.personIds.includes(p.personId)) ctx.em.remove(p);
    else p.occurredAt = input.occurredAt;
  }
  for (const personId of contact.personIds) {
    if (!beforePeople.includes(personId)) ctx.em.create(InteractionParticipantSchema, { interactionId: id, personId, occurredAt: input.occurredAt });
  }
  for (const p of products) if (!productIds.includes(p.productId)) ctx.em.remove(p);
  for (const productId of productIds) if (!beforeProducts.includes(productId)) ctx.em.create(InteractionProductSchema, { interactionId: id, productId });
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'interaction.updated', entity: 'Interaction', entityId: id, changes: diff });

  let taskId: string | null = null;
  if (input.nextStep && !(await ctx.em.count(TaskSchema, { interactionId: id }))) {
    const task = await insertTask(ctx, {
      title: input.nextStep,
      description: null,
      ownerId: row.ownerId,
      dueAt: next.nextStepDue,
      remindAt: reminderFor(next.nextStepDue, ctx.tenant.settings.timezone),
      subjectKind: 'person',
      subjectId: contact.personIds[0]!,
      interactionId: id,
    });
    taskId = task.id;
  }
  return { id, taskId };
}

const LIST_FIELDS = ['id', 'channel', 'occurredAt', 'institutionId', 'departmentId', 'ownerId', 'keyMessages', 'outcome', 'nextStep', 'nextStepDue'] as const;
type ListRow = Pick<Interaction, (typeof LIST_FIELDS)[number]>;

/** Names for a page of interactions: people, products, institution, owner — one query each. */
async function decorate(ctx: TenantContext, rows: ListRow[]) {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const [participants, products] = await Promise.all([
    ctx.em.find(InteractionParticipantSchema, { interactionId: { $in: ids } }, { fields: ['interactionId', 'personId'] }),
    ctx.em.find(InteractionProductSchema, { interactionId: { $in: ids } }, { fields: ['interactionId', 'productId'] }),
  ]);
  const personIds = [...new Set(participants.map((p) => p.personId))];
  const productIds = [...new Set(products.map((p) => p.productId))];
  const institutionIds = [...new Set(rows.flatMap((r) => (r.institutionId ? [r.institutionId] : [])))];
  const departmentIds = [...new Set(rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])))];
  const [people, productRows, institutions, departments, owners] = await Promise.all([
    personIds.length ? ctx.em.find(PersonSchema, { id: { $in: personIds } }, { fields: ['id', 'name'] }) : [],
    productIds.length ? ctx.em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [],
    institutionIds.length ? ctx.em.find(InstitutionSchema, { id: { $in: institutionIds } }, { fields: ['id', 'name'] }) : [],
    departmentIds.length ? ctx.em.find(DepartmentSchema, { id: { $in: departmentIds } }, { fields: ['id', 'name'] }) : [],
    userNames(ctx, rows.map((r) => r.ownerId)),
  ]);
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const productName = new Map(productRows.map((p) => [p.id, p.name]));
  const institutionName = new Map(institutions.map((i) => [i.id, i.name]));
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    occurredAt: r.occurredAt,
    outcome: r.outcome,
    keyMessages: r.keyMessages,
    nextStep: r.nextStep,
    nextStepDue: r.nextStepDue,
    owner: { id: r.ownerId, name: owners.get(r.ownerId) ?? '' },
    institution: r.institutionId ? { id: r.institutionId, name: institutionName.get(r.institutionId) ?? '' } : null,
    department: r.departmentId ? { id: r.departmentId, name: departmentName.get(r.departmentId) ?? '' } : null,
    people: participants
      .filter((p) => p.interactionId === r.id)
      .map((p) => ({ id: p.personId, name: personName.get(p.personId) ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    products: products.filter((p) => p.interactionId === r.id).map((p) => ({ id: p.productId, name: productName.get(p.productId) ?? '' })),
  }));
}
export type InteractionRow = Awaited<ReturnType<typeof decorate>>[number];

export interface InteractionFilter {
  from: Date | null;
  to: Date | null;
  channel: InteractionChannel | null;
  ownerId: string | null;
  productId: string | null;
  territoryId: string | null;
  cursor: string | null;
  limit: number;
}

/** Territory ids at or below `territoryId`, within the user's scope. */
async function territorySubtree(ctx: TenantContext, scope: AccessScope, territoryId: string): Promise<string[]> {
  const root = await ctx.em.findOne(TerritorySchema, { id: territoryId }, { fields: ['path'] });
  if (!root) return [];
  const below = await ctx.em.find(TerritorySchema, { path: { $like: `${root.path}%` } }, { fields: ['id'] });
  return below.map((t) => t.id).filter((id) => inScope(scope, id));
}

/** `id in (subquery)`: MikroORM runs a knex subquery as is, but its filter types do not say so. */
function idIn(subquery: unknown): FilterQuery<Interaction> {
  return { id: { $in: subquery } } as unknown as FilterQuery<Interaction>;
}

function keysetDesc(cursor: string | null): FilterQuery<Interaction> {
  const c = decodeCursor(cursor);
  if (!c || !(c.value instanceof Date)) return {};
  return { $or: [{ occurredAt: { $lt: c.value } }, { occurredAt: c.value, id: { $lt: c.id } }] };
}

async function page(ctx: TenantContext, where: FilterQuery<Interaction>, limit: number) {
  const rows = await ctx.em.find(InteractionSchema, where, { fields: [...LIST_FIELDS], orderBy: { occurredAt: 'desc', id: 'desc' }, limit: limit + 1 });
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: await decorate(ctx, shown), nextCursor: more && last ? encodeCursor(last.occurredAt, last.id) : null };
}

/**
 * The interactions list: newest first, keyset-paged on (occurredAt, id) so page 500 costs what
 * page 1 does; only shown columns are read and nothing is counted.
 */
export async function listInteractions(ctx: TenantContext, f: InteractionFilter) {
  const scope = await accessScope(ctx);
  const and: FilterQuery<Interaction>[] = [scopeWhere(scope), keysetDesc(f.cursor)];
  if (f.territoryId) and.push({ territoryId: { $in: await territorySubtree(ctx, scope, f.territoryId) } });
  if (f.from) and.push({ occurredAt: { $gte: f.from } });
  if (f.to) and.push({ occurredAt: { $lt: f.to } });
  if (f.channel) and.push({ channel: f.channel });
  if (f.ownerId) and.push({ ownerId: f.ownerId });
  if (f.productId) {
    const withProduct = (ctx.em as SqlEntityManager).createQueryBuilder(InteractionProductSchema, 'ip').select('ip.interactionId').where({ tenantId: ctx.tenant.id, productId: f.productId });
    and.push(idIn(withProduct.getKnexQuery()));
  }
  return page(ctx, { $and: and }, f.limit);
}

/** A customer's interactions (the 360 timeline): as participant for a person, as the place for an institution. */
export async function interactionsForCustomer(ctx: TenantContext, kind: CustomerKind, id: string, cursor: string | null, limit: number) {
  await customerSubject(ctx, kind, id);
  if (kind === 'institution') return page(ctx, { $and: [{ institutionId: id }, keysetDesc(cursor)] }, limit);
  const met = (ctx.em as SqlEntityManager).createQueryBuilder(InteractionParticipantSchema, 'ip').select('ip.interactionId').where({ tenantId: ctx.tenant.id, personId: id });
  return page(ctx, { $and: [idIn(met.getKnexQuery()), keysetDesc(cursor)] }, limit);
}

/** The user's own latest interactions (dashboard widget). */
export async function myRecentInteractions(ctx: TenantContext, limit: number) {
  return (await page(ctx, { ownerId: ctx.session.user.id }, limit)).items;
}

/** One interaction with everything the detail page shows; sensitive custom values stay masked. */
export async function getInteraction(ctx: TenantContext, id: string) {
  const row = await visibleInteraction(ctx, id);
  const [decorated] = await decorate(ctx, [row]);
  const [defs, tasks] = await Promise.all([activeFields(ctx.em, 'interaction'), ctx.em.find(TaskSchema, { interactionId: id }, { orderBy: { createdAt: 'asc' } })]);
  const taskOwners = await userNames(ctx, tasks.map((t) => t.ownerId));
  return {
    ...decorated!,
    notes: row.notes,
    territoryId: row.territoryId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    custom: readableCustomValues(defs, row.custom, false),
    customFields: defs.map((d) => ({ key: d.key, type: d.type, labelZh: d.labelZh, labelEn: d.labelEn, sensitive: d.sensitive, options: d.options })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, status: t.status, dueAt: t.dueAt, owner: { id: t.ownerId, name: taskOwners.get(t.ownerId) ?? '' } })),
    canEdit: row.ownerId === ctx.session.user.id || isAdmin(ctx),
  };
}

/** Products the user discussed most in their last hundred interactions, most discussed first. */
async function usualProducts(ctx: TenantContext, limit = 8): Promise<string[]> {
  const recent = await ctx.em.find(InteractionSchema, { ownerId: ctx.session.user.id }, { fields: ['id'], orderBy: { occurredAt: 'desc' }, limit: 100 });
  if (!recent.length) return [];
  const links = await ctx.em.find(InteractionProductSchema, { interactionId: { $in: recent.map((r) => r.id) } }, { fields: ['productId'] });
  const counts = new Map<string, number>();
  for (const l of links) counts.set(l.productId, (counts.get(l.productId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => id);
}

/**
 * What the visit form needs in one round trip: active products, the tenant's interaction fields,
 * and the people (and institution) it was opened for, when the user may see them.
 */
export async function interactionFormContext(ctx: TenantContext, input: { personIds: string[]; institutionId: string | null }) {
  const [products, defs, people, usual] = await Promise.all([
    listProducts(ctx, { includeInactive: false }),
    activeFields(ctx.em, 'interaction'),
    visiblePeople(ctx, input.personIds),
    usualProducts(ctx),
  ]);
  let institution: { id: string; name: string } | null = null;
  if (input.institutionId) {
    const scope = await accessScope(ctx);
    const row = await ctx.em.findOne(InstitutionSchema, { id: input.institutionId, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'name'] });
    institution = row ? { id: row.id, name: row.name } : null;
  }
  const rank = (id: string) => (usual.includes(id) ? usual.indexOf(id) : usual.length);
  return {
    // The user's usual products first: on a phone the first few chips are the ones that get tapped.
    products: products.map((p) => ({ id: p.id, name: p.name, spec: p.spec, usual: usual.includes(p.id) })).sort((a, b) => rank(a.id) - rank(b.id)),
    customFields: defs.map((d) => ({ key: d.key, type: d.type, labelZh: d.labelZh, labelEn: d.labelEn, required: d.required, sensitive: d.sensitive, options: d.options.filter((o) => !o.archived) })),
    people,
    institution,
  };
}

/** Filter choices for the list page: territories in scope, the company's products, colleagues. */
export async function interactionFilterOptions(ctx: TenantContext) {
  const scope = await accessScope(ctx);
  const [territories, products, owners] = await Promise.all([
    ctx.em.find(TerritorySchema, scope.all ? {} : { id: { $in: scope.territoryIds } }, { fields: ['id', 'name', 'level', 'path'], orderBy: { path: 'asc' } }),
    listProducts(ctx, { includeInactive: true }),
    assignableMembers(ctx, 'interactions.write'),
  ]);
  return {
    owners,
    territories: territories.map((t) => ({ id: t.id, name: t.name, level: t.level, depth: t.path.split('/').filter(Boolean).length - 1 })),
    products: products.map((p) => ({ id: p.id, name: p.name })),
  };
}
