import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { InstitutionSchema, PersonSchema, TIERS, type Tier } from '@/server/db/entities';
import { accessScope } from './access';
import type { CustomerContext } from './context';

/**
 * "Customers by tier" for the dashboard: current people and institutions in the user's
 * territories, per tier (A/B/C and not yet tiered). One grouped query per kind.
 */
export async function customersByTier(ctx: CustomerContext) {
  const em = ctx.em as SqlEntityManager;
  const scope = await accessScope(ctx);
  const count = async (schema: typeof PersonSchema | typeof InstitutionSchema) => {
    const where: Record<string, unknown> = { tenantId: ctx.tenant.id, deletedAt: null, ...(scope.all ? {} : { territoryId: { $in: scope.territoryIds } }) };
    const rows = (await em
      .createQueryBuilder(schema as typeof PersonSchema, 'c')
      .select(['c.tier', raw('count(*) as n')])
      .where(where as never)
      .groupBy('c.tier')
      .execute('all', false)) as unknown as { tier: string | null; n: number | string }[];
    const out: Record<Tier | 'none', number> = { A: 0, B: 0, C: 0, none: 0 };
    for (const r of rows) out[r.tier && (TIERS as readonly string[]).includes(r.tier) ? (r.tier as Tier) : 'none'] += Number(r.n);
    return out;
  };
  const [people, institutions] = await Promise.all([count(PersonSchema), count(InstitutionSchema)]);
  return { people, institutions };
}
