import { z } from 'zod';
import { PRODUCT_CATEGORIES, PRODUCT_STATUSES } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { createProduct, listProducts, updateProduct } from '@/server/services/work/products';
import { middleware, requirePermission, router, tenantProcedure, toTrpcError } from '@/server/trpc/init';
import { id, optionalText, text } from './work-inputs';

/** The catalogue is read by everyone who logs visits or orders, not only by who maintains it. */
const CATALOGUE_READERS = ['products.manage', 'interactions.read', 'interactions.write', 'orders.read', 'orders.write'] as const;
const catalogueReader = tenantProcedure.use(
  middleware(({ ctx, next }) => {
    if (!CATALOGUE_READERS.some((p) => ctx.permissions.has(p))) throw toTrpcError(errors.forbidden(CATALOGUE_READERS.join(' / ')));
    return next();
  }),
);

const productInput = z.object({
  code: optionalText(50),
  name: text(200),
  genericName: optionalText(200),
  spec: optionalText(100),
  category: z.enum(PRODUCT_CATEGORIES),
  status: z.enum(PRODUCT_STATUSES),
});

export const productsRouter = router({
  list: catalogueReader.input(z.object({ includeInactive: z.boolean() })).query(({ ctx, input }) => listProducts(ctx, input)),
  create: requirePermission('products.manage').input(productInput).mutation(({ ctx, input }) => createProduct(ctx, input)),
  update: requirePermission('products.manage')
    .input(productInput.extend({ id }))
    .mutation(({ ctx, input: { id: productId, ...input } }) => updateProduct(ctx, productId, input)),
});
