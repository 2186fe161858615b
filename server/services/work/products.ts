import { ProductSchema, type Product, type ProductCategory, type ProductStatus } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { changes, invalid } from './shared';

export interface ProductInput {
  code: string | null;
  name: string;
  genericName: string | null;
  spec: string | null;
  category: ProductCategory;
  status: ProductStatus;
}

function view(p: Product) {
  return { id: p.id, code: p.code, name: p.name, genericName: p.genericName, spec: p.spec, category: p.category, status: p.status, updatedAt: p.updatedAt };
}
export type ProductView = ReturnType<typeof view>;

/** The catalogue, active products first. Pickers ask for active ones only; the admin page for all. */
export async function listProducts(ctx: TenantContext, opts: { includeInactive: boolean }) {
  const rows = await ctx.em.find(ProductSchema, opts.includeInactive ? {} : { status: 'active' }, { orderBy: { status: 'asc', name: 'asc' } });
  return rows.map(view);
}

async function assertCodeFree(ctx: TenantContext, code: string | null, exceptId?: string) {
  if (!code) return;
  const other = await ctx.em.findOne(ProductSchema, { code, ...(exceptId ? { id: { $ne: exceptId } } : {}) }, { fields: ['id'] });
  if (other) throw invalid('code', 'products.errors.codeTaken', { code });
}

export async function createProduct(ctx: TenantContext, input: ProductInput) {
  await assertCodeFree(ctx, input.code);
  const p = ctx.em.create(ProductSchema, { ...input });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'product.created', entity: 'Product', entityId: p.id, changes: { ...input } });
  return view(p);
}

export async function updateProduct(ctx: TenantContext, id: string, input: ProductInput) {
  const p = await ctx.em.findOne(ProductSchema, { id });
  if (!p) throw errors.notFound('product');
  await assertCodeFree(ctx, input.code, id);
  const diff = changes(p, input);
  Object.assign(p, input);
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'product.updated', entity: 'Product', entityId: p.id, changes: diff });
  return view(p);
}
