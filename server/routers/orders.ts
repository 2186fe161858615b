import { z } from 'zod';
import { PAYMENT_METHODS } from '@/server/db/entities';
import { MONEY_PATTERN } from '@/server/services/work/money';
import { createOrder, getOrder, orderFormContext, ordersForCustomer, updateOrder } from '@/server/services/work/orders';
import { requirePermission, router } from '@/server/trpc/init';
import { customer, customerKind, id, limit, optionalId, optionalText } from './work-inputs';

const line = z.object({
  productId: optionalId,
  productName: optionalText(200),
  spec: optionalText(100),
  quantity: z.number().int().min(1).max(10_000_000),
  unitPrice: z.string().trim().regex(MONEY_PATTERN),
});

const orderInput = z.object({
  orderNo: optionalText(64),
  orderedAt: z.date().min(new Date('2000-01-01T00:00:00Z')),
  paymentMethod: z.enum(PAYMENT_METHODS).nullish().transform((v) => v ?? null),
  shippingAddress: optionalText(300),
  invoiceNo: optionalText(64),
  remarks: optionalText(5000),
  lines: z.array(line).min(1).max(200),
});

export const ordersRouter = router({
  formContext: requirePermission('orders.write')
    .input(z.object({ subjectKind: customerKind, subjectId: id }))
    .query(({ ctx, input }) => orderFormContext(ctx, input.subjectKind, input.subjectId)),
  create: requirePermission('orders.write')
    .input(orderInput.extend({ subjectKind: customerKind, subjectId: id }))
    .mutation(({ ctx, input }) => createOrder(ctx, input)),
  update: requirePermission('orders.write')
    .input(orderInput.extend({ id }))
    .mutation(({ ctx, input: { id: orderId, ...input } }) => updateOrder(ctx, orderId, input)),
  get: requirePermission('orders.read').input(z.object({ id })).query(({ ctx, input }) => getOrder(ctx, input.id)),
  forCustomer: requirePermission('orders.read').input(z.object({ ...customer, limit })).query(({ ctx, input }) => ordersForCustomer(ctx, input.kind, input.id, input.limit)),
});
