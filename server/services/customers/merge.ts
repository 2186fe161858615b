import type { EntityManager } from '@mikro-orm/core';
import {
  ActivityParticipationSchema,
  AffiliationSchema,
  ContactPointSchema,
  CustomRequirementSchema,
  DepartmentSchema,
  InstitutionSchema,
  InteractionParticipantSchema,
  InteractionSchema,
  LifecycleChangeSchema,
  PersonSchema,
  PurchaseOrderSchema,
  ServiceRequestSchema,
  TaskSchema,
  type ContactPoint,
  type CustomerKind,
  type Institution,
  type LifecycleStage,
  type Person,
} from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { listPlugins } from '@/server/plugins/host';
import { moveComplianceRecordsOnMerge } from '@/server/services/compliance/person-data';
import { recordAudit } from '@/server/services/audit';
import { visibleCustomer } from './access';
import { firstOf, PHONE_KINDS } from './contacts';
import { customerAuditMeta, type CustomerContext } from './context';

/**
 * Merging two duplicate records. The survivor ("kept") takes over every row that points at the
 * other one — core rows here, plugin rows through each registered plugin's `customers.merge`
 * hook (enabled or not, so a disabled plugin's data stays consistent) — all in one transaction.
 * Blank fields of the kept record are filled from the merged one; the merged record stays as a
 * tombstone (`mergedIntoId`, `deletedAt`) so old links can still say where it went.
 */

type Moved = Record<string, number | Record<string, number>>;

/** Tables whose rows name a customer as (subjectKind, subjectId). */
const SUBJECT_TABLES = [
  ['task', TaskSchema],
  ['purchase_order', PurchaseOrderSchema],
  ['service_request', ServiceRequestSchema],
  ['custom_requirement', CustomRequirementSchema],
  ['lifecycle_change', LifecycleChangeSchema],
] as const;

function sameRecord(): DomainError {
  return new DomainError('MERGE_SAME', 'customers.errors.mergeSame', {}, 'BAD_REQUEST');
}

async function moveSubjectRows(em: EntityManager, kind: CustomerKind, fromId: string, intoId: string, moved: Moved) {
  for (const [table, schema] of SUBJECT_TABLES) {
    moved[table] = await em.nativeUpdate(schema as typeof TaskSchema, { subjectKind: kind, subjectId: fromId }, { subjectId: intoId });
  }
  // One participation per activity and customer: where both took part, the merged one's row goes.
  const keptActivities = (await em.find(ActivityParticipationSchema, { subjectKind: kind, subjectId: intoId }, { fields: ['activityId'] })).map((a) => a.activityId);
  const dropped = keptActivities.length ? await em.nativeDelete(ActivityParticipationSchema, { subjectKind: kind, subjectId: fromId, activityId: { $in: keptActivities } }) : 0;
  moved.activity_participation = (await em.nativeUpdate(ActivityParticipationSchema, { subjectKind: kind, subjectId: fromId }, { subjectId: intoId })) + dropped;
}

/** Contact points move unless the kept record already has the same one. */
async function moveContacts(em: EntityManager, kind: CustomerKind, fromId: string, intoId: string, moved: Moved): Promise<ContactPoint[]> {
  const [kept, from] = await Promise.all([em.find(ContactPointSchema, { ownerKind: kind, ownerId: intoId }), em.find(ContactPointSchema, { ownerKind: kind, ownerId: fromId })]);
  const keyOf = (c: ContactPoint) => `${c.kind}\u0000${PHONE_KINDS.includes(c.kind) ? c.valueReversed : c.value.toLowerCase()}`;
  const have = new Set(kept.map(keyOf));
  const kinds = new Set(kept.map((c) => c.kind));
  let n = 0;
  for (const c of from) {
    if (have.has(keyOf(c))) {
      em.remove(c);
      continue;
    }
    c.ownerId = intoId;
    c.isPrimary = c.isPrimary && !kinds.has(c.kind);
    have.add(keyOf(c));
    n++;
  }
  moved.contact_point = n;
  await em.flush();
  return em.find(ContactPointSchema, { ownerKind: kind, ownerId: intoId }, { orderBy: { isPrimary: 'desc', createdAt: 'asc' } });
}

async function runPluginHooks(ctx: CustomerContext, em: EntityManager, kind: CustomerKind, fromId: string, intoId: string, moved: Moved) {
  // Compliance records (legal holds, rights requests, queued messages, restrictions) follow the
  // person; the consent ledger itself is append-only and follows mergedIntoId when read.
  if (kind === 'person') {
    for (const [table, n] of Object.entries(await moveComplianceRecordsOnMerge(em, fromId, intoId))) moved[table] = n;
  }
  for (const plugin of listPlugins()) {
    const hook = plugin.server.customers?.merge;
    if (!hook) continue;
    moved[`plugin:${plugin.manifest.id}`] = await hook(kind, fromId, intoId, { tenantId: ctx.tenant.id, em, userId: ctx.session.user.id });
  }
}

const blank = (v: unknown) => v === null || v === undefined || v === '';

/** Copies `fields` that are blank on `kept` from `from`; returns the names of the filled fields. */
function fillBlanks<T extends object>(kept: T, from: T, fields: readonly (keyof T)[]): string[] {
  const filled: string[] = [];
  for (const f of fields) {
    if (blank(kept[f]) && !blank(from[f])) {
      kept[f] = from[f];
      filled.push(String(f));
    }
  }
  return filled;
}

function fillCustom(kept: { custom: Record<string, unknown> }, from: { custom: Record<string, unknown> }): string[] {
  const filled: string[] = [];
  const next = { ...kept.custom };
  for (const [k, v] of Object.entries(from.custom ?? {})) {
    if (blank(next[k]) && !blank(v) && !(Array.isArray(v) && !v.length)) {
      next[k] = v;
      filled.push(`custom.${k}`);
    }
  }
  if (filled.length) kept.custom = next as typeof kept.custom;
  return filled;
}

/** "Identified" is where every record starts: a later stage of the merged record is information, not noise. */
function fillStage(kept: { stage: LifecycleStage }, from: { stage: LifecycleStage }): string[] {
  if (kept.stage !== 'identified' || from.stage === 'identified') return [];
  kept.stage = from.stage;
  return ['stage'];
}

/** An external id is unique per tenant: take it over from the merged record only after freeing it. */
async function takeExternalId(em: EntityManager, kept: { externalId: string | null }, from: { externalId: string | null }): Promise<boolean> {
  if (kept.externalId || !from.externalId) return false;
  const id = from.externalId;
  from.externalId = null;
  await em.flush();
  kept.externalId = id;
  return true;
}

export async function mergeCustomers(ctx: CustomerContext, kind: CustomerKind, keepId: string, mergeId: string) {
  if (keepId === mergeId) throw sameRecord();
  const run = (em: EntityManager) => (kind === 'person' ? mergePeople({ ...ctx, em }, keepId, mergeId) : mergeInstitutions({ ...ctx, em }, keepId, mergeId));
  return ctx.em.isInTransaction() ? run(ctx.em) : ctx.em.transactional(run);
}

async function mergePeople(ctx: CustomerContext, keepId: string, mergeId: string) {
  const em = ctx.em;
  const kept = await visibleCustomer(ctx, 'person', keepId);
  const from = await visibleCustomer(ctx, 'person', mergeId);
  const moved: Moved = {};

  // Affiliations: the same place twice collapses into the kept one (a missing department matches
  // any department there, and fills the kept one's blank); the kept primary stays primary.
  const [keptAffs, fromAffs] = await Promise.all([em.find(AffiliationSchema, { personId: keepId }), em.find(AffiliationSchema, { personId: mergeId })]);
  const placed = [...keptAffs];
  let n = 0;
  for (const a of fromAffs) {
    const twin = placed.find((k) => k.institutionId === a.institutionId && (k.departmentId === a.departmentId || !k.departmentId || !a.departmentId));
    if (twin) {
      if (!twin.departmentId && a.departmentId) twin.departmentId = a.departmentId;
      if (!twin.position && a.position) twin.position = a.position;
      em.remove(a);
      continue;
    }
    placed.push(a);
    a.personId = keepId;
    a.isPrimary = a.isPrimary && keptAffs.length === 0;
    n++;
  }
  moved.affiliation = n;

  // Interactions: where both took part in the same interaction, the merged one's participation goes.
  const fromParts = await em.find(InteractionParticipantSchema, { personId: mergeId }, { fields: ['interactionId'] });
  const shared = fromParts.length
    ? (await em.find(InteractionParticipantSchema, { personId: keepId, interactionId: { $in: fromParts.map((p) => p.interactionId) } }, { fields: ['interactionId'] })).map((p) => p.interactionId)
    : [];
  if (shared.length) await em.nativeDelete(InteractionParticipantSchema, { personId: mergeId, interactionId: { $in: shared } });
  moved.interaction_participant = await em.nativeUpdate(InteractionParticipantSchema, { personId: mergeId }, { personId: keepId });

  await moveSubjectRows(em, 'person', mergeId, keepId, moved);
  moved.department_head = await em.nativeUpdate(DepartmentSchema, { headPersonId: mergeId }, { headPersonId: keepId });
  moved.institution_main_contact = await em.nativeUpdate(InstitutionSchema, { mainContactId: mergeId }, { mainContactId: keepId });
  await runPluginHooks(ctx, em, 'person', mergeId, keepId, moved);
  await em.flush();

  const filled = fillBlanks(kept, from, ['title', 'adminRole', 'specialty', 'tier', 'birthday']);
  if (kept.gender === 'unknown' && from.gender !== 'unknown') {
    kept.gender = from.gender;
    filled.push('gender');
  }
  filled.push(...fillStage(kept, from));
  filled.push(...fillCustom(kept, from));
  if (!kept.idNumberLast4 && from.idNumberLast4) {
    // Ciphertext is copied as is (same key); the lazy column is read on purpose, by hand.
    const rows = await em.getConnection().execute<{ id_number_enc: string | null }[]>('select id_number_enc from person where id = ? and tenant_id = ?', [mergeId, ctx.tenant.id], 'all', em.getTransactionContext());
    kept.idNumberEnc = rows[0]?.id_number_enc ?? null;
    kept.idNumberLast4 = from.idNumberLast4;
    filled.push('idNumber');
  }
  if (await takeExternalId(em, kept, from)) filled.push('externalId');

  const contacts = await moveContacts(em, 'person', mergeId, keepId, moved);
  kept.mobile = firstOf(contacts, 'mobile', 'phone');
  kept.email = firstOf(contacts, 'email');
  kept.wechat = firstOf(contacts, 'wechat');

  // The primary affiliation may have changed (the kept record had none): mirror it again.
  const affs = await em.find(AffiliationSchema, { personId: keepId }, { orderBy: { isPrimary: 'desc', createdAt: 'asc' } });
  if (affs.length && !affs.some((a) => a.isPrimary)) affs[0]!.isPrimary = true;
  const primary = affs.find((a) => a.isPrimary) ?? null;
  if (primary) {
    const inst = await em.findOne(InstitutionSchema, { id: primary.institutionId }, { fields: ['id', 'territoryId'] });
    kept.primaryInstitutionId = primary.institutionId;
    kept.primaryDepartmentId = primary.departmentId;
    kept.territoryId = inst?.territoryId ?? kept.territoryId;
  }

  from.mergedIntoId = keepId;
  from.deletedAt = new Date();
  await em.flush();
  await recordAudit(em, { ...customerAuditMeta(ctx), action: 'customer.merged', entity: 'Person', entityId: keepId, changes: { kind: 'person', keptId: keepId, mergedId: mergeId, mergedName: from.name, moved, filled } });
  return { keptId: keepId, moved, filled };
}

async function mergeInstitutions(ctx: CustomerContext, keepId: string, mergeId: string) {
  const em = ctx.em;
  const kept = await visibleCustomer(ctx, 'institution', keepId);
  const from = await visibleCustomer(ctx, 'institution', mergeId);
  const moved: Moved = {};

  // Departments: one with the same name at the kept institution absorbs the merged one's.
  const [keptDepts, fromDepts] = await Promise.all([em.find(DepartmentSchema, { institutionId: keepId }), em.find(DepartmentSchema, { institutionId: mergeId })]);
  const byName = new Map(keptDepts.map((d) => [d.name, d]));
  let deptMoved = 0;
  for (const d of fromDepts) {
    const twin = byName.get(d.name);
    if (!twin) {
      d.institutionId = keepId;
      deptMoved++;
      continue;
    }
    await em.nativeUpdate(AffiliationSchema, { departmentId: d.id }, { departmentId: twin.id });
    await em.nativeUpdate(InteractionSchema, { departmentId: d.id }, { departmentId: twin.id });
    await em.nativeUpdate(PersonSchema, { primaryDepartmentId: d.id }, { primaryDepartmentId: twin.id });
    if (!twin.headPersonId && d.headPersonId) twin.headPersonId = d.headPersonId;
    em.remove(d);
    deptMoved++;
  }
  moved.department = deptMoved;
  await em.flush();

  // Affiliations: a person working at both (same department) keeps one, primary if either was.
  const fromAffs = await em.find(AffiliationSchema, { institutionId: mergeId });
  const keptAffs = fromAffs.length ? await em.find(AffiliationSchema, { institutionId: keepId, personId: { $in: [...new Set(fromAffs.map((a) => a.personId))] } }) : [];
  let affMoved = 0;
  for (const a of fromAffs) {
    const twin = keptAffs.find((k) => k.personId === a.personId && (k.departmentId ?? '') === (a.departmentId ?? ''));
    if (twin) {
      twin.isPrimary = twin.isPrimary || a.isPrimary;
      em.remove(a);
    } else a.institutionId = keepId;
    affMoved++;
  }
  moved.affiliation = affMoved;
  await em.flush();

  moved.person_primary = await em.nativeUpdate(PersonSchema, { primaryInstitutionId: mergeId }, { primaryInstitutionId: keepId, territoryId: kept.territoryId });
  moved.interaction = await em.nativeUpdate(InteractionSchema, { institutionId: mergeId }, { institutionId: keepId });
  moved.branch = await em.nativeUpdate(InstitutionSchema, { parentId: mergeId, id: { $ne: keepId } }, { parentId: keepId });
  if (kept.parentId === mergeId) kept.parentId = from.parentId === keepId ? null : from.parentId;
  await moveSubjectRows(em, 'institution', mergeId, keepId, moved);
  await runPluginHooks(ctx, em, 'institution', mergeId, keepId, moved);
  await em.flush();

  const filled = fillBlanks(kept, from, [
    'hospitalLevel', 'parentId', 'province', 'city', 'district', 'street', 'legalRepresentative', 'registeredPlace',
    'mainContactId', 'procurementScale', 'budgetRange', 'procurementCycle', 'tier',
  ]);
  if (kept.parentId === keepId) kept.parentId = null;
  filled.push(...fillStage(kept, from));
  filled.push(...fillCustom(kept, from));
  if (await takeExternalId(em, kept, from)) filled.push('externalId');
  const contacts = await moveContacts(em, 'institution', mergeId, keepId, moved);
  kept.phone = firstOf(contacts, 'phone', 'mobile');
  kept.website = firstOf(contacts, 'website');

  from.mergedIntoId = keepId;
  from.deletedAt = new Date();
  await em.flush();
  await recordAudit(em, { ...customerAuditMeta(ctx), action: 'customer.merged', entity: 'Institution', entityId: keepId, changes: { kind: 'institution', keptId: keepId, mergedId: mergeId, mergedName: from.name, moved, filled } });
  return { keptId: keepId, moved, filled };
}

/** What a merge would move: both records side by side and the merged one's related rows. */
export async function mergePreview(ctx: CustomerContext, kind: CustomerKind, keepId: string, mergeId: string) {
  if (keepId === mergeId) throw sameRecord();
  const [kept, from] = await Promise.all([visibleCustomer(ctx, kind, keepId), visibleCustomer(ctx, kind, mergeId)]);
  const em = ctx.em;
  const counts: Record<string, number> = {};
  counts.affiliation = await em.count(AffiliationSchema, kind === 'person' ? { personId: mergeId } : { institutionId: mergeId });
  counts.contact_point = await em.count(ContactPointSchema, { ownerKind: kind, ownerId: mergeId });
  counts.interaction = kind === 'person' ? await em.count(InteractionParticipantSchema, { personId: mergeId }) : await em.count(InteractionSchema, { institutionId: mergeId });
  for (const [table, schema] of SUBJECT_TABLES) counts[table] = await em.count(schema as typeof TaskSchema, { subjectKind: kind, subjectId: mergeId });
  counts.activity_participation = await em.count(ActivityParticipationSchema, { subjectKind: kind, subjectId: mergeId });
  if (kind === 'institution') counts.department = await em.count(DepartmentSchema, { institutionId: mergeId });
  const summary = (r: Person | Institution) => ({ id: r.id, name: r.name, tier: r.tier, stage: r.stage, createdAt: r.createdAt, externalId: r.externalId });
  return { kept: summary(kept), merged: summary(from), counts };
}
