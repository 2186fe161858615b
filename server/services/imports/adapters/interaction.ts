import {
  InteractionParticipantSchema,
  InteractionProductSchema,
  InteractionSchema,
  TaskSchema,
  type CustomValues,
  type InteractionChannel,
  type InteractionOutcome,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { inScope } from '@/server/services/customers/access';
import { reminderFor } from '@/server/services/work/tasks';
import { customFieldDefs, type ApplyOutcome, type ImportAdapter, type ImportFieldDef, type ImportRun, type RawRow, type ValidatedRow } from '../types';
import { choice, dateTime, list, text } from '../values';
import { choices } from './choices';
import { customValues, institutionResolver, ProblemList } from './common';
import { ownerRef, personResolver, productRef, type PersonHit } from './lookups';
import { findOrCreateDepartments, insertAll, lookupDepartments } from './shared-writes';

/**
 * Interactions (visit history from the old system or the reps' sheets). The rules are those of
 * logging a visit (work service): people the importer may see, the place's territory (or the
 * first person's) within their scope, not in the future, a next step becomes an open task for the
 * owner. Written in bulk, like people: visit histories run to hundreds of thousands of rows.
 */

/** Phones' clocks drift; so do spreadsheets typed the evening before. Same slack as the form. */
const FUTURE_SLACK_MS = 60 * 60 * 1000;
const EARLIEST = new Date('2000-01-01T00:00:00Z');
const MAX_PEOPLE = 20;
const MAX_PRODUCTS = 20;
const MAX_MESSAGES = 20;

export interface InteractionPrepared {
  externalId: string | null;
  channel: InteractionChannel;
  occurredAt: string;
  personIds: string[];
  institutionId: string | null;
  departmentId: string | null;
  departmentName: string | null;
  territoryId: string | null;
  productIds: string[];
  keyMessages: string[];
  notes: string | null;
  outcome: InteractionOutcome | null;
  nextStep: string | null;
  nextStepDue: string | null;
  ownerId: string;
  custom: CustomValues;
}

const FIELDS: ImportFieldDef[] = [
  { key: 'externalId', labelKey: 'imports.fields.interaction.externalId', synonyms: ['外部编号', '外部ID', '拜访编号', '记录编号', '编号', 'external id', 'ID'], required: false, hintKey: 'imports.hints.externalId' },
  { key: 'occurredAt', labelKey: 'imports.fields.interaction.occurredAt', synonyms: ['拜访时间', '拜访日期', '时间', '日期', '发生时间', 'date', 'time', 'occurred at', 'visit date'], required: true, hintKey: 'imports.hints.dateTime' },
  { key: 'channel', labelKey: 'imports.fields.interaction.channel', synonyms: ['方式', '拜访方式', '渠道', '类型', 'channel', 'type'], required: false, hintKey: 'imports.hints.channel' },
  { key: 'people', labelKey: 'imports.fields.interaction.people', synonyms: ['拜访对象', '客户', '医生', '参与人', '参与者', '联系人', 'HCP', 'people', 'participants', 'contacts'], required: true, hintKey: 'imports.hints.people' },
  { key: 'institution', labelKey: 'imports.fields.interaction.institution', synonyms: ['医院', '机构', '拜访医院', '地点', 'institution', 'hospital'], required: false, hintKey: 'imports.hints.institutionRef' },
  { key: 'department', labelKey: 'imports.fields.interaction.department', synonyms: ['科室', '部门', 'department'], required: false },
  { key: 'products', labelKey: 'imports.fields.interaction.products', synonyms: ['产品', '沟通产品', '推广产品', 'products', 'product'], required: false, hintKey: 'imports.hints.products' },
  { key: 'keyMessages', labelKey: 'imports.fields.interaction.keyMessages', synonyms: ['关键信息', '传递信息', '要点', 'key messages'], required: false, hintKey: 'imports.hints.list' },
  { key: 'notes', labelKey: 'imports.fields.interaction.notes', synonyms: ['备注', '记录', '拜访记录', '内容', '拜访内容', 'notes', 'remarks', 'comments'], required: false },
  { key: 'outcome', labelKey: 'imports.fields.interaction.outcome', synonyms: ['结果', '拜访结果', 'outcome', 'result'], required: false, hintKey: 'imports.hints.outcome' },
  { key: 'nextStep', labelKey: 'imports.fields.interaction.nextStep', synonyms: ['下一步', '下一步计划', '后续行动', 'next step', 'follow up'], required: false },
  { key: 'nextStepDue', labelKey: 'imports.fields.interaction.nextStepDue', synonyms: ['下一步日期', '跟进日期', '截止日期', 'next step due', 'follow up date', 'due'], required: false, hintKey: 'imports.hints.date' },
  { key: 'owner', labelKey: 'imports.fields.interaction.owner', synonyms: ['代表', '拜访人', '负责人', '医药代表', '填写人', 'owner', 'rep', 'representative'], required: false, hintKey: 'imports.hints.owner' },
];

async function validate(rows: RawRow[], run: ImportRun): Promise<ValidatedRow<InteractionPrepared>[]> {
  const c = choices();
  const { locale } = run.ctx;
  const tz = run.ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const resolveInstitution = await institutionResolver(run.ctx.em, run.scope, rows.map((r) => r.raw.institution ?? ''));
  const resolvePerson = await personResolver(run, rows.flatMap((r) => list(r.raw.people ?? '')));
  const needs = rows.flatMap((r) => {
    const inst = r.raw.institution ? resolveInstitution(r.raw.institution) : null;
    return inst && inst !== 'ambiguous' && r.raw.department ? [{ institutionId: inst.id, name: r.raw.department }] : [];
  });
  const departments = await lookupDepartments(run.ctx.em, needs);
  const externalIds = [...new Set(rows.map((r) => r.raw.externalId).filter((x): x is string => !!x))];
  const existing = externalIds.length
    ? new Set((await run.ctx.em.find(InteractionSchema, { externalId: { $in: externalIds } }, { fields: ['externalId'] })).map((i) => i.externalId!))
    : new Set<string>();

  const out: ValidatedRow<InteractionPrepared>[] = [];
  for (const r of rows) {
    const p = new ProblemList();
    const raw = r.raw;
    const externalId = p.take('externalId', text(raw.externalId ?? '', 100)) ?? null;
    const channel = p.take('channel', choice(raw.channel ?? '', c.channel, locale)) ?? 'visit';
    const occurredAt = p.take('occurredAt', dateTime(raw.occurredAt ?? '', tz));
    if (occurredAt === null) p.add('occurredAt', 'imports.problems.required');
    else if (occurredAt && occurredAt.getTime() > Date.now() + FUTURE_SLACK_MS) p.add('occurredAt', 'imports.problems.future');
    else if (occurredAt && occurredAt < EARLIEST) p.add('occurredAt', 'imports.problems.tooEarly');

    let institutionId: string | null = null;
    let institutionTerritory: string | null = null;
    const instRef = raw.institution?.trim();
    if (instRef) {
      const inst = resolveInstitution(instRef);
      if (inst === 'ambiguous') p.add('institution', 'imports.problems.institutionAmbiguous', { value: instRef });
      else if (!inst) p.add('institution', 'imports.problems.institutionNotFound', { value: instRef });
      else {
        institutionId = inst.id;
        institutionTerritory = inst.territoryId;
      }
    }
    const deptName = raw.department?.trim() || null;
    if (deptName && deptName.length > 100) p.add('department', 'imports.problems.tooLong', { max: 100 });
    if (deptName && !instRef) p.add('department', 'imports.problems.departmentWithoutInstitution');

    const personRefs = list(raw.people ?? '');
    const people: PersonHit[] = [];
    if (!personRefs.length) p.add('people', 'imports.problems.required');
    if (personRefs.length > MAX_PEOPLE) p.add('people', 'imports.problems.tooMany', { max: MAX_PEOPLE });
    for (const ref of personRefs) {
      const hit = resolvePerson(ref, institutionId);
      if (hit === 'ambiguous') p.add('people', 'imports.problems.personAmbiguous', { value: ref });
      else if (!hit) p.add('people', 'imports.problems.personNotFound', { value: ref });
      else if (!people.some((x) => x.id === hit.id)) people.push(hit);
    }
    // Where the contact happened: the place named, else the first person's primary place.
    let primaryDepartmentId: string | null = null;
    const first = people[0];
    if (!instRef && first?.primaryInstitutionId) {
      institutionId = first.primaryInstitutionId;
      institutionTerritory = first.territoryId;
      primaryDepartmentId = first.primaryDepartmentId;
    }
    const territoryId = institutionId ? institutionTerritory : (first?.territoryId ?? null);
    if (p.empty && !inScope(run.scope, territoryId)) p.add(instRef ? 'institution' : 'people', 'imports.problems.outOfScope');

    const productIds: string[] = [];
    const productRefs = list(raw.products ?? '');
    if (productRefs.length > MAX_PRODUCTS) p.add('products', 'imports.problems.tooMany', { max: MAX_PRODUCTS });
    for (const ref of productRefs) {
      const hit = await productRef(run, ref);
      if (hit === 'ambiguous') p.add('products', 'imports.problems.productAmbiguous', { value: ref });
      else if (!hit) p.add('products', 'imports.problems.productNotFound', { value: ref });
      else if (!productIds.includes(hit.id)) productIds.push(hit.id);
    }
    const keyMessages = [...new Set(list(raw.keyMessages ?? ''))];
    if (keyMessages.length > MAX_MESSAGES) p.add('keyMessages', 'imports.problems.tooMany', { max: MAX_MESSAGES });
    if (keyMessages.some((m) => m.length > 200)) p.add('keyMessages', 'imports.problems.tooLong', { max: 200 });
    const notes = p.take('notes', text(raw.notes ?? '', 5000)) ?? null;
    const outcome = p.take('outcome', choice(raw.outcome ?? '', c.outcome, locale)) ?? null;
    const nextStep = p.take('nextStep', text(raw.nextStep ?? '', 500)) ?? null;
    const nextStepDue = p.take('nextStepDue', dateTime(raw.nextStepDue ?? '', tz, '18:00')) ?? null;
    if (nextStepDue && !nextStep) p.add('nextStep', 'imports.problems.nextStepMissing');
    const ownerId = await ownerRef(run, raw.owner ?? '', 'interactions.write');
    if (!ownerId) p.add('owner', 'imports.problems.ownerNotFound', { value: (raw.owner ?? '').trim() });
    const custom = customValues(run, raw, { creating: !(externalId && existing.has(externalId)) }, p);

    out.push({
      ...r,
      problems: p.items,
      action: p.empty ? (externalId && existing.has(externalId) ? 'update' : 'create') : null,
      prepared:
        p.empty && occurredAt && ownerId
          ? {
              externalId,
              channel,
              occurredAt: occurredAt.toISOString(),
              personIds: people.map((x) => x.id),
              institutionId,
              departmentId: institutionId && deptName ? (departments.get(`${institutionId}\u0000${deptName}`) ?? null) : primaryDepartmentId,
              departmentName: institutionId && deptName && !departments.has(`${institutionId}\u0000${deptName}`) ? deptName : null,
              territoryId,
              productIds,
              keyMessages,
              notes,
              outcome,
              nextStep,
              nextStepDue: nextStep && nextStepDue ? nextStepDue.toISOString() : null,
              ownerId,
              custom,
            }
          : null,
    });
  }
  return out;
}

async function apply(rows: (RawRow & { prepared: InteractionPrepared })[], run: ImportRun): Promise<ApplyOutcome[]> {
  const { em } = run.ctx;
  const tenantId = run.ctx.tenant.id;
  const userId = run.ctx.session.user.id;
  const tz = run.ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const deptIds = await findOrCreateDepartments(
    em,
    rows.flatMap((r) => (r.prepared.institutionId && r.prepared.departmentName ? [{ institutionId: r.prepared.institutionId, name: r.prepared.departmentName }] : [])),
  );
  const externalIds = [...new Set(rows.map((r) => r.prepared.externalId).filter((x): x is string => !!x))];
  const stored = externalIds.length ? await em.find(InteractionSchema, { externalId: { $in: externalIds } }, { fields: ['id', 'externalId', 'territoryId', 'custom'] }) : [];
  const byExternal = new Map(stored.map((s) => [s.externalId!, s]));

  const now = new Date();
  interface Write {
    id: string;
    record: Record<string, unknown> | null;
    participants: Record<string, unknown>[];
    products: Record<string, unknown>[];
    task: Record<string, unknown> | null;
  }
  const creates = new Map<string, Write>();
  const updates = new Map<string, Write>();
  const outcomes: ApplyOutcome[] = [];

  for (const row of rows) {
    const prep = row.prepared;
    const departmentId = prep.departmentId ?? (prep.departmentName && prep.institutionId ? (deptIds.get(`${prep.institutionId}\u0000${prep.departmentName}`) ?? null) : null);
    const occurredAt = new Date(prep.occurredAt);
    const nextStepDue = prep.nextStepDue ? new Date(prep.nextStepDue) : null;
    const values = {
      channel: prep.channel,
      occurredAt,
      institutionId: prep.institutionId,
      departmentId,
      territoryId: prep.territoryId,
      ownerId: prep.ownerId,
      keyMessages: prep.keyMessages,
      notes: prep.notes,
      outcome: prep.outcome,
      nextStep: prep.nextStep,
      nextStepDue,
    };
    const existing = prep.externalId ? byExternal.get(prep.externalId) : undefined;
    if (existing && !inScope(run.scope, existing.territoryId)) {
      outcomes.push({ rowNumber: row.rowNumber, result: 'invalid', problems: [{ field: 'externalId', key: 'imports.problems.recordOutOfScope', values: { value: prep.externalId! } }] });
      continue;
    }
    // The same external id earlier in this batch: the later row replaces what that one would write.
    const earlier = prep.externalId ? creates.get(prep.externalId) : undefined;
    const id = existing?.id ?? earlier?.id ?? newId();
    const write: Write = {
      id,
      record: existing ? { ...values, custom: { ...existing.custom, ...prep.custom }, updatedAt: now } : { id, tenantId, externalId: prep.externalId, ...values, custom: prep.custom, createdAt: now, updatedAt: now },
      participants: prep.personIds.map((personId) => ({ id: newId(), tenantId, interactionId: id, personId, occurredAt })),
      products: prep.productIds.map((productId) => ({ id: newId(), tenantId, interactionId: id, productId })),
      // A visit's next step becomes an open task for its owner, as when it is logged by hand.
      task:
        !existing && prep.nextStep
          ? { id: newId(), tenantId, title: prep.nextStep, description: null, ownerId: prep.ownerId, dueAt: nextStepDue, remindAt: reminderFor(nextStepDue, tz), remindedAt: null, status: 'open', subjectKind: 'person', subjectId: prep.personIds[0], interactionId: id, completedAt: null, createdBy: userId, createdAt: now, updatedAt: now }
          : null,
    };
    if (existing) updates.set(id, write);
    else creates.set(prep.externalId ?? id, write);
    outcomes.push({ rowNumber: row.rowNumber, result: existing || earlier ? 'updated' : 'created', recordId: id });
  }

  // A re-imported visit is replaced as a whole: its participants and products follow the file.
  const replaced = [...updates.keys()];
  if (replaced.length) {
    await em.nativeDelete(InteractionParticipantSchema, { interactionId: { $in: replaced } });
    await em.nativeDelete(InteractionProductSchema, { interactionId: { $in: replaced } });
    for (const u of updates.values()) await em.nativeUpdate(InteractionSchema, { id: u.id }, u.record!);
  }
  const all = [...creates.values(), ...updates.values()];
  const fresh = [...creates.values()];
  await insertAll(em, InteractionSchema, fresh.map((w) => w.record!));
  const participants = all.flatMap((w) => w.participants);
  const products = all.flatMap((w) => w.products);
  const tasks = fresh.flatMap((w) => (w.task ? [w.task] : []));
  await insertAll(em, InteractionParticipantSchema, participants);
  await insertAll(em, InteractionProductSchema, products);
  await insertAll(em, TaskSchema, tasks);
  return outcomes;
}

export const interactionAdapter: ImportAdapter<InteractionPrepared> = {
  entity: 'interaction',
  writePermission: 'interactions.write',
  createdEvent: 'interaction.created',
  fields: (defs) => [...FIELDS, ...customFieldDefs(defs)],
  validate,
  apply,
};
