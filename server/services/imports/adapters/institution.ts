import { ContactPointSchema, InstitutionSchema, type ContactKind } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { inScope } from '@/server/services/customers/access';
import type { ContactInput } from '@/server/services/customers/common-input';
import { findDuplicates } from '@/server/services/customers/duplicates';
import { institutionCreateInput, institutionUpdateInput, type InstitutionCreateInput, type InstitutionUpdateInput } from '@/server/services/customers/institution-input';
import { createInstitution, updateInstitution } from '@/server/services/customers/institutions';
import { customFieldDefs, CUSTOM_PREFIX, type ApplyOutcome, type ImportAdapter, type ImportFieldDef, type ImportRun, type RawRow, type RowProblem, type ValidatedRow } from '../types';
import { choice, phone, text, url } from '../values';
import { choices } from './choices';
import { customValues, institutionResolver, ProblemList, territoryRef, zodProblems } from './common';
import { describeDuplicates } from './shared-writes';

/**
 * Hospitals, pharmacies, distributors and clinics. A company has thousands, not hundreds of
 * thousands, so each row goes through the institution service itself (createInstitution /
 * updateInstitution, inside the import's transaction) — the form's rules, duplicate check and
 * territory moves apply unchanged; the import records one audit entry for the whole file.
 */

const TEXTS = [
  ['province', 50],
  ['city', 50],
  ['district', 50],
  ['street', 200],
  ['legalRepresentative', 100],
  ['registeredPlace', 200],
  ['procurementScale', 100],
  ['budgetRange', 100],
  ['procurementCycle', 100],
] as const;

export interface InstitutionPrepared {
  externalId: string | null;
  existingId: string | null;
  /** Service input built from the non-blank cells (custom values still as typed: the service checks and encrypts them). */
  input: Partial<InstitutionCreateInput>;
  /** A head office named by an earlier row of the same file: resolved when that row has been written. */
  parentRef: string | null;
  contacts: { kind: ContactKind; value: string }[];
}

const FIELDS: ImportFieldDef[] = [
  { key: 'externalId', labelKey: 'imports.fields.institution.externalId', synonyms: ['外部编号', '外部ID', '机构编号', '医院编号', '客户编号', '编号', 'external id', 'code', 'ID'], required: false, hintKey: 'imports.hints.externalId' },
  { key: 'name', labelKey: 'imports.fields.institution.name', synonyms: ['机构名称', '医院名称', '名称', '医院', '机构', '客户名称', 'name', 'institution', 'hospital'], required: true },
  { key: 'type', labelKey: 'imports.fields.institution.type', synonyms: ['机构类型', '类型', '客户类型', 'type'], required: false, hintKey: 'imports.hints.institutionType' },
  { key: 'hospitalLevel', labelKey: 'imports.fields.institution.hospitalLevel', synonyms: ['医院等级', '等级', '级别', 'hospital level', 'level', 'grade'], required: false, hintKey: 'imports.hints.hospitalLevel' },
  { key: 'parent', labelKey: 'imports.fields.institution.parent', synonyms: ['上级机构', '总部', '总院', '上级单位', 'parent', 'head office'], required: false, hintKey: 'imports.hints.parentRef' },
  { key: 'territory', labelKey: 'imports.fields.institution.territory', synonyms: ['区域', '辖区', '片区', '销售区域', 'territory', 'region'], required: false, hintKey: 'imports.hints.territory' },
  { key: 'province', labelKey: 'imports.fields.institution.province', synonyms: ['省', '省份', 'province'], required: false },
  { key: 'city', labelKey: 'imports.fields.institution.city', synonyms: ['市', '城市', 'city'], required: false },
  { key: 'district', labelKey: 'imports.fields.institution.district', synonyms: ['区', '区县', '县', 'district', 'county'], required: false },
  { key: 'street', labelKey: 'imports.fields.institution.street', synonyms: ['地址', '详细地址', '街道地址', 'address', 'street'], required: false },
  { key: 'phone', labelKey: 'imports.fields.institution.phone', synonyms: ['电话', '总机', '联系电话', 'phone', 'telephone', 'tel'], required: false },
  { key: 'website', labelKey: 'imports.fields.institution.website', synonyms: ['网址', '网站', '官网', 'website', 'url', 'web'], required: false },
  { key: 'legalRepresentative', labelKey: 'imports.fields.institution.legalRepresentative', synonyms: ['法人', '法定代表人', '法人代表', 'legal representative'], required: false },
  { key: 'registeredPlace', labelKey: 'imports.fields.institution.registeredPlace', synonyms: ['注册地', '注册地址', 'registered place', 'registered address'], required: false },
  { key: 'procurementScale', labelKey: 'imports.fields.institution.procurementScale', synonyms: ['采购规模', 'procurement scale'], required: false },
  { key: 'budgetRange', labelKey: 'imports.fields.institution.budgetRange', synonyms: ['预算范围', '预算', 'budget', 'budget range'], required: false },
  { key: 'procurementCycle', labelKey: 'imports.fields.institution.procurementCycle', synonyms: ['采购周期', 'procurement cycle'], required: false },
  { key: 'tier', labelKey: 'imports.fields.institution.tier', synonyms: ['客户分级', '分级', '客户级别', 'tier', 'segment'], required: false, hintKey: 'imports.hints.tier' },
  { key: 'stage', labelKey: 'imports.fields.institution.stage', synonyms: ['生命周期', '阶段', '客户阶段', 'lifecycle stage', 'stage'], required: false, hintKey: 'imports.hints.stage' },
];

const SCHEMA_FIELD: Record<string, string> = { parentId: 'parent', territoryId: 'territory', mainContactId: 'name' };

function fieldOf(path: (string | number | symbol)[], contactFields: string[]): string {
  const [head, index] = path;
  if (head === 'contacts' && typeof index === 'number') return contactFields[index] ?? 'phone';
  if (head === 'custom' && typeof index === 'string') return `${CUSTOM_PREFIX}${index}`;
  return SCHEMA_FIELD[String(head)] ?? String(head);
}

function submittedCustom(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(raw)) if (field.startsWith(CUSTOM_PREFIX) && value) out[field.slice(CUSTOM_PREFIX.length)] = value;
  return out;
}

async function validate(rows: RawRow[], run: ImportRun): Promise<ValidatedRow<InstitutionPrepared>[]> {
  const c = choices();
  const locale = run.ctx.locale;
  const refs = rows.map((r) => r.raw.parent ?? '');
  const resolveParent = await institutionResolver(run.ctx.em, run.scope, refs);
  const externalIds = [...new Set(rows.map((r) => r.raw.externalId).filter((x): x is string => !!x))];
  const stored = externalIds.length ? await run.ctx.em.find(InstitutionSchema, { externalId: { $in: externalIds } }, { fields: ['id', 'externalId', 'territoryId', 'deletedAt'] }) : [];
  const existing = new Map(stored.map((i) => [i.externalId!, i]));

  // Head offices often precede their branches in the same sheet: remember what earlier rows create.
  let earlierRows = run.cache.get('institution-refs') as Set<string> | undefined;
  if (!earlierRows) run.cache.set('institution-refs', (earlierRows = new Set()));

  const out: ValidatedRow<InstitutionPrepared>[] = [];
  for (const r of rows) {
    const p = new ProblemList();
    const raw = r.raw;
    const externalId = p.take('externalId', text(raw.externalId ?? '', 100)) ?? null;
    const found = externalId ? existing.get(externalId) : undefined;
    const creating = !found;
    if (found?.deletedAt) p.add('externalId', 'imports.problems.archived', { value: externalId! });
    else if (found && !inScope(run.scope, found.territoryId)) p.add('externalId', 'imports.problems.recordOutOfScope', { value: externalId! });

    const input: Partial<InstitutionCreateInput> = {};
    if (externalId) input.externalId = externalId;
    const name = p.take('name', text(raw.name ?? '', 200));
    if (name) input.name = name;
    else if (creating) p.add('name', 'imports.problems.required');
    const type = p.take('type', choice(raw.type ?? '', c.institutionType, locale));
    if (type) input.type = type;
    const level = p.take('hospitalLevel', choice(raw.hospitalLevel ?? '', c.hospitalLevel, locale));
    if (level) input.hospitalLevel = level;
    const tier = p.take('tier', choice(raw.tier ?? '', c.tier, locale));
    if (tier) input.tier = tier;
    const stage = p.take('stage', choice(raw.stage ?? '', c.stage, locale));
    if (stage) input.stage = stage;
    for (const [field, max] of TEXTS) {
      const value = p.take(field, text(raw[field] ?? '', max));
      if (value) input[field] = value;
    }
    const parentText = raw.parent?.trim();
    let parentRef: string | null = null;
    if (parentText) {
      const parent = resolveParent(parentText);
      if (parent === 'ambiguous') p.add('parent', 'imports.problems.institutionAmbiguous', { value: parentText });
      else if (parent) input.parentId = parent.id;
      else if (earlierRows.has(parentText)) parentRef = parentText;
      else p.add('parent', 'imports.problems.institutionNotFound', { value: parentText });
    }
    if (raw.territory?.trim()) {
      const territoryId = await territoryRef(run, raw.territory, 'territory', p);
      if (territoryId) input.territoryId = territoryId;
    } else if (creating && !run.scope.all) {
      p.add('territory', 'imports.problems.territoryRequired');
    }
    const contacts: { kind: ContactKind; value: string }[] = [];
    const contactFields: string[] = [];
    const phoneValue = p.take('phone', phone(raw.phone ?? '', 30));
    if (phoneValue) {
      contacts.push({ kind: 'phone', value: phoneValue });
      contactFields.push('phone');
    }
    const website = p.take('website', url(raw.website ?? ''));
    if (website) {
      contacts.push({ kind: 'website', value: website });
      contactFields.push('website');
    }
    // Reported here with the same rules; the raw text goes to the service, which checks and encrypts it.
    customValues(run, raw, { creating }, p);
    const custom = submittedCustom(raw);

    const candidate = { ...input, contacts: contacts.map((x) => ({ ...x, label: null })), custom };
    const parsed = creating ? institutionCreateInput.safeParse(candidate) : institutionUpdateInput.safeParse({ ...candidate, id: found!.id });
    if (!parsed.success) zodProblems(parsed.error, (path) => fieldOf(path, contactFields), p);

    if (p.empty) {
      if (externalId) earlierRows.add(externalId);
      if (name) earlierRows.add(name);
    }
    out.push({
      ...r,
      problems: p.items,
      action: p.empty ? (creating ? 'create' : 'update') : null,
      prepared: p.empty ? { externalId, existingId: found?.id ?? null, input: { ...input, custom }, parentRef, contacts } : null,
    });
  }
  return out;
}

function problemsOf(err: DomainError): RowProblem[] {
  const entries = Object.entries(err.fieldErrors);
  if (!entries.length) return [{ field: '_row', key: err.messageKey, values: err.values as RowProblem['values'] }];
  return entries.map(([path, e]) => ({ field: fieldOf(path.split('.'), ['phone', 'website']), key: e.key, values: e.values as RowProblem['values'] }));
}

async function apply(rows: (RawRow & { prepared: InstitutionPrepared })[], run: ImportRun): Promise<ApplyOutcome[]> {
  const { ctx, customFields } = run;
  const opts = { customFields, audit: false };
  const outcomes: ApplyOutcome[] = [];
  for (const row of rows) {
    const prep = row.prepared;
    if (prep.parentRef) {
      // Written by an earlier row of this import (in this transaction) — or that row failed.
      const parent = (await institutionResolver(ctx.em, run.scope, [prep.parentRef]))(prep.parentRef);
      if (!parent || parent === 'ambiguous') {
        outcomes.push({ rowNumber: row.rowNumber, result: 'invalid', problems: [{ field: 'parent', key: parent ? 'imports.problems.institutionAmbiguous' : 'imports.problems.institutionNotFound', values: { value: prep.parentRef } }] });
        continue;
      }
      prep.input.parentId = parent.id;
    }
    try {
      // Found now, not at validation: an earlier row of this file may have created it since.
      const existing = prep.externalId ? await ctx.em.findOne(InstitutionSchema, { externalId: prep.externalId }, { fields: ['id'] }) : null;
      if (existing) {
        const update: InstitutionUpdateInput = { ...(prep.input as Omit<InstitutionUpdateInput, 'id'>), id: existing.id };
        const contacts = prep.contacts.length ? await mergedContacts(run, existing.id, prep.contacts) : null;
        if (contacts) update.contacts = contacts;
        if (!Object.keys(update.custom ?? {}).length) delete update.custom;
        await updateInstitution(ctx, update, opts);
        outcomes.push({ rowNumber: row.rowNumber, result: 'updated', recordId: existing.id });
      } else {
        const input = institutionCreateInput.parse({ ...prep.input, contacts: prep.contacts.map((c) => ({ ...c, label: null })), allowDuplicate: !!prep.externalId });
        const result = await createInstitution(ctx, input, opts);
        if (result.status === 'created') outcomes.push({ rowNumber: row.rowNumber, result: 'created', recordId: result.id });
        else outcomes.push({ rowNumber: row.rowNumber, result: 'duplicate', problems: [describeDuplicates(result.duplicates, ctx.locale)] });
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      outcomes.push({ rowNumber: row.rowNumber, result: 'invalid', problems: problemsOf(err) });
    }
  }
  // The engine announces what the import created once it commits; the service's own events would double them.
  ctx.afterCommit.discard();
  return outcomes;
}

/**
 * The contact list to store when the row brings a phone or website that is not already the
 * primary one: the new ones first (they become primary), then every stored contact (kept). Null
 * when nothing changes, so re-importing a file leaves contacts alone.
 */
async function mergedContacts(run: ImportRun, institutionId: string, fresh: { kind: ContactKind; value: string }[]): Promise<ContactInput[] | null> {
  const stored = await run.ctx.em.find(ContactPointSchema, { ownerKind: 'institution', ownerId: institutionId }, { orderBy: { isPrimary: 'desc', createdAt: 'asc' } });
  const unchanged = fresh.every((f) => stored.some((s) => s.kind === f.kind && s.isPrimary && s.value === f.value));
  if (unchanged) return null;
  return [...fresh.map((c) => ({ ...c, label: null })), ...stored.map((s) => ({ kind: s.kind, value: s.value, label: s.label }))];
}

export const institutionAdapter: ImportAdapter<InstitutionPrepared> = {
  entity: 'institution',
  writePermission: 'customers.write',
  createdEvent: 'customer.created',
  fields: (defs) => [...FIELDS, ...customFieldDefs(defs)],
  validate,
  apply,
  async duplicateOf(row, run) {
    if (row.prepared?.externalId || !row.prepared?.input.name) return null;
    const found = await findDuplicates(run.ctx, 'institution', { name: row.prepared.input.name, contacts: row.prepared.contacts });
    return found.candidates.length || found.hiddenCount ? describeDuplicates(found, run.ctx.locale) : null;
  },
};
