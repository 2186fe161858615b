import {
  AffiliationSchema,
  ContactPointSchema,
  DepartmentSchema,
  InstitutionSchema,
  PersonSchema,
  TerritorySchema,
  UserSchema,
  type Person,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { mayUnmask } from '@/server/services/compliance/privacy-settings';
import { encryptField, maskValue } from '@/server/services/field-crypto';
import { accessScope, inScope, scopeWhere, visibleCustomer, type AccessScope } from './access';
import { dedupeContacts, firstOf, replaceContacts } from './contacts';
import { changedCustom, changedFields, customerAuditMeta, type CustomerContext } from './context';
import { fieldView } from './custom-field-admin';
import { activeFields } from './custom-fields';
import { customerMasking, maskText, type MaskablePersonField } from './masking';
import { findDuplicates } from './duplicates';
import { recordLifecycleChanges } from './lifecycle';
import type { AffiliationInput, PersonCreateInput, PersonUpdateInput } from './person-input';
import { nameKeys } from './pinyin';
import { checkTerritory, customOrProblems, sensitiveKeys, validationError, type CreateResult, type Problems, type WriteOptions } from './write-helpers';

/**
 * People: HCPs and other contacts. A person's territory, primary institution and primary department
 * mirror the primary affiliation (and that institution's territory), so lists and record-level
 * access filter on the person row alone.
 */

const AUDITED = ['externalId', 'kind', 'name', 'gender', 'title', 'adminRole', 'specialty', 'primaryInstitutionId', 'primaryDepartmentId', 'territoryId', 'tier', 'stage', 'mobile', 'email', 'wechat', 'birthday'] as const;

function snapshot(p: Person): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(AUDITED.map((k) => [k, p[k]]));
  out.idNumber = p.idNumberLast4 ? `set:${p.idNumberLast4}` : null;
  return out;
}

interface Placement {
  affiliations: { institutionId: string; departmentId: string | null; position: string | null; isPrimary: boolean }[];
  primaryInstitutionId: string | null;
  primaryDepartmentId: string | null;
  territoryId: string | null;
}

/**
 * Checks affiliations (institutions the user may see — or already linked to this person — and
 * departments of those institutions), picks the primary one and derives the territory from it.
 */
async function resolvePlacement(
  ctx: CustomerContext,
  scope: AccessScope,
  input: readonly AffiliationInput[],
  explicitTerritoryId: string | null,
  problems: Problems,
  alreadyLinked: ReadonlySet<string> = new Set(),
): Promise<Placement> {
  const seen = new Set<string>();
  const list = input.filter((a) => {
    const key = `${a.institutionId}\u0000${a.departmentId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const instIds = [...new Set(list.map((a) => a.institutionId))];
  const deptIds = [...new Set(list.map((a) => a.departmentId).filter((d): d is string => !!d))];
  const [institutions, departments] = await Promise.all([
    instIds.length ? ctx.em.find(InstitutionSchema, { id: { $in: instIds }, deletedAt: null }, { fields: ['id', 'territoryId'] }) : [],
    deptIds.length ? ctx.em.find(DepartmentSchema, { id: { $in: deptIds } }, { fields: ['id', 'institutionId'] }) : [],
  ]);
  const inst = new Map(institutions.filter((i) => inScope(scope, i.territoryId) || alreadyLinked.has(i.id)).map((i) => [i.id, i]));
  const dept = new Map(departments.map((d) => [d.id, d]));
  list.forEach((a, i) => {
    if (!inst.has(a.institutionId)) problems[`affiliations.${i}.institutionId`] = { key: 'customers.errors.institutionNotFound' };
    else if (a.departmentId && dept.get(a.departmentId)?.institutionId !== a.institutionId) problems[`affiliations.${i}.departmentId`] = { key: 'customers.errors.departmentNotInInstitution' };
  });
  if (list.filter((a) => a.isPrimary).length > 1) problems.affiliations = { key: 'people.errors.onePrimary' };
  const primaryIndex = Math.max(0, list.findIndex((a) => a.isPrimary));
  const affiliations = list.map((a, i) => ({ institutionId: a.institutionId, departmentId: a.departmentId, position: a.position, isPrimary: list.length > 0 && i === primaryIndex }));
  const primary = affiliations.find((a) => a.isPrimary) ?? null;
  if (primary) {
    const territoryId = inst.get(primary.institutionId)?.territoryId ?? null;
    return { affiliations, primaryInstitutionId: primary.institutionId, primaryDepartmentId: primary.departmentId, territoryId };
  }
  await checkTerritory(ctx, scope, explicitTerritoryId, problems);
  return { affiliations, primaryInstitutionId: null, primaryDepartmentId: null, territoryId: explicitTerritoryId };
}

function writeAffiliations(ctx: CustomerContext, personId: string, placement: Placement) {
  for (const a of placement.affiliations) ctx.em.create(AffiliationSchema, { personId, ...a });
}

/**
 * Creates a person, unless possible duplicates exist and the caller did not say to go ahead
 * (`allowDuplicate`): then nothing is written and the candidates come back. Usable per import row.
 */
export async function createPerson(ctx: CustomerContext, input: PersonCreateInput, opts: WriteOptions = {}): Promise<CreateResult> {
  const scope = await accessScope(ctx);
  const problems: Problems = {};
  const placement = await resolvePlacement(ctx, scope, input.affiliations, input.territoryId, problems);
  const defs = opts.customFields ?? (await activeFields(ctx.em, 'person'));
  const custom = customOrProblems(defs, {}, input.custom, false, problems);
  if (input.externalId && (await ctx.em.count(PersonSchema, { externalId: input.externalId }))) problems.externalId = { key: 'customers.errors.externalIdTaken' };
  if (Object.keys(problems).length) throw validationError(problems);

  if (!input.allowDuplicate) {
    const duplicates = await findDuplicates(ctx, 'person', { name: input.name, contacts: input.contacts, affiliations: placement.affiliations });
    if (duplicates.candidates.length || duplicates.hiddenCount) return { status: 'duplicates', duplicates };
  }

  const id = newId();
  const keys = nameKeys(input.name, 'person');
  const contacts = dedupeContacts(input.contacts);
  const person = ctx.em.create(PersonSchema, {
    id,
    externalId: input.externalId,
    kind: input.kind,
    name: input.name,
    namePinyin: keys.full,
    nameInitials: keys.initials,
    gender: input.gender,
    title: input.title,
    adminRole: input.adminRole,
    specialty: input.specialty,
    primaryInstitutionId: placement.primaryInstitutionId,
    primaryDepartmentId: placement.primaryDepartmentId,
    territoryId: placement.territoryId,
    tier: input.tier,
    stage: input.stage,
    mobile: firstOf(contacts, 'mobile', 'phone'),
    email: firstOf(contacts, 'email'),
    wechat: firstOf(contacts, 'wechat'),
    birthday: input.birthday,
    idNumberEnc: input.idNumber ? encryptField(input.idNumber) : null,
    idNumberLast4: input.idNumber ? input.idNumber.slice(-4) : null,
    custom,
    ownerId: null,
    mergedIntoId: null,
    deletedAt: null,
    createdBy: ctx.session.user.id,
  });
  writeAffiliations(ctx, id, placement);
  for (const c of contacts) ctx.em.create(ContactPointSchema, { ownerKind: 'person', ownerId: id, ...c });
  await ctx.em.flush();
  if (opts.audit !== false) {
    await recordAudit(ctx.em, {
      ...customerAuditMeta(ctx),
      action: 'customer.created',
      entity: 'Person',
      entityId: id,
      changes: { ...changedFields({}, snapshot(person), await redactedFields(ctx)), ...changedCustom({}, custom, sensitiveKeys((await customerMasking(ctx.em)).defs('person', defs))), affiliations: placement.affiliations.map((a) => a.institutionId) },
    });
  }
  ctx.afterCommit.emit('customer.created', { tenantId: ctx.tenant.id, customerId: id, kind: 'person', actorUserId: ctx.session.user.id });
  return { status: 'created', id };
}

/** Updates the fields present in `input`; absent fields keep their values. */
export async function updatePerson(ctx: CustomerContext, input: PersonUpdateInput, opts: WriteOptions = {}) {
  const scope = await accessScope(ctx);
  const person = await visibleCustomer(ctx, 'person', input.id);
  const before = snapshot(person);
  const beforeCustom = { ...person.custom };
  const problems: Problems = {};
  const existingAffs = await ctx.em.find(AffiliationSchema, { personId: person.id });

  // Everything is checked before the entity changes, so a refused update leaves nothing dirty behind.
  let placement: Placement | null = null;
  let territoryId = person.territoryId;
  if (input.affiliations !== undefined) {
    placement = await resolvePlacement(ctx, scope, input.affiliations, input.territoryId ?? person.territoryId, problems, new Set(existingAffs.map((a) => a.institutionId)));
  } else if (input.territoryId !== undefined && !person.primaryInstitutionId && input.territoryId !== person.territoryId) {
    await checkTerritory(ctx, scope, input.territoryId, problems);
    territoryId = input.territoryId;
  }
  const defs = opts.customFields ?? (await activeFields(ctx.em, 'person'));
  const custom = input.custom !== undefined ? customOrProblems(defs, person.custom, input.custom, true, problems) : person.custom;
  if (input.externalId && input.externalId !== person.externalId && (await ctx.em.count(PersonSchema, { externalId: input.externalId }))) problems.externalId = { key: 'customers.errors.externalIdTaken' };
  if (Object.keys(problems).length) throw validationError(problems);

  person.territoryId = territoryId;
  person.custom = custom;

  if (input.externalId !== undefined) person.externalId = input.externalId;
  if (input.name !== undefined && input.name !== person.name) {
    const keys = nameKeys(input.name, 'person');
    person.name = input.name;
    person.namePinyin = keys.full;
    person.nameInitials = keys.initials;
  }
  if (input.kind !== undefined) person.kind = input.kind;
  if (input.gender !== undefined) person.gender = input.gender;
  if (input.title !== undefined) person.title = input.title;
  if (input.adminRole !== undefined) person.adminRole = input.adminRole;
  if (input.specialty !== undefined) person.specialty = input.specialty;
  if (input.birthday !== undefined) person.birthday = input.birthday;
  if (input.idNumber !== undefined) {
    person.idNumberEnc = input.idNumber ? encryptField(input.idNumber) : null;
    person.idNumberLast4 = input.idNumber ? input.idNumber.slice(-4) : null;
  }
  if (placement) {
    await ctx.em.nativeDelete(AffiliationSchema, { personId: person.id });
    writeAffiliations(ctx, person.id, placement);
    person.primaryInstitutionId = placement.primaryInstitutionId;
    person.primaryDepartmentId = placement.primaryDepartmentId;
    person.territoryId = placement.territoryId;
  }
  if (input.contacts !== undefined) {
    const rows = await replaceContacts(ctx.em, 'person', person.id, input.contacts, { existing: true });
    person.mobile = firstOf(rows, 'mobile', 'phone');
    person.email = firstOf(rows, 'email');
    person.wechat = firstOf(rows, 'wechat');
  }
  const lifecycleBefore = { tier: person.tier, stage: person.stage };
  if (input.tier !== undefined) person.tier = input.tier;
  if (input.stage !== undefined) person.stage = input.stage;
  recordLifecycleChanges(ctx, 'person', person.id, lifecycleBefore, { tier: person.tier, stage: person.stage }, input.lifecycleReason ?? null);
  await ctx.em.flush();

  const changes: Record<string, unknown> = { ...changedFields(before, snapshot(person), await redactedFields(ctx)), ...changedCustom(beforeCustom, person.custom, sensitiveKeys((await customerMasking(ctx.em)).defs('person', defs))) };
  if (placement) {
    const was = existingAffs.map((a) => `${a.institutionId}/${a.departmentId ?? ''}${a.isPrimary ? '*' : ''}`).sort();
    const now = placement.affiliations.map((a) => `${a.institutionId}/${a.departmentId ?? ''}${a.isPrimary ? '*' : ''}`).sort();
    if (was.join() !== now.join()) changes.affiliations = { from: was, to: now };
  }
  if (input.contacts !== undefined && !('mobile' in changes || 'email' in changes || 'wechat' in changes)) changes.contacts = 'replaced';
  if (opts.audit !== false && Object.keys(changes).length) {
    await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.updated', entity: 'Person', entityId: person.id, changes: { ...changes, ...(input.lifecycleReason ? { reason: input.lifecycleReason } : {}) } });
  }
  return { id: person.id };
}

/** Archives (soft-deletes) a person: gone from lists and search, history kept, restorable. */
export async function archivePerson(ctx: CustomerContext, id: string) {
  const person = await visibleCustomer(ctx, 'person', id);
  person.deletedAt = new Date();
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.archived', entity: 'Person', entityId: id });
}

/** Brings back an archived person (not one merged into another record). */
export async function restorePerson(ctx: CustomerContext, id: string) {
  const scope = await accessScope(ctx);
  const person = await ctx.em.findOne(PersonSchema, { id, deletedAt: { $ne: null }, mergedIntoId: null, ...scopeWhere(scope) });
  if (!person) throw errors.notFound('person');
  person.deletedAt = null;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.restored', entity: 'Person', entityId: id });
}

/** Fields whose values the audit log records as changed but never shows: the ID number and what compliance marked sensitive. */
async function redactedFields(ctx: CustomerContext): Promise<string[]> {
  return ['idNumber', ...(await customerMasking(ctx.em)).maskedPersonFields()];
}

/**
 * The person's 360 profile: affiliations, contacts, custom values, with what compliance marked
 * sensitive masked (`maskedFields` says which). `reveal` (the edit form) returns those values in
 * clear only to a member who may unmask, and records that as an unmask in the audit log.
 */
export async function getPerson(ctx: CustomerContext, id: string, opts: { reveal?: boolean } = {}) {
  const scope = await accessScope(ctx);
  // Archived people stay readable by id (the profile says so and offers restore); merged ones point to the survivor.
  const p = await ctx.em.findOne(PersonSchema, { id, ...scopeWhere(scope) });
  if (!p) throw errors.notFound('person');
  const [affs, contacts, defs] = await Promise.all([
    ctx.em.find(AffiliationSchema, { personId: id }, { orderBy: { isPrimary: 'desc', createdAt: 'asc' } }),
    ctx.em.find(ContactPointSchema, { ownerKind: 'person', ownerId: id }, { orderBy: { kind: 'asc', isPrimary: 'desc', createdAt: 'asc' } }),
    activeFields(ctx.em, 'person'),
  ]);
  const instIds = [...new Set(affs.map((a) => a.institutionId))];
  const deptIds = [...new Set(affs.map((a) => a.departmentId).filter((d): d is string => !!d))];
  const [institutions, departments, territory, creator] = await Promise.all([
    instIds.length ? ctx.em.find(InstitutionSchema, { id: { $in: instIds } }, { fields: ['id', 'name', 'territoryId', 'deletedAt'] }) : [],
    deptIds.length ? ctx.em.find(DepartmentSchema, { id: { $in: deptIds } }, { fields: ['id', 'name'] }) : [],
    p.territoryId ? ctx.em.findOne(TerritorySchema, { id: p.territoryId }, { fields: ['id', 'name'] }) : null,
    p.createdBy ? ctx.em.findOne(UserSchema, { id: p.createdBy }, { fields: ['id', 'name'] }) : null,
  ]);
  const inst = new Map(institutions.map((i) => [i.id, i]));
  const dept = new Map(departments.map((d) => [d.id, d.name]));
  const masking = await customerMasking(ctx.em);
  const reveal = opts.reveal === true && mayUnmask(ctx);
  const sensitive = masking.maskedPersonFields().filter((f) => (f === 'birthday' ? p.birthday : contacts.some((c) => masking.contactField(c.kind) === f)));
  if (reveal && sensitive.length) {
    await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.unmasked', entity: 'Person', entityId: p.id, changes: { fields: sensitive, purpose: 'edit' } });
  }
  const hide = (field: MaskablePersonField | null) => !reveal && field !== null && sensitive.includes(field);
  return {
    id: p.id,
    externalId: p.externalId,
    kind: p.kind,
    name: p.name,
    gender: p.gender,
    title: p.title,
    adminRole: p.adminRole,
    specialty: p.specialty,
    tier: p.tier,
    stage: p.stage,
    birthday: hide('birthday') ? maskText('birthday', p.birthday) : p.birthday,
    idNumberMasked: p.idNumberLast4 ? maskValue(p.idNumberLast4) : null,
    territory: territory ? { id: territory.id, name: territory.name } : null,
    primaryInstitutionId: p.primaryInstitutionId,
    affiliations: affs.map((a) => ({
      id: a.id,
      institutionId: a.institutionId,
      institutionName: inst.get(a.institutionId)?.name ?? '—',
      // The user may open the institution only when it is in their territories too.
      institutionVisible: !!inst.get(a.institutionId) && !inst.get(a.institutionId)!.deletedAt && inScope(scope, inst.get(a.institutionId)!.territoryId),
      departmentId: a.departmentId,
      departmentName: a.departmentId ? (dept.get(a.departmentId) ?? null) : null,
      position: a.position,
      isPrimary: a.isPrimary,
    })),
    contacts: contacts.map((c) => {
      const field = masking.contactField(c.kind);
      return { id: c.id, kind: c.kind, value: hide(field) ? maskText(field!, c.value)! : c.value, masked: hide(field), label: c.label, isPrimary: c.isPrimary };
    }),
    /** Person fields shown masked in this answer (the UI offers "unmask" or keeps them read-only). */
    maskedFields: reveal ? [] : sensitive,
    customFields: masking.defs('person', defs).map(fieldView),
    custom: masking.customValues('person', defs, p.custom, false),
    archived: p.deletedAt !== null,
    mergedIntoId: p.mergedIntoId,
    createdBy: creator?.name ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
export type PersonProfile = Awaited<ReturnType<typeof getPerson>>;
