/**
 * 医药代表备案 (issue 4): an unfiled or expired rep cannot log promotional interactions (those that
 * discuss products); a contact without products stays possible, and a filed rep is not held up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RepFilingSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { createTenantWithAdmin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, visit, type WorkWorld } from './work-fixtures';

forEachDatabase((db) => {
  let world: WorkWorld;
  let unfiled: { id: string; api: Caller };
  let expired: { id: string; api: Caller };
  let filed: { id: string; api: Caller };

  beforeAll(async () => {
    const { tenant } = await createTenantWithAdmin(`Rep filing ${db.driver}`);
    world = await seedWorld(tenant.id);
    unfiled = await member(tenant.id, ['rep'], [world.north], { filed: false });
    expired = await member(tenant.id, ['rep'], [world.north], { filed: false });
    filed = await member(tenant.id, ['rep'], [world.north]);
    const em = await forkEm(tenant.id);
    em.create(RepFilingSchema, {
      userId: expired.id,
      filingNumber: 'BA-2020-0001',
      authority: null,
      validFrom: '2020-01-01',
      validUntil: '2021-12-31',
      productIds: [],
      status: 'active',
      note: null,
      recordedBy: expired.id,
      revokedAt: null,
      revokedBy: null,
      revokedReason: null,
    });
    await em.flush();
  });

  const interactions = () => db.sql<{ n: number }>('select count(*) as n from interaction').then((r) => Number(r[0]!.n));

  describe('promotional interactions need a valid filing', () => {
    it('refuses an unfiled rep, with a translated reason, and writes nothing', async () => {
      const before = await interactions();
      const failure = await failureOf(unfiled.api.interactions.log(visit(world)));
      expect(failure.appCode).toBe('REP_NOT_FILED');
      expect(await interactions()).toBe(before);
    });

    it('refuses a rep whose filing has expired', async () => {
      expect((await failureOf(expired.api.interactions.log(visit(world)))).appCode).toBe('REP_FILING_EXPIRED');
    });

    it('lets the unfiled rep record a contact that discusses no product', async () => {
      const { id } = await unfiled.api.interactions.log(visit(world, { productIds: [], channel: 'phone' }));
      expect(id).toBeTruthy();
    });

    it('lets a filed rep log a promotional visit', async () => {
      const { id } = await filed.api.interactions.log(visit(world));
      expect(id).toBeTruthy();
    });
  });
});
