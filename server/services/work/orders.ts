import { randomBytes } from 'node:crypto';
import { InstitutionSchema, OrderLineSchema, PersonSchema, ProductSchema, PurchaseOrderSchema, type CustomerKind, type OrderLine, type PaymentMethod, type PurchaseOrder } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { accessScope, scopeWhere } from '@/server/services/customers/access';
import { zonedDate } from './dates';
import { MAX_CENTS, fromCents, normaliseMoney, toCents } from './money';
import { listProducts } from './products';
import { changes, customerNames, customerSubject, invalid, userNames } from './shared';

export interface OrderLineInput {
  productId: string | null;
  productName: string | null;
  spec: string | null;
  quantity: number;
  /** Decimal string, e.g. "128.50". */
  unitPrice: string;
}

export interface OrderInput {
  orderNo: string | null;
  orderedAt: Date;
  paymentMethod: PaymentMethod | null;
  shippingAddress: string | null;
  invoiceNo: string | null;
  remarks: string | null;
  lines: OrderLineInput[];
}

/**
 * Prices the lines in integer cents: a line total is quantity × unit price, the order total their
 * sum. Catalogue lines take the product's name and (unless given) its spec, so the order keeps
 * what was sold even if the catalogue changes later.
 */
async function priceLines(ctx: TenantContext, lines: OrderLineInput[]) {
  const productIds = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = productIds.length ? await ctx.em.find(ProductSchema, { id: { $in: productIds } }) : [];
  const byId = new Map(products.map((p) => [p.id, p]));
  let total = 0n;
  const priced = lines.map((l, i) => {
    const product = l.productId ? byId.get(l.productId) : undefined;
    if (l.productId && !product) throw invalid(`lines.${i}.productId`, 'orders.errors.product');
    const name = product?.name ?? l.productName?.trim();
    if (!name) throw invalid(`lines.${i}.productName`, 'orders.errors.productName');
    const lineTotal = toCents(l.unitPrice) * BigInt(l.quantity);
    if (lineTotal > MAX_CENTS) throw invalid(`lines.${i}.unitPrice`, 'orders.errors.tooLarge');
    total += lineTotal;
    return { productId: product?.id ?? null, productName: name, spec: l.spec?.trim() || product?.spec || null, quantity: l.quantity, unitPrice: normaliseMoney(l.unitPrice), lineTotal: fromCents(lineTotal) };
  });
  if (total > MAX_CENTS) throw invalid('lines', 'orders.errors.tooLarge');
  return { lines: priced, total: fromCents(total) };
}

async function orderNumber(ctx: TenantContext, wanted: string | null, orderedAt: Date, exceptId?: string): Promise<string> {
  if (wanted) {
    const taken = await ctx.em.findOne(PurchaseOrderSchema, { orderNo: wanted, ...(exceptId ? { id: { $ne: exceptId } } : {}) }, { fields: ['id'] });
    if (taken) throw invalid('orderNo', 'orders.errors.orderNoTaken', { orderNo: wanted });
    return wanted;
  }
  // Unique enough to never clash in practice, readable over the phone: SO-20250314-7K3Q9.
  const day = zonedDate(orderedAt, ctx.tenant.settings.timezone).replace(/-/g, '');
  return `SO-${day}-${randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(5, '0').slice(-5)}`;
}

function lineView(l: Pick<OrderLine, 'id' | 'productId' | 'productName' | 'spec' | 'quantity' | 'unitPrice' | 'lineTotal'>) {
  return { id: l.id, productId: l.productId, productName: l.productName, spec: l.spec, quantity: l.quantity, unitPrice: normaliseMoney(l.unitPrice), lineTotal: normaliseMoney(l.lineTotal) };
}

async function orderView(ctx: TenantContext, o: PurchaseOrder, lines: OrderLine[]) {
  const [subjects, users] = await Promise.all([customerNames(ctx, [{ kind: o.subjectKind, id: o.subjectId }]), userNames(ctx, [o.createdBy])]);
  return {
    id: o.id,
    orderNo: o.orderNo,
    orderedAt: o.orderedAt,
    subject: { kind: o.subjectKind, id: o.subjectId, name: subjects.get(`${o.subjectKind}:${o.subjectId}`) ?? '' },
    paymentMethod: o.paymentMethod,
    shippingAddress: o.shippingAddress,
    invoiceNo: o.invoiceNo,
    remarks: o.remarks,
    totalAmount: normaliseMoney(o.totalAmount),
    lines: lines.map(lineView),
    createdBy: o.createdBy ? { id: o.createdBy, name: users.get(o.createdBy) ?? '' } : null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
export type OrderView = Awaited<ReturnType<typeof orderView>>;

function header(input: OrderInput) {
  return {
    orderedAt: input.orderedAt,
    paymentMethod: input.paymentMethod,
    shippingAddress: input.shippingAddress,
    invoiceNo: input.invoiceNo,
    remarks: input.remarks,
  };
}

export async function createOrder(ctx: TenantContext, input: OrderInput & { subjectKind: CustomerKind; subjectId: string }) {
  const subject = await customerSubject(ctx, input.subjectKind, input.subjectId);
  const { lines, total } = await priceLines(ctx, input.lines);
  const order = ctx.em.create(PurchaseOrderSchema, {
    externalId: null,
    subjectKind: subject.kind,
    subjectId: subject.id,
    territoryId: subject.territoryId,
    orderNo: await orderNumber(ctx, input.orderNo, input.orderedAt),
    ...header(input),
    totalAmount: total,
    createdBy: ctx.session.user.id,
  });
  await ctx.em.flush();
  const rows = lines.map((l, position) => ctx.em.create(OrderLineSchema, { orderId: order.id, position, ...l }));
  await ctx.em.flush();
  await recordAudit(ctx.em, {
    ...auditMeta(ctx),
    action: 'order.created',
    entity: 'PurchaseOrder',
    entityId: order.id,
    changes: { subject: `${subject.kind}:${subject.id}`, orderNo: order.orderNo, totalAmount: total, lines: lines.map((l) => `${l.productName} × ${l.quantity} @ ${l.unitPrice}`) },
  });
  return orderView(ctx, order, rows);
}

async function visibleOrder(ctx: TenantContext, id: string): Promise<PurchaseOrder> {
  const scope = await accessScope(ctx);
  const order = await ctx.em.findOne(PurchaseOrderSchema, { id, ...scopeWhere(scope) });
  if (!order) throw errors.notFound('order');
  return order;
}

/** Replaces the header and the lines; the total is recomputed, never taken from the client. */
export async function updateOrder(ctx: TenantContext, id: string, input: OrderInput) {
  const order = await visibleOrder(ctx, id);
  const before = await ctx.em.find(OrderLineSchema, { orderId: id }, { orderBy: { orderId: 'asc', position: 'asc' } });
  const { lines, total } = await priceLines(ctx, input.lines);
  const next = { ...header(input), orderNo: input.orderNo ? await orderNumber(ctx, input.orderNo, input.orderedAt, id) : order.orderNo };
  const diff: Record<string, unknown> = changes(order, next);
  if (normaliseMoney(order.totalAmount) !== total) diff.totalAmount = { from: normaliseMoney(order.totalAmount), to: total };
  const describe = (l: { productName: string; quantity: number; unitPrice: string | number }) => `${l.productName} × ${l.quantity} @ ${normaliseMoney(l.unitPrice)}`;
  const linesBefore = before.map(describe);
  const linesAfter = lines.map(describe);
  if (JSON.stringify(linesBefore) !== JSON.stringify(linesAfter)) diff.lines = { from: linesBefore, to: linesAfter };

  Object.assign(order, next, { totalAmount: total });
  for (const l of before) ctx.em.remove(l);
  const rows = lines.map((l, position) => ctx.em.create(OrderLineSchema, { orderId: id, position, ...l }));
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'order.updated', entity: 'PurchaseOrder', entityId: id, changes: diff });
  return orderView(ctx, order, rows);
}

export async function getOrder(ctx: TenantContext, id: string) {
  const order = await visibleOrder(ctx, id);
  const lines = await ctx.em.find(OrderLineSchema, { orderId: id }, { orderBy: { orderId: 'asc', position: 'asc' } });
  return orderView(ctx, order, lines);
}

/** A customer's purchase history, newest first, with a one-line summary of what was bought. */
export async function ordersForCustomer(ctx: TenantContext, kind: CustomerKind, id: string, limit: number) {
  await customerSubject(ctx, kind, id);
  const orders = await ctx.em.find(PurchaseOrderSchema, { subjectKind: kind, subjectId: id }, { orderBy: { orderedAt: 'desc', id: 'desc' }, limit });
  const lines = orders.length ? await ctx.em.find(OrderLineSchema, { orderId: { $in: orders.map((o) => o.id) } }, { orderBy: { orderId: 'asc', position: 'asc' } }) : [];
  return orders.map((o) => ({
    id: o.id,
    orderNo: o.orderNo,
    orderedAt: o.orderedAt,
    paymentMethod: o.paymentMethod,
    invoiceNo: o.invoiceNo,
    totalAmount: normaliseMoney(o.totalAmount),
    lines: lines.filter((l) => l.orderId === o.id).map(lineView),
  }));
}

/**
 * What the order form needs: the customer (access-checked), the active catalogue, and the address
 * goods usually go to — the institution's, or a person's primary institution's.
 */
export async function orderFormContext(ctx: TenantContext, kind: CustomerKind, id: string) {
  const subject = await customerSubject(ctx, kind, id);
  const institutionId = kind === 'institution' ? id : ((await ctx.em.findOne(PersonSchema, { id }, { fields: ['primaryInstitutionId'] }))?.primaryInstitutionId ?? null);
  const place = institutionId ? await ctx.em.findOne(InstitutionSchema, { id: institutionId }, { fields: ['province', 'city', 'district', 'street'] }) : null;
  const parts = place ? [place.province, place.city, place.district, place.street].filter((x): x is string => Boolean(x)) : [];
  // 北京市 + 北京市 (municipalities) would repeat: keep each part once.
  const address = [...new Set(parts)].join('');
  return { subject, products: await listProducts(ctx, { includeInactive: false }), address: address || null };
}
