import {
  AffiliationSchema,
  ContactPointSchema,
  LifecycleChangeSchema,
  PersonSchema,
  type ContactKind,
  type CustomValues,
  type Person,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { translatorFor } from '@/server/i18n/catalog';
import { inScope } from '@/server/services/customers/access';
import { dedupeContacts, firstOf, normaliseContact, phoneKeys } from '@/server/services/customers/contacts';
import { findDuplicates } from '@/server/services/customers/duplicates';
import { personCreateInput, personUpdateInput } from '@/server/services/customers/person-input';
import { nameKeys } from '@/server/services/customers/pinyin';
import { encryptField } from '@/server/services/field-crypto';
import { customFieldDefs, type ApplyOutcome, type ImportAdapter, type ImportFieldDef, type ImportRun, type RawRow, type ValidatedRow } from '../types';
import { choice, date, email, mobile, phone, text } from '../values';
import { choices } from './choices';
import { customValues, institutionResolver, ProblemList, territoryRef, zodProblems } from './common';
import { describeDuplicates, findOrCreateDepartments, insertAll, lookupDepartments, type DepartmentNeed } from './shared-writes';

/**
 * People (HCPs and other contacts) — the bulk of every import. Rows are checked with the same
 * input schema, custom-field rules and duplicate check as the person form (customers service),
 * then written in bulk: one multi-row insert per table and batch, because a row-at-a-time write
 * through the form's service costs a flush per row and cannot reach thousands of rows a second.
 * tests/integration/imports-people.test.ts holds the two paths to the same result.
 */

const SCALARS = ['kind', 'name', 'gender', 'title', 'adminRole', 'specialty', 'tier', 'stage', 'birthday'] as const;
type Scalar = (typeof SCALARS)[number];
type ScalarValues = Partial<Pick<Person, Scalar>>;

const CONTACT_FIELDS: readonly { field: string; kind: ContactKind }[] = [
  { field: 'mobile', kind: 'mobile' },
  { field: 'phone', kind: 'phone' },
  { field: 'email', kind: 'email' },
  { field: 'wechat', kind: 'wechat' },
];

export interface PersonPrepared {
  externalId: string | null;
  /** Non-blank cells only: on update, blank cells keep the stored value. */
  set: ScalarValues;
  idNumber: { enc: string; last4: string } | null;
  /** The primary workplace, when the row names one. */
  place: { institutionId: string; territoryId: string | null; departmentId: string | null; departmentName: string | null } | null;
  /** A territory named directly (people without a workplace). */
  territoryId: string | null;
  contacts: { kind: ContactKind; value: string }[];
  custom: CustomValues;
}

const FIELDS: ImportFieldDef[] = [
  { key: 'externalId', labelKey: 'imports.fields.person.externalId', synonyms: ['外部编号', '外部ID', '客户编号', '人员编号', '医生编号', '编号', 'HCP ID', 'external id', 'code', 'ID'], required: false, hintKey: 'imports.hints.externalId' },
  { key: 'name', labelKey: 'imports.fields.person.name', synonyms: ['姓名', '名字', '医生姓名', '客户姓名', '联系人', '联系人姓名', 'name', 'full name'], required: true },
  { key: 'kind', labelKey: 'imports.fields.person.kind', synonyms: ['人员类型', '客户类型', '类型', 'type', 'kind'], required: false, hintKey: 'imports.hints.personKind' },
  { key: 'gender', labelKey: 'imports.fields.person.gender', synonyms: ['性别', 'gender', 'sex'], required: false },
  { key: 'title', labelKey: 'imports.fields.person.title', synonyms: ['职称', '技术职称', 'title', 'professional title'], required: false, hintKey: 'imports.hints.title' },
  { key: 'adminRole', labelKey: 'imports.fields.person.adminRole', synonyms: ['行政职务', '职务', '职位', 'administrative role', 'position'], required: false },
  { key: 'specialty', labelKey: 'imports.fields.person.specialty', synonyms: ['专业', '专长', '擅长', '专业方向', 'specialty', 'speciality'], required: false },
  { key: 'institution', labelKey: 'imports.fields.person.institution', synonyms: ['医院', '机构', '医院名称', '机构名称', '所属医院', '所属机构', '工作单位', '单位', '医院编号', 'hospital', 'institution', 'organisation'], required: false, hintKey: 'imports.hints.institutionRef' },
  { key: 'department', labelKey: 'imports.fields.person.department', synonyms: ['科室', '所属科室', '部门', 'department', 'dept'], required: false, hintKey: 'imports.hints.department' },
  { key: 'territory', labelKey: 'imports.fields.person.territory', synonyms: ['区域', '辖区', '片区', '销售区域', 'territory', 'region'], required: false, hintKey: 'imports.hints.territory' },
  { key: 'tier', labelKey: 'imports.fields.person.tier', synonyms: ['客户分级', '分级', '级别', '客户级别', 'tier', 'segment'], required: false, hintKey: 'imports.hints.tier' },
  { key: 'stage', labelKey: 'imports.fields.person.stage', synonyms: ['生命周期', '阶段', '客户阶段', 'lifecycle stage', 'stage'], required: false, hintKey: 'imports.hints.stage' },
  { key: 'mobile', labelKey: 'imports.fields.person.mobile', synonyms: ['手机', '手机号', '手机号码', '移动电话', 'mobile', 'mobile phone', 'cell', 'cellphone'], required: false },
  { key: 'phone', labelKey: 'imports.fields.person.phone', synonyms: ['电话', '座机', '办公电话', '固定电话', 'phone', 'telephone', 'tel', 'office phone'], required: false },
  { key: 'email', labelKey: 'imports.fields.person.email', synonyms: ['邮箱', '电子邮件', '电子邮箱', 'email', 'e-mail', 'mail'], required: false },
  { key: 'wechat', labelKey: 'imports.fields.person.wechat', synonyms: ['微信', '微信号', 'wechat', 'weixin', 'wechat id'], required: false },
  { key: 'birthday', labelKey: 'imports.fields.person.birthday', synonyms: ['生日', '出生日期', 'birthday', 'date of birth', 'dob'], required: false, hintKey: 'imports.hints.date' },
  { key: 'idNumber', labelKey: 'imports.fields.person.idNumber', synonyms: ['身份证', '身份证号', '身份证号码', '证件号', '证件号码', 'id number', 'id card', 'id card number'], required: false, sensitive: true },
];

const SCHEMA_FIELD: Record<string, string> = { affiliations: 'institution', territoryId: 'territory' };

/** The person form's schemas without what the import resolves itself (built once: zod compiles each schema). */
const CREATE_SCHEMA = personCreateInput.omit({ affiliations: true, territoryId: true, custom: true, allowDuplicate: true });
const UPDATE_SCHEMA = personUpdateInput.omit({ id: true, affiliations: true, territoryId: true, custom: true, lifecycleReason: true });

function fieldOfPath(path: (string | number | symbol)[], contactFields: string[]): string {
  const [head, index] = path;
  if (head === 'contacts' && typeof index === 'number') return contactFields[index] ?? 'mobile';
  return SCHEMA_FIELD[String(head)] ?? String(head);
}

interface ExistingPerson {
  id: string;
  territoryId: string | null;
  deletedAt: Date | null;
}

async function existingByExternalId(run: ImportRun, externalIds: string[]): Promise<Map<string, ExistingPerson>> {
  if (!externalIds.length) return new Map();
  const rows = await run.ctx.em.find(PersonSchema, { externalId: { $in: externalIds } }, { fields: ['id', 'externalId', 'territoryId', 'deletedAt'], disableIdentityMap: true });
  return new Map(rows.map((r) => [r.externalId!, { id: r.id, territoryId: r.territoryId, deletedAt: r.deletedAt }]));
}

async function validate(rows: RawRow[], run: ImportRun): Promise<ValidatedRow<PersonPrepared>[]> {
  const c = choices();
  const locale = run.ctx.locale;
  const resolveInstitution = await institutionResolver(run.ctx.em, run.scope, rows.map((r) => r.raw.institution ?? ''));
  const existing = await existingByExternalId(run, [...new Set(rows.map((r) => r.raw.externalId?.trim()).filter((x): x is string => !!x))]);

  // Departments are found by name within the row's institution; unknown ones are created on import.
  const needs: DepartmentNeed[] = [];
  for (const r of rows) {
    const inst = r.raw.institution ? resolveInstitution(r.raw.institution) : null;
    const dept = r.raw.department?.trim();
    if (inst && inst !== 'ambiguous' && dept) needs.push({ institutionId: inst.id, name: dept });
  }
  const departments = await lookupDepartments(run.ctx.em, needs);

  const out: ValidatedRow<PersonPrepared>[] = [];
  for (const r of rows) {
    const p = new ProblemList();
    const raw = r.raw;
    const externalId = p.take('externalId', text(raw.externalId ?? '', 100)) ?? null;
    const found = externalId ? existing.get(externalId) : undefined;
    const creating = !found;
    if (found && found.deletedAt) p.add('externalId', 'imports.problems.archived', { value: externalId! });
    else if (found && !inScope(run.scope, found.territoryId)) p.add('externalId', 'imports.problems.recordOutOfScope', { value: externalId! });

    const set: ScalarValues = {};
    const name = p.take('name', text(raw.name ?? '', 100));
    if (name) set.name = name;
    else if (creating) p.add('name', 'imports.problems.required');
    const kind = p.take('kind', choice(raw.kind ?? '', c.personKind, locale));
    if (kind) set.kind = kind;
    const gender = p.take('gender', choice(raw.gender ?? '', c.gender, locale));
    if (gender) set.gender = gender;
    const title = p.take('title', choice(raw.title ?? '', c.title, locale));
    if (title) set.title = title;
    const tier = p.take('tier', choice(raw.tier ?? '', c.tier, locale));
    if (tier) set.tier = tier;
    const stage = p.take('stage', choice(raw.stage ?? '', c.stage, locale));
    if (stage) set.stage = stage;
    const adminRole = p.take('adminRole', text(raw.adminRole ?? '', 100));
    if (adminRole) set.adminRole = adminRole;
    const specialty = p.take('specialty', text(raw.specialty ?? '', 100));
    if (specialty) set.specialty = specialty;
    const birthday = p.take('birthday', date(raw.birthday ?? ''));
    if (birthday) set.birthday = birthday;

    const contacts: { kind: ContactKind; value: string }[] = [];
    const contactFields: string[] = [];
    for (const { field, kind: contactKind } of CONTACT_FIELDS) {
      const cell = raw[field] ?? '';
      const parsed = field === 'mobile' ? mobile(cell) : field === 'phone' ? phone(cell, 30) : field === 'email' ? email(cell) : text(cell, 100);
      const value = p.take(field, parsed);
      if (value) {
        contacts.push({ kind: contactKind, value });
        contactFields.push(field);
      }
    }

    let place: PersonPrepared['place'] = null;
    const instRef = raw.institution?.trim() ?? '';
    if (instRef) {
      const inst = resolveInstitution(instRef);
      if (inst === 'ambiguous') p.add('institution', 'imports.problems.institutionAmbiguous', { value: instRef });
      else if (!inst) p.add('institution', 'imports.problems.institutionNotFound', { value: instRef });
      else {
        const deptName = raw.department?.trim() || null;
        if (deptName && deptName.length > 100) p.add('department', 'imports.problems.tooLong', { max: 100 });
        const departmentId = deptName ? (departments.get(`${inst.id}\u0000${deptName}`) ?? null) : null;
        place = { institutionId: inst.id, territoryId: inst.territoryId, departmentId, departmentName: departmentId ? null : deptName };
      }
    } else if (raw.department?.trim()) {
      p.add('department', 'imports.problems.departmentWithoutInstitution');
    }
    const territoryId = raw.territory?.trim() ? await territoryRef(run, raw.territory, 'territory', p) : null;
    if (creating && !place && !territoryId && !run.scope.all && p.empty) p.add('territory', 'imports.problems.territoryRequired');

    // The person form's own schema: lengths, codes, ID number check digit, date validity.
    const candidate = { externalId, ...set, contacts, ...(raw.idNumber?.trim() ? { idNumber: raw.idNumber } : {}) };
    const parsed = (creating ? CREATE_SCHEMA : UPDATE_SCHEMA).safeParse(candidate);
    if (!parsed.success) zodProblems(parsed.error, (path) => fieldOfPath(path, contactFields), p);
    const idNumber = parsed.success && parsed.data.idNumber ? parsed.data.idNumber : null;

    const custom = customValues(run, raw, { creating }, p);
    out.push({
      ...r,
      problems: p.items,
      action: p.empty ? (creating ? 'create' : 'update') : null,
      prepared: p.empty
        ? {
            externalId,
            set: creating ? { kind: 'hcp', gender: 'unknown', stage: 'identified', ...set } : set,
            idNumber: idNumber ? { enc: encryptField(idNumber), last4: idNumber.slice(-4) } : null,
            place,
            territoryId: territoryId ?? null,
            contacts,
            custom,
          }
        : null,
    });
  }
  return out;
}

/** In-batch memory of the people created so far, for the duplicate check within one batch. */
class BatchDuplicates {
  private phones = new Set<string>();
  private places = new Map<string, (string | null)[]>();

  private key(name: string, institutionId: string) {
    return `${name.trim()}\u0000${institutionId}`;
  }

  matches(name: string, contacts: { kind: ContactKind; value: string }[], place: { institutionId: string; departmentId: string | null } | null): boolean {
    if (phoneKeys(contacts).some((k) => this.phones.has(k))) return true;
    if (!place) return false;
    const depts = this.places.get(this.key(name, place.institutionId)) ?? [];
    return depts.some((d) => d === null || place.departmentId === null || d === place.departmentId);
  }

  add(name: string, contacts: { kind: ContactKind; value: string }[], place: { institutionId: string; departmentId: string | null } | null): void {
    for (const k of phoneKeys(contacts)) this.phones.add(k);
    if (place) {
      const key = this.key(name, place.institutionId);
      this.places.set(key, [...(this.places.get(key) ?? []), place.departmentId]);
    }
  }
}

interface Pending {
  row: RawRow & { prepared: PersonPrepared };
  id: string;
  creating: boolean;
}

async function apply(rows: (RawRow & { prepared: PersonPrepared })[], run: ImportRun): Promise<ApplyOutcome[]> {
  const { em } = run.ctx;
  const userId = run.ctx.session.user.id;
  const outcomes: ApplyOutcome[] = [];

  // Departments named for the first time are created once, before the people who work there.
  const departmentIds = await findOrCreateDepartments(
    em,
    rows.flatMap((r) => (r.prepared.place?.departmentName ? [{ institutionId: r.prepared.place.institutionId, name: r.prepared.place.departmentName }] : [])),
  );
  for (const r of rows) {
    const place = r.prepared.place;
    if (place?.departmentName) place.departmentId = departmentIds.get(`${place.institutionId}\u0000${place.departmentName}`) ?? null;
  }

  // Who exists now (an earlier row of this import may have created them since validation).
  const externalIds = [...new Set(rows.map((r) => r.prepared.externalId).filter((x): x is string => !!x))];
  // Read for comparison only: not tracked by the EntityManager (writes below are native).
  const stored = externalIds.length ? await em.find(PersonSchema, { externalId: { $in: externalIds } }, { disableIdentityMap: true }) : [];
  const byExternal = new Map(stored.map((p) => [p.externalId!, p]));

  const creates: Pending[] = [];
  const createdByExternal = new Map<string, Pending>();
  const updates: { row: RawRow & { prepared: PersonPrepared }; person: Person }[] = [];
  const batchDuplicates = new BatchDuplicates();

  for (const row of rows) {
    const prep = row.prepared;
    const person = prep.externalId ? byExternal.get(prep.externalId) : undefined;
    if (person) {
      if (person.deletedAt || !inScope(run.scope, person.territoryId)) {
        outcomes.push({ rowNumber: row.rowNumber, result: 'invalid', problems: [{ field: 'externalId', key: person.deletedAt ? 'imports.problems.archived' : 'imports.problems.recordOutOfScope', values: { value: prep.externalId! } }] });
        continue;
      }
      updates.push({ row, person });
      outcomes.push({ rowNumber: row.rowNumber, result: 'updated', recordId: person.id });
      continue;
    }
    const earlier = prep.externalId ? createdByExternal.get(prep.externalId) : undefined;
    if (earlier) {
      // The same external id twice in one batch: the later row updates the record the first creates.
      mergeInto(earlier.row.prepared, prep);
      outcomes.push({ rowNumber: row.rowNumber, result: 'updated', recordId: earlier.id });
      continue;
    }
    const name = prep.set.name!;
    const placeRef = prep.place ? { institutionId: prep.place.institutionId, departmentId: prep.place.departmentId } : null;
    if (!prep.externalId) {
      // Without an external id there is nothing to match on: a look-alike is reported, never doubled.
      const found = await findDuplicates(run.ctx, 'person', { name, contacts: prep.contacts, affiliations: placeRef ? [placeRef] : [] });
      if (found.candidates.length || found.hiddenCount || batchDuplicates.matches(name, prep.contacts, placeRef)) {
        outcomes.push({ rowNumber: row.rowNumber, result: 'duplicate', problems: [describeDuplicates(found, run.ctx.locale)] });
        continue;
      }
    }
    batchDuplicates.add(name, prep.contacts, placeRef);
    const pending: Pending = { row, id: newId(), creating: true };
    creates.push(pending);
    if (prep.externalId) createdByExternal.set(prep.externalId, pending);
    outcomes.push({ rowNumber: row.rowNumber, result: 'created', recordId: pending.id });
  }

  await insertPeople(run, creates, userId);
  await updatePeople(run, updates, userId);
  return outcomes;
}

function mergeInto(target: PersonPrepared, later: PersonPrepared): void {
  Object.assign(target.set, later.set);
  if (later.idNumber) target.idNumber = later.idNumber;
  if (later.place) target.place = later.place;
  if (later.territoryId) target.territoryId = later.territoryId;
  target.contacts = [...later.contacts, ...target.contacts];
  Object.assign(target.custom, later.custom);
}

async function insertPeople(run: ImportRun, creates: Pending[], userId: string): Promise<void> {
  if (!creates.length) return;
  const { em } = run.ctx;
  const now = new Date();
  const people: Record<string, unknown>[] = [];
  const affiliations: Record<string, unknown>[] = [];
  const contactRows: Record<string, unknown>[] = [];
  for (const { row, id } of creates) {
    const prep = row.prepared;
    const keys = nameKeys(prep.set.name!, 'person');
    const contacts = dedupeContacts(prep.contacts.map((c) => ({ ...c, label: null })));
    people.push({
      id,
      tenantId: run.ctx.tenant.id,
      externalId: prep.externalId,
      kind: prep.set.kind,
      name: prep.set.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      gender: prep.set.gender,
      title: prep.set.title ?? null,
      adminRole: prep.set.adminRole ?? null,
      specialty: prep.set.specialty ?? null,
      primaryInstitutionId: prep.place?.institutionId ?? null,
      primaryDepartmentId: prep.place?.departmentId ?? null,
      territoryId: prep.place ? prep.place.territoryId : prep.territoryId,
      tier: prep.set.tier ?? null,
      stage: prep.set.stage,
      mobile: firstOf(contacts, 'mobile', 'phone'),
      email: firstOf(contacts, 'email'),
      wechat: firstOf(contacts, 'wechat'),
      birthday: prep.set.birthday ?? null,
      idNumberEnc: prep.idNumber?.enc ?? null,
      idNumberLast4: prep.idNumber?.last4 ?? null,
      custom: prep.custom,
      ownerId: null,
      mergedIntoId: null,
      deletedAt: null,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
    });
    if (prep.place) {
      affiliations.push({ id: newId(), tenantId: run.ctx.tenant.id, personId: id, institutionId: prep.place.institutionId, departmentId: prep.place.departmentId, position: null, isPrimary: true, createdAt: now });
    }
    for (const c of contacts) contactRows.push({ id: newId(), tenantId: run.ctx.tenant.id, ownerKind: 'person', ownerId: id, ...c, createdAt: now });
  }
  await insertAll(em, PersonSchema, people);
  await insertAll(em, AffiliationSchema, affiliations);
  await insertAll(em, ContactPointSchema, contactRows);
}

/**
 * Updates: mapped, non-blank cells overwrite; blank cells keep what is stored. A new workplace
 * becomes the primary one (the old one stays as a secondary affiliation), new phone numbers and
 * addresses are added as primary (old ones are kept), tier and stage changes go to the history.
 */
async function updatePeople(run: ImportRun, updates: { row: RawRow & { prepared: PersonPrepared }; person: Person }[], userId: string): Promise<void> {
  if (!updates.length) return;
  const { em } = run.ctx;
  const ids = updates.map((u) => u.person.id);
  const [affs, contacts] = await Promise.all([
    updates.some((u) => u.row.prepared.place) ? em.find(AffiliationSchema, { personId: { $in: ids } }, { disableIdentityMap: true }) : [],
    updates.some((u) => u.row.prepared.contacts.length) ? em.find(ContactPointSchema, { ownerKind: 'person', ownerId: { $in: ids } }, { disableIdentityMap: true }) : [],
  ]);
  const now = new Date();
  const reason = translatorFor(run.ctx.tenant.settings.defaultLocale ?? 'zh-CN')('imports.lifecycleReason', { file: run.fileName }).slice(0, 500);
  const history: Record<string, unknown>[] = [];
  const newAffiliations: Record<string, unknown>[] = [];
  const newContacts: Record<string, unknown>[] = [];

  for (const { row, person } of updates) {
    const prep = row.prepared;
    const patch: Record<string, unknown> = {};
    for (const key of SCALARS) {
      const value = prep.set[key];
      if (value !== undefined && value !== person[key]) patch[key] = value;
    }
    if (patch.name) {
      const keys = nameKeys(patch.name as string, 'person');
      patch.namePinyin = keys.full;
      patch.nameInitials = keys.initials;
    }
    if (prep.idNumber && prep.idNumber.last4 !== person.idNumberLast4) {
      patch.idNumberEnc = prep.idNumber.enc;
      patch.idNumberLast4 = prep.idNumber.last4;
    }
    const customChanged = Object.entries(prep.custom).some(([k, v]) => JSON.stringify(person.custom[k] ?? null) !== JSON.stringify(v));
    if (customChanged) patch.custom = { ...person.custom, ...prep.custom };

    if (prep.place) {
      const mine = affs.filter((a) => a.personId === person.id);
      const same = mine.find((a) => a.institutionId === prep.place!.institutionId && (a.departmentId ?? null) === (prep.place!.departmentId ?? null));
      const primary = mine.find((a) => a.isPrimary);
      if (!same || !same.isPrimary) {
        if (primary) await em.nativeUpdate(AffiliationSchema, { id: primary.id }, { isPrimary: false });
        if (same) await em.nativeUpdate(AffiliationSchema, { id: same.id }, { isPrimary: true });
        else newAffiliations.push({ id: newId(), tenantId: run.ctx.tenant.id, personId: person.id, institutionId: prep.place.institutionId, departmentId: prep.place.departmentId, position: null, isPrimary: true, createdAt: now });
      }
      if (person.primaryInstitutionId !== prep.place.institutionId) patch.primaryInstitutionId = prep.place.institutionId;
      if (person.primaryDepartmentId !== prep.place.departmentId) patch.primaryDepartmentId = prep.place.departmentId;
      if (person.territoryId !== prep.place.territoryId) patch.territoryId = prep.place.territoryId;
    } else if (prep.territoryId && !person.primaryInstitutionId && prep.territoryId !== person.territoryId) {
      patch.territoryId = prep.territoryId;
    }

    const mineContacts = contacts.filter((c) => c.ownerId === person.id);
    for (const c of dedupeContacts(prep.contacts.map((x) => ({ ...x, label: null })))) {
      const n = normaliseContact(c.kind, c.value);
      const already = mineContacts.find((m) => m.kind === c.kind && (c.kind === 'mobile' || c.kind === 'phone' ? m.valueReversed === n.valueReversed : m.value === n.value));
      if (already?.isPrimary) continue;
      const demote = mineContacts.filter((m) => m.kind === c.kind && m.isPrimary).map((m) => m.id);
      if (demote.length) await em.nativeUpdate(ContactPointSchema, { id: { $in: demote } }, { isPrimary: false });
      if (already) await em.nativeUpdate(ContactPointSchema, { id: already.id }, { isPrimary: true });
      else newContacts.push({ id: newId(), tenantId: run.ctx.tenant.id, ownerKind: 'person', ownerId: person.id, ...c, isPrimary: true, createdAt: now });
      const column = c.kind === 'mobile' || c.kind === 'phone' ? 'mobile' : c.kind === 'email' ? 'email' : c.kind === 'wechat' ? 'wechat' : null;
      // The list column shows the primary mobile (a landline only when there is no mobile).
      if (column && !(c.kind === 'phone' && mineContacts.some((m) => m.kind === 'mobile'))) patch[column] = c.value;
    }

    for (const field of ['tier', 'stage'] as const) {
      if (patch[field] === undefined) continue;
      history.push({ id: newId(), tenantId: run.ctx.tenant.id, subjectKind: 'person', subjectId: person.id, field, fromValue: person[field] ?? null, toValue: patch[field], reason, changedBy: userId, at: now });
    }
    if (Object.keys(patch).length) await em.nativeUpdate(PersonSchema, { id: person.id }, { ...patch, updatedAt: now });
  }
  await insertAll(em, AffiliationSchema, newAffiliations);
  await insertAll(em, ContactPointSchema, newContacts);
  await insertAll(em, LifecycleChangeSchema, history);
}

export const personAdapter: ImportAdapter<PersonPrepared> = {
  entity: 'person',
  writePermission: 'customers.write',
  createdEvent: 'customer.created',
  fields: (defs) => [...FIELDS, ...customFieldDefs(defs)],
  validate,
  apply,
  async duplicateOf(row, run) {
    const prep = row.prepared;
    if (!prep || prep.externalId || !prep.set.name) return null;
    const place = prep.place ? [{ institutionId: prep.place.institutionId, departmentId: prep.place.departmentId }] : [];
    const found = await findDuplicates(run.ctx, 'person', { name: prep.set.name, contacts: prep.contacts, affiliations: place });
    return found.candidates.length || found.hiddenCount ? describeDuplicates(found, run.ctx.locale) : null;
  },
};

