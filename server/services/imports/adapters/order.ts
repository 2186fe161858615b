import { randomBytes } from 'node:crypto';
import { OrderLineSchema, PurchaseOrderSchema, type CustomerKind, type PaymentMethod } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { inScope } from '@/server/services/customers/access';
import { zonedDate } from '@/server/services/work/dates';
import { fromCents, MAX_CENTS, normaliseMoney, toCents } from '@/server/services/work/money';
import type { ApplyOutcome, ImportAdapter, ImportFieldDef, ImportRun, RawRow, ValidatedRow } from '../types';
import { choice, dateTime, integer, money, text } from '../values';
import { choices } from './choices';
import { institutionResolver, ProblemList } from './common';
import { personResolver, productRef } from './lookups';
import { insertAll } from './shared-writes';

/**
 * Purchase history. A sheet has one row per order line; rows with the same external id (or,
 * without one, the same order number) are the lines of one order, whose header (date, customer,
 * payment…) the first of them gives. Totals are computed from the lines in integer cents, as the
 * order form does; re-importing an order replaces its lines.
 */

const MAX_QUANTITY = 10_000_000;
const EARLIEST = new Date('2000-01-01T00:00:00Z');

export interface OrderPrepared {
  externalId: string | null;
  orderNo: string | null;
  orderedAt: string;
  subjectKind: CustomerKind;
  subjectId: string;
  territoryId: string | null;
  paymentMethod: PaymentMethod | null;
  shippingAddress: string | null;
  invoiceNo: string | null;
  remarks: string | null;
  line: { productId: string | null; productName: string; spec: string | null; quantity: number; unitPrice: string; lineTotal: string };
}

const FIELDS: ImportFieldDef[] = [
  { key: 'externalId', labelKey: 'imports.fields.order.externalId', synonyms: ['外部编号', '外部ID', '订单ID', 'external id', 'ID'], required: false, hintKey: 'imports.hints.orderKey' },
  { key: 'orderNo', labelKey: 'imports.fields.order.orderNo', synonyms: ['订单号', '订单编号', '单号', 'order no', 'order number', 'order'], required: false, hintKey: 'imports.hints.orderKey' },
  { key: 'orderedAt', labelKey: 'imports.fields.order.orderedAt', synonyms: ['订单日期', '下单日期', '日期', '采购日期', 'order date', 'date'], required: true, hintKey: 'imports.hints.date' },
  { key: 'institution', labelKey: 'imports.fields.order.institution', synonyms: ['客户', '采购单位', '医院', '机构', '客户名称', 'customer', 'institution', 'hospital'], required: false, hintKey: 'imports.hints.orderCustomer' },
  { key: 'person', labelKey: 'imports.fields.order.person', synonyms: ['个人客户', '联系人', '购买人', 'person', 'buyer'], required: false, hintKey: 'imports.hints.orderCustomer' },
  { key: 'product', labelKey: 'imports.fields.order.product', synonyms: ['产品', '产品名称', '品名', '商品', '产品编码', 'product', 'product name', 'item'], required: true, hintKey: 'imports.hints.product' },
  { key: 'spec', labelKey: 'imports.fields.order.spec', synonyms: ['规格', '包装规格', 'spec', 'specification'], required: false },
  { key: 'quantity', labelKey: 'imports.fields.order.quantity', synonyms: ['数量', '采购数量', 'quantity', 'qty'], required: true },
  { key: 'unitPrice', labelKey: 'imports.fields.order.unitPrice', synonyms: ['单价', '价格', 'unit price', 'price'], required: true, hintKey: 'imports.hints.money' },
  { key: 'lineTotal', labelKey: 'imports.fields.order.lineTotal', synonyms: ['金额', '小计', '行金额', 'amount', 'line total', 'subtotal'], required: false, hintKey: 'imports.hints.lineTotal' },
  { key: 'paymentMethod', labelKey: 'imports.fields.order.paymentMethod', synonyms: ['付款方式', '支付方式', '结算方式', 'payment method', 'payment'], required: false, hintKey: 'imports.hints.paymentMethod' },
  { key: 'shippingAddress', labelKey: 'imports.fields.order.shippingAddress', synonyms: ['收货地址', '送货地址', '配送地址', 'shipping address', 'ship to'], required: false },
  { key: 'invoiceNo', labelKey: 'imports.fields.order.invoiceNo', synonyms: ['发票号', '发票号码', 'invoice no', 'invoice number', 'invoice'], required: false },
  { key: 'remarks', labelKey: 'imports.fields.order.remarks', synonyms: ['备注', '说明', 'remarks', 'notes', 'comments'], required: false },
];

async function validate(rows: RawRow[], run: ImportRun): Promise<ValidatedRow<OrderPrepared>[]> {
  const c = choices();
  const tz = run.ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const resolveInstitution = await institutionResolver(run.ctx.em, run.scope, rows.map((r) => r.raw.institution ?? ''));
  const resolvePerson = await personResolver(run, rows.map((r) => r.raw.person ?? ''));
  const externalIds = [...new Set(rows.map((r) => r.raw.externalId).filter((x): x is string => !!x))];
  const existing = externalIds.length ? new Set((await run.ctx.em.find(PurchaseOrderSchema, { externalId: { $in: externalIds } }, { fields: ['externalId'] })).map((o) => o.externalId!)) : new Set<string>();

  const out: ValidatedRow<OrderPrepared>[] = [];
  for (const r of rows) {
    const p = new ProblemList();
    const raw = r.raw;
    const externalId = p.take('externalId', text(raw.externalId ?? '', 100)) ?? null;
    const orderNo = p.take('orderNo', text(raw.orderNo ?? '', 64)) ?? null;
    if (!externalId && !orderNo && p.empty) p.add('orderNo', 'imports.problems.orderKeyRequired');
    const orderedAt = p.take('orderedAt', dateTime(raw.orderedAt ?? '', tz, '12:00'));
    if (orderedAt === null) p.add('orderedAt', 'imports.problems.required');
    else if (orderedAt && orderedAt < EARLIEST) p.add('orderedAt', 'imports.problems.tooEarly');

    let subject: { kind: CustomerKind; id: string; territoryId: string | null } | null = null;
    const instRef = raw.institution?.trim();
    const personRef = raw.person?.trim();
    if (instRef && personRef) p.add('person', 'imports.problems.oneCustomer');
    else if (instRef) {
      const inst = resolveInstitution(instRef);
      if (inst === 'ambiguous') p.add('institution', 'imports.problems.institutionAmbiguous', { value: instRef });
      else if (!inst) p.add('institution', 'imports.problems.institutionNotFound', { value: instRef });
      else subject = { kind: 'institution', id: inst.id, territoryId: inst.territoryId };
    } else if (personRef) {
      const person = resolvePerson(personRef, null);
      if (person === 'ambiguous') p.add('person', 'imports.problems.personAmbiguous', { value: personRef });
      else if (!person) p.add('person', 'imports.problems.personNotFound', { value: personRef });
      else subject = { kind: 'person', id: person.id, territoryId: person.territoryId };
    } else p.add('institution', 'imports.problems.customerRequired');

    const productText = raw.product?.trim() ?? '';
    let product: { id: string | null; name: string; spec: string | null } | null = null;
    if (!productText) p.add('product', 'imports.problems.required');
    else if (productText.length > 200) p.add('product', 'imports.problems.tooLong', { max: 200 });
    else {
      const hit = await productRef(run, productText);
      if (hit === 'ambiguous') p.add('product', 'imports.problems.productAmbiguous', { value: productText });
      // Not in the catalogue: kept by name, as the order form allows.
      else product = hit ?? { id: null, name: productText, spec: null };
    }
    const spec = p.take('spec', text(raw.spec ?? '', 100)) ?? null;
    const quantity = p.take('quantity', integer(raw.quantity ?? '', 1, MAX_QUANTITY));
    if (quantity === null) p.add('quantity', 'imports.problems.required');
    const unitPrice = p.take('unitPrice', money(raw.unitPrice ?? ''));
    if (unitPrice === null) p.add('unitPrice', 'imports.problems.required');
    let lineTotal: string | null = null;
    if (quantity && unitPrice) {
      const cents = toCents(unitPrice) * BigInt(quantity);
      if (cents > MAX_CENTS) p.add('unitPrice', 'imports.problems.tooLarge');
      lineTotal = fromCents(cents);
      const given = p.take('lineTotal', money(raw.lineTotal ?? ''));
      if (given && toCents(given) !== cents) p.add('lineTotal', 'imports.problems.lineTotalMismatch', { expected: lineTotal });
    }
    const paymentMethod = p.take('paymentMethod', choice(raw.paymentMethod ?? '', c.paymentMethod, run.ctx.locale)) ?? null;
    const shippingAddress = p.take('shippingAddress', text(raw.shippingAddress ?? '', 300)) ?? null;
    const invoiceNo = p.take('invoiceNo', text(raw.invoiceNo ?? '', 64)) ?? null;
    const remarks = p.take('remarks', text(raw.remarks ?? '', 5000)) ?? null;
    if (subject && p.empty && !inScope(run.scope, subject.territoryId)) p.add(subject.kind === 'person' ? 'person' : 'institution', 'imports.problems.outOfScope');

    const ready = p.empty && subject && product && orderedAt && quantity && unitPrice && lineTotal;
    out.push({
      ...r,
      problems: p.items,
      action: p.empty ? (externalId && existing.has(externalId) ? 'update' : 'create') : null,
      prepared: ready
        ? {
            externalId,
            orderNo,
            orderedAt: orderedAt.toISOString(),
            subjectKind: subject!.kind,
            subjectId: subject!.id,
            territoryId: subject!.territoryId,
            paymentMethod,
            shippingAddress,
            invoiceNo,
            remarks,
            line: { productId: product!.id, productName: product!.name, spec: spec ?? product!.spec, quantity: quantity!, unitPrice: normaliseMoney(unitPrice!), lineTotal: lineTotal! },
          }
        : null,
    });
  }
  return out;
}

/** Orders this import has already written (by key), across batches: later lines join them. */
interface Touched {
  id: string;
  nextPosition: number;
  /** Created by this import: all its lines count as created rows. */
  created: boolean;
}

function touchedOf(run: ImportRun): Map<string, Touched> {
  let map = run.cache.get('orders') as Map<string, Touched> | undefined;
  if (!map) {
    map = new Map();
    run.cache.set('orders', map);
  }
  return map;
}

/** Same shape as the order form's generated numbers: SO-20250314-7K3Q9. */
function generatedOrderNo(orderedAt: Date, timeZone: string): string {
  const day = zonedDate(orderedAt, timeZone).replace(/-/g, '');
  return `SO-${day}-${randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(5, '0').slice(-5)}`;
}

async function apply(rows: (RawRow & { prepared: OrderPrepared })[], run: ImportRun): Promise<ApplyOutcome[]> {
  const { em } = run.ctx;
  const tenantId = run.ctx.tenant.id;
  const tz = run.ctx.tenant.settings.timezone ?? 'Asia/Shanghai';
  const touched = touchedOf(run);
  const keyOf = (p: OrderPrepared) => (p.externalId ? `e:${p.externalId}` : `n:${p.orderNo}`);

  const fresh = rows.filter((r) => !touched.has(keyOf(r.prepared)));
  const externalIds = [...new Set(fresh.map((r) => r.prepared.externalId).filter((x): x is string => !!x))];
  const orderNos = [...new Set(fresh.map((r) => r.prepared.orderNo).filter((x): x is string => !!x))];
  const [byExternal, byNumber] = await Promise.all([
    externalIds.length ? em.find(PurchaseOrderSchema, { externalId: { $in: externalIds } }, { fields: ['id', 'externalId', 'orderNo', 'territoryId'] }) : [],
    orderNos.length ? em.find(PurchaseOrderSchema, { orderNo: { $in: orderNos } }, { fields: ['id', 'externalId', 'orderNo'] }) : [],
  ]);
  const existingByExternal = new Map(byExternal.map((o) => [o.externalId!, o]));
  const numberOwner = new Map(byNumber.map((o) => [o.orderNo, o.id]));

  const now = new Date();
  const newOrders = new Map<string, Record<string, unknown>>();
  const headerUpdates = new Map<string, Record<string, unknown>>();
  const lines: Record<string, unknown>[] = [];
  const addedCents = new Map<string, bigint>();
  const replacedLines: string[] = [];
  const outcomes: ApplyOutcome[] = [];

  for (const row of rows) {
    const prep = row.prepared;
    const key = keyOf(prep);
    let order = touched.get(key);
    if (!order) {
      const existing = prep.externalId ? existingByExternal.get(prep.externalId) : undefined;
      const ownerOfNumber = prep.orderNo ? numberOwner.get(prep.orderNo) : undefined;
      if (existing && !inScope(run.scope, existing.territoryId)) {
        outcomes.push({ rowNumber: row.rowNumber, result: 'invalid', problems: [{ field: 'externalId', key: 'imports.problems.recordOutOfScope', values: { value: prep.externalId! } }] });
        continue;
      }
      if (ownerOfNumber && ownerOfNumber !== existing?.id) {
        // Without an external id, an order number already on file is the same order sent twice.
        outcomes.push({
          rowNumber: row.rowNumber,
          result: prep.externalId ? 'invalid' : 'duplicate',
          problems: [{ field: 'orderNo', key: prep.externalId ? 'imports.problems.orderNoTaken' : 'imports.problems.orderDuplicate', values: { value: prep.orderNo! } }],
        });
        continue;
      }
      const header = {
        orderedAt: new Date(prep.orderedAt),
        subjectKind: prep.subjectKind,
        subjectId: prep.subjectId,
        territoryId: prep.territoryId,
        paymentMethod: prep.paymentMethod,
        shippingAddress: prep.shippingAddress,
        invoiceNo: prep.invoiceNo,
        remarks: prep.remarks,
      };
      if (existing) {
        order = { id: existing.id, nextPosition: 0, created: false };
        replacedLines.push(existing.id);
        headerUpdates.set(existing.id, { ...header, ...(prep.orderNo ? { orderNo: prep.orderNo } : {}), updatedAt: now });
      } else {
        order = { id: newId(), nextPosition: 0, created: true };
        const orderNo = prep.orderNo ?? generatedOrderNo(header.orderedAt, tz);
        newOrders.set(order.id, { id: order.id, tenantId, externalId: prep.externalId, orderNo, ...header, totalAmount: '0.00', createdBy: run.ctx.session.user.id, createdAt: now, updatedAt: now });
        if (prep.orderNo) numberOwner.set(prep.orderNo, order.id);
      }
      touched.set(key, order);
      addedCents.set(order.id, 0n);
    }
    lines.push({ id: newId(), tenantId, orderId: order.id, position: order.nextPosition++, ...prep.line });
    addedCents.set(order.id, (addedCents.get(order.id) ?? 0n) + toCents(prep.line.lineTotal));
    outcomes.push({ rowNumber: row.rowNumber, result: order.created ? 'created' : 'updated', recordId: order.id });
  }

  if (replacedLines.length) await em.nativeDelete(OrderLineSchema, { orderId: { $in: replacedLines } });
  for (const [id, header] of headerUpdates) await em.nativeUpdate(PurchaseOrderSchema, { id }, header);
  for (const [id, cents] of addedCents) {
    const row = newOrders.get(id);
    if (row) row.totalAmount = fromCents(cents);
  }
  await insertAll(em, PurchaseOrderSchema, [...newOrders.values()]);
  await insertAll(em, OrderLineSchema, lines);
  // Orders that existed before this batch (updated, or started in an earlier batch): total from their lines.
  const recount = [...addedCents.keys()].filter((id) => !newOrders.has(id));
  if (recount.length) {
    const stored = await em.find(OrderLineSchema, { orderId: { $in: recount } }, { fields: ['orderId', 'lineTotal'] });
    const totals = new Map<string, bigint>();
    for (const l of stored) totals.set(l.orderId, (totals.get(l.orderId) ?? 0n) + toCents(l.lineTotal));
    for (const id of recount) await em.nativeUpdate(PurchaseOrderSchema, { id }, { totalAmount: fromCents(totals.get(id) ?? 0n), updatedAt: now });
  }
  return outcomes;
}

export const orderAdapter: ImportAdapter<OrderPrepared> = {
  entity: 'order',
  writePermission: 'orders.write',
  fields: () => FIELDS,
  validate,
  apply,
};
