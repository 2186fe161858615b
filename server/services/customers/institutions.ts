import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { z } from 'zod';
import {
  AffiliationSchema,
  ContactPointSchema,
  DepartmentSchema,
  InstitutionSchema,
  InteractionSchema,
  PersonSchema,
  TerritorySchema,
  UserSchema,
  type HcpTitle,
  type Institution,
  type PersonKind,
  type Tier,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { accessScope, inScope, scopeWhere, visibleCustomer, type AccessScope } from './access';
import { dedupeContacts, firstOf, replaceContacts } from './contacts';
import { changedCustom, changedFields, customerAuditMeta, type CustomerContext } from './context';
import { fieldView } from './custom-field-admin';
import { activeFields, readableCustomValues } from './custom-fields';
import { findDuplicates } from './duplicates';
import type { departmentCreateInput, departmentUpdateInput, InstitutionCreateInput, InstitutionUpdateInput } from './institution-input';
import { recordLifecycleChanges } from './lifecycle';
import { nameKeys } from './pinyin';
import { checkTerritory, customOrProblems, sensitiveKeys, validationError, type CreateResult, type Problems, type WriteOptions } from './write-helpers';

/**
 * Institutions (hospitals, pharmacies and chains, distributors, clinics) and their departments
 * (科室). An institution's territory decides who sees it — and the people whose primary workplace
 * it is follow it when it moves.
 */

const AUDITED = [
  'externalId', 'name', 'type', 'hospitalLevel', 'parentId', 'territoryId', 'province', 'city', 'district', 'street', 'phone', 'website',
  'legalRepresentative', 'registeredPlace', 'mainContactId', 'procurementScale', 'budgetRange', 'procurementCycle', 'tier', 'stage',
] as const;

const LEVELLED = new Set(['hospital', 'clinic']);
/** People listed on an institution's page; the people list (filtered by institution) has the rest. */
const PEOPLE_SHOWN = 50;

function snapshot(i: Institution): Record<string, unknown> {
  return Object.fromEntries(AUDITED.map((k) => [k, i[k]]));
}

/** A head office must be a visible institution, and not the branch itself or one of its branches. */
async function checkParent(ctx: CustomerContext, scope: AccessScope, selfId: string | null, parentId: string | null, problems: Problems) {
  if (!parentId) return;
  if (parentId === selfId) {
    problems.parentId = { key: 'institutions.errors.parentCycle' };
    return;
  }
  let cursor: string | null = parentId;
  for (let hops = 0; cursor && hops < 20; hops++) {
    const row: Pick<Institution, 'id' | 'parentId' | 'territoryId'> | null = await ctx.em.findOne(InstitutionSchema, { id: cursor, deletedAt: null }, { fields: ['id', 'parentId', 'territoryId'] });
    if (!row || (hops === 0 && !inScope(scope, row.territoryId))) {
      problems.parentId = { key: 'customers.errors.institutionNotFound' };
      return;
    }
    if (row.parentId === selfId && selfId) {
      problems.parentId = { key: 'institutions.errors.parentCycle' };
      return;
    }
    cursor = row.parentId;
  }
}

async function checkMainContact(ctx: CustomerContext, scope: AccessScope, personId: string | null, problems: Problems) {
  if (!personId) return;
  if (!(await ctx.em.findOne(PersonSchema, { id: personId, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id'] }))) problems.mainContactId = { key: 'institutions.errors.mainContactNotFound' };
}

export async function createInstitution(ctx: CustomerContext, input: InstitutionCreateInput, opts: WriteOptions = {}): Promise<CreateResult> {
  const scope = await accessScope(ctx);
  const problems: Problems = {};
  await checkTerritory(ctx, scope, input.territoryId, problems);
  await checkParent(ctx, scope, null, input.parentId, problems);
  await checkMainContact(ctx, scope, input.mainContactId, problems);
  const defs = opts.customFields ?? (await activeFields(ctx.em, 'institution'));
  const custom = customOrProblems(defs, {}, input.custom, false, problems);
  if (input.externalId && (await ctx.em.count(InstitutionSchema, { externalId: input.externalId }))) problems.externalId = { key: 'customers.errors.externalIdTaken' };
  if (Object.keys(problems).length) throw validationError(problems);

  if (!input.allowDuplicate) {
    const duplicates = await findDuplicates(ctx, 'institution', { name: input.name, contacts: input.contacts });
    if (duplicates.candidates.length || duplicates.hiddenCount) return { status: 'duplicates', duplicates };
  }

  const id = newId();
  const keys = nameKeys(input.name, 'organisation');
  const contacts = dedupeContacts(input.contacts);
  const row = ctx.em.create(InstitutionSchema, {
    id,
    externalId: input.externalId,
    name: input.name,
    namePinyin: keys.full,
    nameInitials: keys.initials,
    type: input.type,
    hospitalLevel: LEVELLED.has(input.type) ? input.hospitalLevel : null,
    parentId: input.parentId,
    territoryId: input.territoryId,
    province: input.province,
    city: input.city,
    district: input.district,
    street: input.street,
    phone: firstOf(contacts, 'phone', 'mobile'),
    website: firstOf(contacts, 'website'),
    legalRepresentative: input.legalRepresentative,
    registeredPlace: input.registeredPlace,
    mainContactId: input.mainContactId,
    procurementScale: input.procurementScale,
    budgetRange: input.budgetRange,
    procurementCycle: input.procurementCycle,
    tier: input.tier,
    stage: input.stage,
    custom,
    mergedIntoId: null,
    deletedAt: null,
    createdBy: ctx.session.user.id,
  });
  for (const c of contacts) ctx.em.create(ContactPointSchema, { ownerKind: 'institution', ownerId: id, ...c });
  await ctx.em.flush();
  if (opts.audit !== false) {
    await recordAudit(ctx.em, {
      ...customerAuditMeta(ctx),
      action: 'customer.created',
      entity: 'Institution',
      entityId: id,
      changes: { ...changedFields({}, snapshot(row)), ...changedCustom({}, custom, sensitiveKeys(defs)) },
    });
  }
  ctx.afterCommit.emit('customer.created', { tenantId: ctx.tenant.id, customerId: id, kind: 'institution', actorUserId: ctx.session.user.id });
  return { status: 'created', id };
}

export async function updateInstitution(ctx: CustomerContext, input: InstitutionUpdateInput, opts: WriteOptions = {}) {
  const scope = await accessScope(ctx);
  const row = await visibleCustomer(ctx, 'institution', input.id);
  const before = snapshot(row);
  const beforeCustom = { ...row.custom };
  const problems: Problems = {};
  if (input.territoryId !== undefined && input.territoryId !== row.territoryId) await checkTerritory(ctx, scope, input.territoryId, problems);
  if (input.parentId !== undefined && input.parentId !== row.parentId) await checkParent(ctx, scope, row.id, input.parentId, problems);
  if (input.mainContactId !== undefined && input.mainContactId !== row.mainContactId) await checkMainContact(ctx, scope, input.mainContactId, problems);
  const defs = opts.customFields ?? (await activeFields(ctx.em, 'institution'));
  const custom = input.custom !== undefined ? customOrProblems(defs, row.custom, input.custom, true, problems) : row.custom;
  if (input.externalId && input.externalId !== row.externalId && (await ctx.em.count(InstitutionSchema, { externalId: input.externalId }))) problems.externalId = { key: 'customers.errors.externalIdTaken' };
  if (Object.keys(problems).length) throw validationError(problems);

  row.custom = custom;
  if (input.name !== undefined && input.name !== row.name) {
    const keys = nameKeys(input.name, 'organisation');
    row.name = input.name;
    row.namePinyin = keys.full;
    row.nameInitials = keys.initials;
  }
  const simple = ['externalId', 'type', 'parentId', 'territoryId', 'province', 'city', 'district', 'street', 'legalRepresentative', 'registeredPlace', 'mainContactId', 'procurementScale', 'budgetRange', 'procurementCycle'] as const;
  for (const k of simple) if (input[k] !== undefined) (row as unknown as Record<string, unknown>)[k] = input[k];
  if (input.hospitalLevel !== undefined) row.hospitalLevel = input.hospitalLevel;
  if (!LEVELLED.has(row.type)) row.hospitalLevel = null;
  if (input.contacts !== undefined) {
    const rows = await replaceContacts(ctx.em, 'institution', row.id, input.contacts, { existing: true });
    row.phone = firstOf(rows, 'phone', 'mobile');
    row.website = firstOf(rows, 'website');
  }
  const lifecycleBefore = { tier: row.tier, stage: row.stage };
  if (input.tier !== undefined) row.tier = input.tier;
  if (input.stage !== undefined) row.stage = input.stage;
  recordLifecycleChanges(ctx, 'institution', row.id, lifecycleBefore, { tier: row.tier, stage: row.stage }, input.lifecycleReason ?? null);
  await ctx.em.flush();
  if (before.territoryId !== row.territoryId) {
    // People whose primary workplace this is move with it.
    await ctx.em.nativeUpdate(PersonSchema, { primaryInstitutionId: row.id }, { territoryId: row.territoryId, updatedAt: new Date() });
  }
  const changes = { ...changedFields(before, snapshot(row)), ...changedCustom(beforeCustom, row.custom, sensitiveKeys(defs)) };
  if (opts.audit !== false && Object.keys(changes).length) {
    await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.updated', entity: 'Institution', entityId: row.id, changes: { ...changes, ...(input.lifecycleReason ? { reason: input.lifecycleReason } : {}) } });
  }
  return { id: row.id };
}

export async function archiveInstitution(ctx: CustomerContext, id: string) {
  const row = await visibleCustomer(ctx, 'institution', id);
  row.deletedAt = new Date();
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.archived', entity: 'Institution', entityId: id });
}

export async function restoreInstitution(ctx: CustomerContext, id: string) {
  const scope = await accessScope(ctx);
  const row = await ctx.em.findOne(InstitutionSchema, { id, deletedAt: { $ne: null }, mergedIntoId: null, ...scopeWhere(scope) });
  if (!row) throw errors.notFound('institution');
  row.deletedAt = null;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.restored', entity: 'Institution', entityId: id });
}

/** The institution's 360 profile: departments, branches, people (within the user's territories). */
export async function getInstitution(ctx: CustomerContext, id: string) {
  const scope = await accessScope(ctx);
  const i = await ctx.em.findOne(InstitutionSchema, { id, ...scopeWhere(scope) });
  if (!i) throw errors.notFound('institution');
  const em = ctx.em as SqlEntityManager;
  const staffOf = () => em.createQueryBuilder(AffiliationSchema, 'a').select('a.personId').where({ tenantId: ctx.tenant.id, institutionId: id }).getKnexQuery();
  const [departments, contacts, defs, branches, staff, perDepartment] = await Promise.all([
    ctx.em.find(DepartmentSchema, { institutionId: id }, { orderBy: { name: 'asc' } }),
    ctx.em.find(ContactPointSchema, { ownerKind: 'institution', ownerId: id }, { orderBy: { kind: 'asc', isPrimary: 'desc', createdAt: 'asc' } }),
    activeFields(ctx.em, 'institution'),
    ctx.em.find(InstitutionSchema, { parentId: id, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'name', 'city'], orderBy: { name: 'asc' }, limit: 100 }),
    // The people working here whom the user may see, first PEOPLE_SHOWN by name (a big hospital has thousands).
    em
      .createQueryBuilder(PersonSchema, 'p')
      .select(['p.id', 'p.name', 'p.title', 'p.tier', 'p.kind'])
      .where({ tenantId: ctx.tenant.id, deletedAt: null, ...scopeWhere(scope) })
      .andWhere({ id: { $in: staffOf() } })
      .orderBy({ namePinyin: 'asc', id: 'asc' })
      .limit(PEOPLE_SHOWN + 1)
      .execute('all', true) as Promise<{ id: string; name: string; title: HcpTitle | null; tier: Tier | null; kind: PersonKind }[]>,
    em
      .createQueryBuilder(AffiliationSchema, 'a')
      .select(['a.departmentId', raw('count(*) as n')])
      .where({ tenantId: ctx.tenant.id, institutionId: id, departmentId: { $ne: null } })
      .groupBy('a.departmentId')
      .execute('all', true) as Promise<{ departmentId: string; n: number | string }[]>,
  ]);
  const people = staff.slice(0, PEOPLE_SHOWN);
  const headIds = departments.map((d) => d.headPersonId).filter((x): x is string => !!x);
  const [affs, heads, parent, mainContact, territory, creator] = await Promise.all([
    people.length ? ctx.em.find(AffiliationSchema, { institutionId: id, personId: { $in: people.map((p) => p.id) } }, { fields: ['personId', 'departmentId', 'position', 'isPrimary'] }) : [],
    headIds.length ? ctx.em.find(PersonSchema, { id: { $in: headIds }, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'name'] }) : [],
    i.parentId ? ctx.em.findOne(InstitutionSchema, { id: i.parentId, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'name'] }) : null,
    i.mainContactId ? ctx.em.findOne(PersonSchema, { id: i.mainContactId, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'name', 'title'] }) : null,
    i.territoryId ? ctx.em.findOne(TerritorySchema, { id: i.territoryId }, { fields: ['id', 'name'] }) : null,
    i.createdBy ? ctx.em.findOne(UserSchema, { id: i.createdBy }, { fields: ['id', 'name'] }) : null,
  ]);
  const affByPerson = new Map(affs.map((a) => [a.personId, a]));
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  const headNames = new Map(heads.map((p) => [p.id, p.name]));
  const peopleByDept = new Map(perDepartment.map((r) => [r.departmentId, Number(r.n)]));
  return {
    id: i.id,
    externalId: i.externalId,
    name: i.name,
    type: i.type,
    hospitalLevel: i.hospitalLevel,
    province: i.province,
    city: i.city,
    district: i.district,
    street: i.street,
    legalRepresentative: i.legalRepresentative,
    registeredPlace: i.registeredPlace,
    procurementScale: i.procurementScale,
    budgetRange: i.budgetRange,
    procurementCycle: i.procurementCycle,
    tier: i.tier,
    stage: i.stage,
    territory: territory ? { id: territory.id, name: territory.name } : null,
    parent: parent ? { id: parent.id, name: parent.name } : null,
    parentId: i.parentId,
    mainContact: mainContact ? { id: mainContact.id, name: mainContact.name, title: mainContact.title } : null,
    mainContactId: i.mainContactId,
    branches: branches.map((b) => ({ id: b.id, name: b.name, city: b.city })),
    departments: departments.map((d) => ({
      id: d.id,
      name: d.name,
      specialty: d.specialty,
      phone: d.phone,
      headPersonId: d.headPersonId,
      headName: d.headPersonId ? (headNames.get(d.headPersonId) ?? null) : null,
      people: peopleByDept.get(d.id) ?? 0,
    })),
    morePeople: staff.length > PEOPLE_SHOWN,
    people: people.map((p) => {
      const a = affByPerson.get(p.id);
      return { id: p.id, name: p.name, title: p.title, tier: p.tier, kind: p.kind, departmentName: a?.departmentId ? (deptName.get(a.departmentId) ?? null) : null, position: a?.position ?? null, isPrimary: a?.isPrimary ?? false };
    }),
    contacts: contacts.map((c) => ({ id: c.id, kind: c.kind, value: c.value, label: c.label, isPrimary: c.isPrimary })),
    customFields: defs.map(fieldView),
    custom: readableCustomValues(defs, i.custom, false),
    archived: i.deletedAt !== null,
    mergedIntoId: i.mergedIntoId,
    createdBy: creator?.name ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}
export type InstitutionProfile = Awaited<ReturnType<typeof getInstitution>>;

// --- Departments ------------------------------------------------------------------------------

/** Departments of an institution the user may see (for pickers). */
export async function listDepartments(ctx: CustomerContext, institutionId: string) {
  await visibleCustomer(ctx, 'institution', institutionId);
  const rows = await ctx.em.find(DepartmentSchema, { institutionId }, { orderBy: { name: 'asc' }, fields: ['id', 'name', 'specialty'] });
  return rows.map((d) => ({ id: d.id, name: d.name, specialty: d.specialty }));
}

async function checkHead(ctx: CustomerContext, personId: string | null | undefined, problems: Problems) {
  if (!personId) return;
  const scope = await accessScope(ctx);
  if (!(await ctx.em.findOne(PersonSchema, { id: personId, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id'] }))) problems.headPersonId = { key: 'institutions.errors.mainContactNotFound' };
}

async function nameTaken(ctx: CustomerContext, institutionId: string, name: string, exceptId?: string) {
  return !!(await ctx.em.findOne(DepartmentSchema, { institutionId, name, ...(exceptId ? { id: { $ne: exceptId } } : {}) }, { fields: ['id'] }));
}

export async function createDepartment(ctx: CustomerContext, input: z.infer<typeof departmentCreateInput>) {
  await visibleCustomer(ctx, 'institution', input.institutionId);
  const problems: Problems = {};
  if (await nameTaken(ctx, input.institutionId, input.name)) problems.name = { key: 'institutions.errors.departmentExists' };
  await checkHead(ctx, input.headPersonId, problems);
  if (Object.keys(problems).length) throw validationError(problems);
  const d = ctx.em.create(DepartmentSchema, { id: newId(), ...input });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'department.created', entity: 'Department', entityId: d.id, changes: { institutionId: d.institutionId, name: d.name, specialty: d.specialty } });
  return { id: d.id };
}

async function visibleDepartment(ctx: CustomerContext, id: string) {
  const d = await ctx.em.findOne(DepartmentSchema, { id });
  if (!d) throw errors.notFound('department');
  try {
    await visibleCustomer(ctx, 'institution', d.institutionId);
  } catch {
    throw errors.notFound('department');
  }
  return d;
}

export async function updateDepartment(ctx: CustomerContext, input: z.infer<typeof departmentUpdateInput>) {
  const d = await visibleDepartment(ctx, input.id);
  const problems: Problems = {};
  if (input.name !== undefined && input.name !== d.name && (await nameTaken(ctx, d.institutionId, input.name, d.id))) problems.name = { key: 'institutions.errors.departmentExists' };
  if (input.headPersonId !== d.headPersonId) await checkHead(ctx, input.headPersonId, problems);
  if (Object.keys(problems).length) throw validationError(problems);
  const before = { name: d.name, specialty: d.specialty, phone: d.phone, headPersonId: d.headPersonId };
  if (input.name !== undefined) d.name = input.name;
  if (input.specialty !== undefined) d.specialty = input.specialty;
  if (input.phone !== undefined) d.phone = input.phone;
  if (input.headPersonId !== undefined) d.headPersonId = input.headPersonId;
  await ctx.em.flush();
  const changes = changedFields(before, { name: d.name, specialty: d.specialty, phone: d.phone, headPersonId: d.headPersonId });
  if (Object.keys(changes).length) await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'department.updated', entity: 'Department', entityId: d.id, changes });
}

/** Deletes a department nobody works in and no interaction refers to. */
export async function deleteDepartment(ctx: CustomerContext, id: string) {
  const d = await visibleDepartment(ctx, id);
  const inUse = (await ctx.em.count(AffiliationSchema, { departmentId: id })) + (await ctx.em.count(InteractionSchema, { departmentId: id }));
  if (inUse) throw new DomainError('DEPARTMENT_IN_USE', 'institutions.errors.departmentInUse', { count: inUse }, 'PRECONDITION_FAILED');
  ctx.em.remove(d);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'department.deleted', entity: 'Department', entityId: id, changes: { institutionId: d.institutionId, name: d.name } });
}
