/**
 * Record-level access to customers (issue 3, "Must show"): a rep sees the customers of their own
 * territories only — by id, in lists, in search, in counts, in the timeline — a manager sees the
 * team's (everything below the territory they lead), admin and compliance see everything. Writes
 * follow the same rule: nothing can be created or moved outside one's territories.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf, forEachDatabase } from '../support/db';
import { doctor, FIRST_PAGE, hospital, setupCompany, type Company } from './customers-fixtures';

forEachDatabase((db) => {
  let c: Company;
  const ids = { pudongHospital: '', xuhuiHospital: '', beijingHospital: '', pudongDoctor: '', xuhuiDoctor: '', beijingDoctor: '' };

  beforeAll(async () => {
    c = await setupCompany(`Access ${db.driver}`);
    ids.pudongHospital = await hospital(c, '浦东人民医院', c.territories.pudong);
    ids.xuhuiHospital = await hospital(c, '徐汇中心医院', c.territories.xuhui);
    ids.beijingHospital = await hospital(c, '朝阳第一医院', c.territories.chaoyang);
    ids.pudongDoctor = await doctor(c, '王浦东', ids.pudongHospital, { contacts: [{ kind: 'mobile', value: '13800001111' }] });
    ids.xuhuiDoctor = await doctor(c, '王徐汇', ids.xuhuiHospital, { contacts: [{ kind: 'mobile', value: '13800002222' }] });
    ids.beijingDoctor = await doctor(c, '王朝阳', ids.beijingHospital, { contacts: [{ kind: 'mobile', value: '13800003333' }] });
  });

  const listNames = async (who: keyof Company['users']) => (await c.users[who].api.customers.people.list({ filters: {}, ...FIRST_PAGE })).rows.map((r) => r.name).sort();
  const institutionNames = async (who: keyof Company['users']) => (await c.users[who].api.customers.institutions.list({ filters: {}, ...FIRST_PAGE })).rows.map((r) => r.name).sort();

  describe('a rep', () => {
    it('reads a customer of their territory by id, and gets NOT_FOUND for another territory’s', async () => {
      const rep = c.users.rep.api;
      expect((await rep.customers.people.get({ id: ids.pudongDoctor })).name).toBe('王浦东');
      const hospital = await rep.customers.institutions.get({ id: ids.pudongHospital });
      expect(hospital.name).toBe('浦东人民医院');
      expect(hospital.people.map((p) => p.name)).toEqual(['王浦东']);
      for (const id of [ids.xuhuiDoctor, ids.beijingDoctor]) {
        expect((await failureOf(rep.customers.people.get({ id }))).appCode).toBe('NOT_FOUND');
        expect((await failureOf(rep.customers.timeline({ kind: 'person', id }))).appCode).toBe('NOT_FOUND');
        expect((await failureOf(rep.customers.lifecycle.history({ kind: 'person', id }))).appCode).toBe('NOT_FOUND');
      }
      for (const id of [ids.xuhuiHospital, ids.beijingHospital]) {
        expect((await failureOf(rep.customers.institutions.get({ id }))).appCode).toBe('NOT_FOUND');
        expect((await failureOf(rep.customers.institutions.departments({ institutionId: id }))).appCode).toBe('NOT_FOUND');
      }
    });

    it('lists and counts only their territory’s customers', async () => {
      expect(await listNames('rep')).toEqual(['王浦东']);
      expect(await institutionNames('rep')).toEqual(['浦东人民医院']);
      expect(await c.users.rep.api.customers.people.count({ filters: {} })).toEqual({ count: 1, capped: false });
      // Asking for another territory by filter yields nothing rather than widening the scope.
      expect((await c.users.rep.api.customers.people.list({ filters: { territoryId: c.territories.chaoyang }, ...FIRST_PAGE })).rows).toEqual([]);
      expect((await c.users.rep.api.customers.people.list({ filters: { institutionId: ids.beijingHospital }, ...FIRST_PAGE })).rows).toEqual([]);
    });

    it('finds only their territory’s customers by name, pinyin and phone', async () => {
      const rep = c.users.rep.api;
      expect((await rep.customers.search({ q: '王', kind: 'all' })).map((h) => h.name)).toEqual(['王浦东']);
      expect((await rep.customers.search({ q: 'wang', kind: 'person' })).map((h) => h.name)).toEqual(['王浦东']);
      expect(await rep.customers.search({ q: '3333', kind: 'person' })).toEqual([]);
      expect(await rep.customers.search({ q: '朝阳', kind: 'institution' })).toEqual([]);
      expect((await rep.customers.people.list({ filters: { q: '王朝阳' }, ...FIRST_PAGE })).rows).toEqual([]);
    });

    it('cannot create, change or merge outside their territories', async () => {
      const rep = c.users.rep.api;
      const outside = await failureOf(rep.customers.institutions.create({ name: '越界医院', territoryId: c.territories.chaoyang, allowDuplicate: true } as never));
      expect(outside.appCode).toBe('VALIDATION');
      const noTerritory = await failureOf(rep.customers.institutions.create({ name: '无辖区医院', allowDuplicate: true } as never));
      expect(noTerritory.appCode).toBe('VALIDATION');
      const atForeignHospital = await failureOf(rep.customers.people.create({ name: '李四', affiliations: [{ institutionId: ids.beijingHospital, isPrimary: true }], allowDuplicate: true } as never));
      expect(atForeignHospital.appCode).toBe('VALIDATION');
      expect((await failureOf(rep.customers.people.update({ id: ids.beijingDoctor, name: '改名' }))).appCode).toBe('NOT_FOUND');
      expect((await failureOf(rep.customers.people.archive({ id: ids.xuhuiDoctor }))).appCode).toBe('NOT_FOUND');
      expect((await failureOf(rep.customers.lifecycle.change({ kind: 'person', id: ids.beijingDoctor, field: 'tier', value: 'A', reason: 'x' }))).appCode).toBe('NOT_FOUND');
      // Moving a hospital of theirs to another territory is refused too.
      expect((await failureOf(rep.customers.institutions.update({ id: ids.pudongHospital, territoryId: c.territories.chaoyang }))).appCode).toBe('VALIDATION');
      // Merge needs customers.merge, which reps do not hold.
      expect((await failureOf(rep.customers.merge.run({ kind: 'person', keepId: ids.pudongDoctor, mergeId: ids.beijingDoctor }))).code).toBe('FORBIDDEN');
      const rows = await db.sql<{ name: string }>(`select name from person where id = ?`, [ids.beijingDoctor]);
      expect(rows).toEqual([{ name: '王朝阳' }]);
    });

    it('creates within their territory and then sees what they created', async () => {
      const rep = c.users.rep.api;
      const r = await rep.customers.people.create({ name: '陈新', affiliations: [{ institutionId: ids.pudongHospital, isPrimary: true }] } as never);
      expect(r.status).toBe('created');
      const id = (r as { id: string }).id;
      const p = await rep.customers.people.get({ id });
      expect(p.territory?.id).toBe(c.territories.pudong);
      expect(await listNames('rep')).toEqual(['王浦东', '陈新'].sort());
      await rep.customers.people.archive({ id });
      expect(await listNames('rep')).toEqual(['王浦东']);
    });
  });

  it('a manager sees every territory of their team (the region below them), nothing else', async () => {
    expect(await listNames('manager')).toEqual(['王徐汇', '王浦东'].sort());
    expect(await institutionNames('manager')).toEqual(['徐汇中心医院', '浦东人民医院'].sort());
    expect((await c.users.manager.api.customers.people.get({ id: ids.xuhuiDoctor })).name).toBe('王徐汇');
    expect((await failureOf(c.users.manager.api.customers.people.get({ id: ids.beijingDoctor }))).appCode).toBe('NOT_FOUND');
    expect((await c.users.manager.api.customers.search({ q: 'wang', kind: 'person' })).map((h) => h.name).sort()).toEqual(['王徐汇', '王浦东'].sort());
    expect((await c.users.manager.api.customers.search({ q: '2222', kind: 'person' })).map((h) => h.name)).toEqual(['王徐汇']);
    expect(await c.users.manager.api.customers.search({ q: '3333', kind: 'person' })).toEqual([]);
  });

  it('admin and compliance see every customer', async () => {
    for (const who of ['admin', 'compliance'] as const) {
      expect(await listNames(who)).toEqual(['王徐汇', '王朝阳', '王浦东'].sort());
      expect((await c.users[who].api.customers.people.get({ id: ids.beijingDoctor })).name).toBe('王朝阳');
      expect((await c.users[who].api.customers.search({ q: 'wangchaoyang', kind: 'person' })).map((h) => h.name)).toEqual(['王朝阳']);
    }
    // Compliance reads but does not write customers.
    expect((await failureOf(c.users.compliance.api.customers.people.update({ id: ids.beijingDoctor, name: 'x' }))).code).toBe('FORBIDDEN');
  });

  it('a person’s territory follows their primary institution, and moving the institution moves them', async () => {
    const admin = c.users.admin.api;
    await admin.customers.institutions.update({ id: ids.xuhuiHospital, territoryId: c.territories.pudong });
    expect((await admin.customers.people.get({ id: ids.xuhuiDoctor })).territory?.id).toBe(c.territories.pudong);
    expect(await listNames('rep')).toEqual(['王徐汇', '王浦东'].sort());
    expect(await listNames('rep2')).toEqual([]);
    await admin.customers.institutions.update({ id: ids.xuhuiHospital, territoryId: c.territories.xuhui });
    expect(await listNames('rep')).toEqual(['王浦东']);
  });

  it('a territory reassignment changes what a rep sees at their next request', async () => {
    const admin = c.users.admin.api;
    await admin.customers.territories.assign({ territoryId: c.territories.chaoyang, userId: c.users.rep.id, role: 'rep' });
    expect(await listNames('rep')).toEqual(['王朝阳', '王浦东'].sort());
    await admin.customers.territories.unassign({ territoryId: c.territories.chaoyang, userId: c.users.rep.id });
    expect(await listNames('rep')).toEqual(['王浦东']);
  });

  it('the dashboard counts only what the user may see', async () => {
    const rep = await c.users.rep.api.customers.dashboard.byTier();
    expect(rep.people.A + rep.people.B + rep.people.C + rep.people.none).toBe(1);
    const admin = await c.users.admin.api.customers.dashboard.byTier();
    expect(admin.people.A + admin.people.B + admin.people.C + admin.people.none).toBe(3);
    expect(admin.institutions.none).toBe(3);
  });
});
