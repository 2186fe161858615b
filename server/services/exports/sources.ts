import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import {
  DepartmentSchema,
  InstitutionSchema,
  InteractionSchema,
  OrderLineSchema,
  PurchaseOrderSchema,
  TerritorySchema,
  type CustomField,
  type CustomFieldEntity,
  type CustomValues,
  type PurchaseOrder,
} from '@/server/db/entities';
import { translatorFor } from '@/server/i18n/catalog';
import type { TenantContext } from '@/server/services/context-types';
import { accessScope, inScope, scopeWhere } from '@/server/services/customers/access';
import { maskText, type CustomerMasking, type MaskablePersonField } from '@/server/services/customers/masking';
import type { InstitutionFilters, ListSort, PeopleFilters } from '@/server/services/customers/list-input';
import { filteredCustomerQuery } from '@/server/services/customers/lists';
import { decryptField, maskValue } from '@/server/services/field-crypto';
import { listInteractions } from '@/server/services/work/interactions';
import { normaliseMoney } from '@/server/services/work/money';
import { customerNames } from '@/server/services/work/shared';
import { listMyTasks, type TaskView } from '@/server/services/work/tasks';
import { choices } from '@/server/services/imports/adapters/choices';
import type { OrderExportFilters } from './filters';

/**
 * Where exported rows come from: the lists' own queries (customers/lists.ts for people and
 * institutions, the interaction and task lists of the work services), read in keyset-paged
 * batches with the EntityManager cleared in between, so memory stays flat whatever the size.
 * Each yields pages of rows: column key → cell (text or number, already masked where needed).
 */
export type Cell = string | number | null;
export type ExportRow = Record<string, Cell>;

export const PAGE_SIZE = 1000;

export interface SourceOptions {
  ctx: TenantContext;
  customFields: CustomField[];
  /** Columns asked for: sources skip the lookups no column needs. */
  columns: Set<string>;
  unmasked: boolean;
  /** The tenant's privacy policy: what is masked when `unmasked` is false. */
  masking: CustomerMasking;
}

type Choices = ReturnType<typeof choices>;

/** A code as its label in the requester's language (the import reads labels of either language). */
function label(list: keyof Choices, code: string | null | undefined, locale: 'zh-CN' | 'en'): string | null {
  if (!code) return null;
  const names = (choices()[list] as Record<string, string[]>)[code];
  return names?.[locale === 'en' ? 1 : 0] ?? code;
}

function toDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string | number));
  return Number.isNaN(d.getTime()) ? null : d;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * The company's wall clock for `d`: one formatter per time zone for the whole export (building an
 * Intl formatter per cell costs more than everything else an export row does).
 */
function wallClock(d: Date, tz: string): Record<string, string> {
  let f = wallClocks.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    wallClocks.set(tz, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(d)) parts[p.type] = p.value;
  return parts;
}

function dateTimeText(v: unknown, tz: string): string | null {
  const d = toDate(v);
  if (!d) return null;
  const p = wallClock(d, tz);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function dateText(v: unknown, tz: string): string | null {
  const d = toDate(v);
  if (!d) return null;
  const p = wallClock(d, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

function parseJson(v: unknown): CustomValues {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as CustomValues;
    } catch {
      return {};
    }
  }
  return (v ?? {}) as CustomValues;
}

function customCells(opts: SourceOptions, kind: CustomFieldEntity, stored: unknown): ExportRow {
  const wanted = opts.customFields.filter((d) => opts.columns.has(`custom.${d.key}`));
  if (!wanted.length) return {};
  const values = opts.masking.customValues(kind, wanted, parseJson(stored), opts.unmasked);
  const out: ExportRow = {};
  for (const d of wanted) {
    const v = values[d.key];
    out[`custom.${d.key}`] = v === null || v === undefined ? null : Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? translatorFor(opts.ctx.locale)(v ? 'exports.yes' : 'exports.no') : typeof v === 'number' ? v : String(v);
  }
  return out;
}

async function namesOf(em: SqlEntityManager, schema: typeof TerritorySchema | typeof DepartmentSchema | typeof InstitutionSchema, ids: unknown[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string' && x.length > 0))];
  if (!wanted.length) return new Map();
  const rows = await em.find(schema as typeof TerritorySchema, { id: { $in: wanted } }, { fields: ['id', 'name'] });
  return new Map(rows.map((r) => [r.id, r.name]));
}

const SORT_PROP: Record<ListSort['field'], string> = { name: 'namePinyin', createdAt: 'createdAt', updatedAt: 'updatedAt' };

/** Keyset pages of the customer list query (the same query the list page runs). */
async function* customerPages(opts: SourceOptions, kind: 'person' | 'institution', filters: PeopleFilters | InstitutionFilters, sort: ListSort | null): AsyncGenerator<Record<string, unknown>[]> {
  const s = sort ?? { field: 'name', dir: 'asc' };
  const sortProp = SORT_PROP[s.field];
  const op = s.dir === 'asc' ? '$gt' : '$lt';
  let after: { value: unknown; id: string } | null = null;
  for (;;) {
    const { qb } = await filteredCustomerQuery(opts.ctx, kind, filters, opts.customFields);
    if (after) qb.andWhere({ $or: [{ [sortProp]: { [op]: after.value } }, { [sortProp]: after.value, id: { [op]: after.id } }] } as never);
    qb.select('c.*').orderBy([{ [sortProp]: s.dir }, { id: s.dir }] as never).limit(PAGE_SIZE);
    const rows = (await qb.execute('all', true)) as unknown as Record<string, unknown>[];
    if (!rows.length) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    const value = sortProp === 'namePinyin' ? last[sortProp] : toDate(last[sortProp]);
    after = { value, id: String(last.id) };
    opts.ctx.em.clear();
    if (rows.length < PAGE_SIZE) return;
  }
}

/** A person field as exported: masked when compliance marked it sensitive, unless the export is unmasked. */
function personField(opts: SourceOptions, field: MaskablePersonField, value: unknown): string | null {
  const text = typeof value === 'string' && value ? value : null;
  return !opts.unmasked && opts.masking.personField(field) ? maskText(field, text) : text;
}

export async function* personRows(opts: SourceOptions, filters: PeopleFilters, sort: ListSort | null): AsyncGenerator<ExportRow[]> {
  const { ctx, columns } = opts;
  const em = ctx.em as SqlEntityManager;
  const tz = ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const loc = ctx.locale;
  for await (const page of customerPages(opts, 'person', filters, sort)) {
    const [institutions, departments, territories] = await Promise.all([
      columns.has('institution') ? namesOf(em, InstitutionSchema, page.map((r) => r.primaryInstitutionId)) : new Map<string, string>(),
      columns.has('department') ? namesOf(em, DepartmentSchema, page.map((r) => r.primaryDepartmentId)) : new Map<string, string>(),
      columns.has('territory') ? namesOf(em, TerritorySchema, page.map((r) => r.territoryId)) : new Map<string, string>(),
    ]);
    let idNumbers = new Map<string, string>();
    if (columns.has('idNumber') && opts.unmasked) {
      // The ciphertext is a hidden, lazy property: read here on purpose (raw SQL, scoped by hand).
      const ids = page.filter((r) => r.idNumberLast4).map((r) => String(r.id));
      if (ids.length) {
        const rows = await em
          .getConnection()
          .execute<{ id: string; id_number_enc: string | null }[]>(
            `select id, id_number_enc from person where tenant_id = ? and id in (${ids.map(() => '?').join(', ')})`,
            [ctx.tenant.id, ...ids],
            'all',
            em.getTransactionContext(),
          );
        idNumbers = new Map(rows.filter((r) => r.id_number_enc).map((r) => [r.id, decryptField(r.id_number_enc!)]));
      }
    }
    yield page.map((r) => ({
      externalId: (r.externalId as string) ?? null,
      name: r.name as string,
      kind: label('personKind', r.kind as string, loc),
      gender: label('gender', r.gender as string, loc),
      title: label('title', r.title as string, loc),
      adminRole: (r.adminRole as string) ?? null,
      specialty: (r.specialty as string) ?? null,
      institution: institutions.get(r.primaryInstitutionId as string) ?? null,
      department: departments.get(r.primaryDepartmentId as string) ?? null,
      territory: territories.get(r.territoryId as string) ?? null,
      tier: (r.tier as string) ?? null,
      stage: label('stage', r.stage as string, loc),
      mobile: personField(opts, 'mobile', r.mobile),
      email: personField(opts, 'email', r.email),
      wechat: personField(opts, 'wechat', r.wechat),
      birthday: personField(opts, 'birthday', r.birthday),
      idNumber: opts.unmasked ? (idNumbers.get(String(r.id)) ?? null) : r.idNumberLast4 ? maskValue(r.idNumberLast4 as string) : null,
      createdAt: dateTimeText(r.createdAt, tz),
      updatedAt: dateTimeText(r.updatedAt, tz),
      ...customCells(opts, 'person', r.custom),
    }));
  }
}

export async function* institutionRows(opts: SourceOptions, filters: InstitutionFilters, sort: ListSort | null): AsyncGenerator<ExportRow[]> {
  const { ctx, columns } = opts;
  const em = ctx.em as SqlEntityManager;
  const tz = ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const loc = ctx.locale;
  for await (const page of customerPages(opts, 'institution', filters, sort)) {
    const [parents, territories] = await Promise.all([
      columns.has('parent') ? namesOf(em, InstitutionSchema, page.map((r) => r.parentId)) : new Map<string, string>(),
      columns.has('territory') ? namesOf(em, TerritorySchema, page.map((r) => r.territoryId)) : new Map<string, string>(),
    ]);
    yield page.map((r) => ({
      externalId: (r.externalId as string) ?? null,
      name: r.name as string,
      type: label('institutionType', r.type as string, loc),
      hospitalLevel: label('hospitalLevel', r.hospitalLevel as string, loc),
      parent: parents.get(r.parentId as string) ?? null,
      territory: territories.get(r.territoryId as string) ?? null,
      province: (r.province as string) ?? null,
      city: (r.city as string) ?? null,
      district: (r.district as string) ?? null,
      street: (r.street as string) ?? null,
      phone: (r.phone as string) ?? null,
      website: (r.website as string) ?? null,
      legalRepresentative: (r.legalRepresentative as string) ?? null,
      registeredPlace: (r.registeredPlace as string) ?? null,
      procurementScale: (r.procurementScale as string) ?? null,
      budgetRange: (r.budgetRange as string) ?? null,
      procurementCycle: (r.procurementCycle as string) ?? null,
      tier: (r.tier as string) ?? null,
      stage: label('stage', r.stage as string, loc),
      createdAt: dateTimeText(r.createdAt, tz),
      updatedAt: dateTimeText(r.updatedAt, tz),
      ...customCells(opts, 'institution', r.custom),
    }));
  }
}

export interface InteractionExportFilters {
  from: Date | null;
  to: Date | null;
  channel: string | null;
  ownerId: string | null;
  productId: string | null;
  territoryId: string | null;
}

/** The interaction list itself (work service), page after page; notes and custom values joined in. */
export async function* interactionRows(opts: SourceOptions, filters: InteractionExportFilters): AsyncGenerator<ExportRow[]> {
  const { ctx } = opts;
  const tz = ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const loc = ctx.locale;
  const sep = loc === 'en' ? '; ' : '；';
  let cursor: string | null = null;
  for (;;) {
    const page = await listInteractions(ctx, { ...(filters as Parameters<typeof listInteractions>[1]), cursor, limit: PAGE_SIZE });
    if (!page.items.length) return;
    const extra = await ctx.em.find(InteractionSchema, { id: { $in: page.items.map((i) => i.id) } }, { fields: ['id', 'externalId', 'notes', 'custom'] });
    const more = new Map(extra.map((e) => [e.id, e]));
    yield page.items.map((i) => ({
      externalId: more.get(i.id)?.externalId ?? null,
      occurredAt: dateTimeText(i.occurredAt, tz),
      channel: label('channel', i.channel, loc),
      people: i.people.map((p) => p.name).join(sep),
      institution: i.institution?.name ?? null,
      department: i.department?.name ?? null,
      products: i.products.map((p) => p.name).join(sep),
      keyMessages: i.keyMessages.join(sep),
      notes: more.get(i.id)?.notes ?? null,
      outcome: label('outcome', i.outcome, loc),
      nextStep: i.nextStep,
      nextStepDue: dateText(i.nextStepDue, tz),
      owner: i.owner.name,
      ...customCells(opts, 'interaction', more.get(i.id)?.custom),
    }));
    ctx.em.clear();
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** "My tasks" in the chosen view. */
export async function* taskRows(opts: SourceOptions, view: TaskView): AsyncGenerator<ExportRow[]> {
  const { ctx } = opts;
  const tz = ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const t = translatorFor(ctx.locale);
  let cursor: string | null = null;
  for (;;) {
    const page = await listMyTasks(ctx, { view, cursor, limit: PAGE_SIZE });
    if (!page.items.length) return;
    yield page.items.map((task) => ({
      title: task.title,
      description: task.description,
      status: t(`exports.taskStatus.${task.status}`),
      dueAt: dateTimeText(task.dueAt, tz),
      subject: task.subject?.name ?? null,
      owner: task.owner.name,
      completedAt: dateTimeText(task.completedAt, tz),
    }));
    ctx.em.clear();
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Territory ids at or below `territoryId` that the user may see. */
async function subtree(opts: SourceOptions, territoryId: string): Promise<string[]> {
  const { em } = opts.ctx;
  const scope = await accessScope(opts.ctx);
  const root = await em.findOne(TerritorySchema, { id: territoryId }, { fields: ['path'] });
  if (!root) return [];
  const below = await em.find(TerritorySchema, { path: { $like: `${root.path}%` } }, { fields: ['id'] });
  return below.map((t) => t.id).filter((id) => inScope(scope, id));
}

/** Orders in the user's territories, newest first, one row per order line. */
export async function* orderRows(opts: SourceOptions, filters: OrderExportFilters): AsyncGenerator<ExportRow[]> {
  const { ctx } = opts;
  const tz = ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const scope = await accessScope(ctx);
  const base: FilterQuery<PurchaseOrder>[] = [scopeWhere(scope)];
  if (filters.from) base.push({ orderedAt: { $gte: filters.from } });
  if (filters.to) base.push({ orderedAt: { $lt: filters.to } });
  if (filters.territoryId) base.push({ territoryId: { $in: await subtree(opts, filters.territoryId) } });
  if (filters.subject) base.push({ subjectKind: filters.subject.kind, subjectId: filters.subject.id });
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const where: FilterQuery<PurchaseOrder>[] = after ? [...base, { $or: [{ orderedAt: { $lt: after.at } }, { orderedAt: after.at, id: { $lt: after.id } }] }] : base;
    const orders = await ctx.em.find(PurchaseOrderSchema, { $and: where }, { orderBy: { orderedAt: 'desc', id: 'desc' }, limit: PAGE_SIZE });
    if (!orders.length) return;
    const [lines, names] = await Promise.all([
      ctx.em.find(OrderLineSchema, { orderId: { $in: orders.map((o) => o.id) } }, { orderBy: { orderId: 'asc', position: 'asc' } }),
      customerNames(ctx, orders.map((o) => ({ kind: o.subjectKind, id: o.subjectId }))),
    ]);
    const byOrder = new Map<string, typeof lines>();
    for (const l of lines) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), l]);
    const rows: ExportRow[] = [];
    for (const o of orders) {
      const header = {
        externalId: o.externalId,
        orderNo: o.orderNo,
        orderedAt: dateText(o.orderedAt, tz),
        institution: o.subjectKind === 'institution' ? (names.get(`institution:${o.subjectId}`) ?? null) : null,
        person: o.subjectKind === 'person' ? (names.get(`person:${o.subjectId}`) ?? null) : null,
        totalAmount: Number(normaliseMoney(o.totalAmount)),
        paymentMethod: label('paymentMethod', o.paymentMethod, ctx.locale),
        shippingAddress: o.shippingAddress,
        invoiceNo: o.invoiceNo,
        remarks: o.remarks,
      };
      const own = byOrder.get(o.id) ?? [];
      if (!own.length) rows.push({ ...header, product: null, spec: null, quantity: null, unitPrice: null, lineTotal: null });
      for (const l of own) rows.push({ ...header, product: l.productName, spec: l.spec, quantity: l.quantity, unitPrice: Number(normaliseMoney(l.unitPrice)), lineTotal: Number(normaliseMoney(l.lineTotal)) });
    }
    yield rows;
    const last = orders[orders.length - 1]!;
    after = { at: last.orderedAt, id: last.id };
    ctx.em.clear();
    if (orders.length < PAGE_SIZE) return;
  }
}

