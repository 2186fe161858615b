/**
 * Finding customers (issue 3): by name (two-character Chinese names included), full pinyin and
 * initials, and phone suffix; duplicate detection on create (same phone; same name + institution
 * + department); list filters, sorting and keyset paging; saved views per user.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf, forEachDatabase } from '../support/db';
import { createdId, department, doctor, FIRST_PAGE, hospital, setupCompany, type Company } from './customers-fixtures';

forEachDatabase((db) => {
  let c: Company;
  let renji: string;
  let huashan: string;
  let cardiology: string;
  let zhangsan: string;

  const admin = () => c.users.admin.api.customers;
  const found = async (q: string, kind: 'person' | 'institution' | 'all' = 'person') => (await admin().search({ q, kind, limit: 20 })).map((h) => h.name);

  beforeAll(async () => {
    c = await setupCompany(`Search ${db.driver}`);
    renji = await hospital(c, '仁济医院', c.territories.pudong, { contacts: [{ kind: 'phone', value: '021-6838 3000' }] });
    huashan = await hospital(c, '华山医院', c.territories.xuhui);
    cardiology = await department(c, renji, '心内科');
    zhangsan = await doctor(c, '张三', renji, { departmentId: cardiology, contacts: [{ kind: 'mobile', value: '138 0013 8000' }, { kind: 'email', value: 'Zhang.San@Example.com' }] });
    await doctor(c, '张三丰', huashan, { contacts: [{ kind: 'mobile', value: '13912345678' }] });
    await doctor(c, '欧阳娜娜', huashan);
    await doctor(c, '单雄信', renji);
    await doctor(c, 'Emily Chen', huashan);
  });

  describe('search', () => {
    it('finds a two-character Chinese name, exact match first', async () => {
      expect(await found('张三')).toEqual(['张三', '张三丰']);
      expect(await found('娜娜')).toEqual(['欧阳娜娜']);
    });

    it('finds by full pinyin and by initials, surnames read as surnames', async () => {
      expect(await found('zhangsan')).toEqual(['张三', '张三丰']);
      expect(await found('zs')).toEqual(['张三', '张三丰']);
      expect(await found('zsf')).toEqual(['张三丰']);
      expect(await found('ouyang')).toEqual(['欧阳娜娜']);
      expect(await found('shanxiongxin')).toEqual(['单雄信']);
      expect(await found('ZhangSan')).toEqual(['张三', '张三丰']);
    });

    it('finds Latin names case-insensitively', async () => {
      expect(await found('emily')).toEqual(['Emily Chen']);
      expect(await found('CHEN')).toEqual(['Emily Chen']);
    });

    it('finds by the end of a phone number, however it was typed', async () => {
      expect(await found('8000')).toEqual(['张三']);
      expect(await found('13800138000')).toEqual(['张三']);
      expect(await found('0013 8000')).toEqual(['张三']);
      expect(await found('5678')).toEqual(['张三丰']);
      expect(await found('3000', 'institution')).toEqual(['仁济医院']);
      expect(await found('1380')).toEqual([]);
    });

    it('searches institutions by name and pinyin', async () => {
      expect(await found('仁济', 'institution')).toEqual(['仁济医院']);
      expect(await found('rjyy', 'institution')).toEqual(['仁济医院']);
      expect(await found('huashan', 'all')).toEqual(['华山医院']);
    });

    it('treats LIKE wildcards as plain characters', async () => {
      expect(await found('%')).toEqual([]);
      expect(await found('_')).toEqual([]);
    });
  });

  describe('duplicates on create', () => {
    it('the same phone (typed differently) is a candidate; nothing is written', async () => {
      const before = await db.sql('select id from person where tenant_id = ?', [c.tenantId]);
      const r = await admin().people.create({ name: '张叁', contacts: [{ kind: 'mobile', value: '+86 138-0013-8000'.replace('+86 ', '') }], affiliations: [{ institutionId: huashan, isPrimary: true }] } as never);
      expect(r.status).toBe('duplicates');
      if (r.status !== 'duplicates') return;
      expect(r.duplicates.candidates.map((d) => [d.name, d.reasons])).toEqual([['张三', ['phone']]]);
      expect(r.duplicates.candidates[0]).toMatchObject({ institutionName: '仁济医院', departmentName: '心内科' });
      expect(await db.sql('select id from person where tenant_id = ?', [c.tenantId])).toHaveLength(before.length);
    });

    it('the same name at the same institution and department is a candidate; another department is not', async () => {
      const same = await admin().people.create({ name: '张三', affiliations: [{ institutionId: renji, departmentId: cardiology, isPrimary: true }] } as never);
      expect(same.status).toBe('duplicates');
      if (same.status === 'duplicates') expect(same.duplicates.candidates.map((d) => [d.id, d.reasons])).toEqual([[zhangsan, ['nameAffiliation']]]);
      const other = await department(c, renji, '内分泌科');
      const elsewhere = await admin().people.create({ name: '张三', affiliations: [{ institutionId: renji, departmentId: other, isPrimary: true }] } as never);
      expect(elsewhere.status).toBe('created');
    });

    it('“create anyway” creates the record', async () => {
      const r = await admin().people.create({ name: '张三', affiliations: [{ institutionId: renji, departmentId: cardiology, isPrimary: true }], allowDuplicate: true } as never);
      expect(r.status).toBe('created');
      await admin().people.archive({ id: createdId(r) });
    });

    it('institutions: the same name is a candidate', async () => {
      const r = await admin().institutions.create({ name: '仁济医院', territoryId: c.territories.pudong } as never);
      expect(r.status).toBe('duplicates');
    });

    it('a rep is told about duplicates in other territories without seeing them', async () => {
      const north = await hospital(c, '朝阳医院', c.territories.chaoyang);
      const r = await c.users.northRep.api.customers.people.create({ name: '赵六', contacts: [{ kind: 'mobile', value: '13912345678' }], affiliations: [{ institutionId: north, isPrimary: true }] } as never);
      expect(r.status).toBe('duplicates');
      if (r.status === 'duplicates') expect(r.duplicates).toEqual({ candidates: [], hiddenCount: 1 });
    });
  });

  describe('lists', () => {
    it('pages with a cursor through every row exactly once, in pinyin order', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { rows: { name: string }[]; nextCursor: string | null } = await admin().people.list({ filters: {}, sort: { field: 'name', dir: 'asc' }, columns: [], cursor, limit: 2 });
        all.push(...page.rows.map((r) => r.name));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(all).toEqual(['Emily Chen', '欧阳娜娜', '单雄信', '张三', '张三', '张三丰']);
      const desc = await admin().people.list({ filters: {}, sort: { field: 'name', dir: 'desc' }, columns: [], cursor: null, limit: 50 });
      expect(desc.rows.map((r) => r.name)).toEqual([...all].reverse());
    });

    it('pages by creation time both ways', async () => {
      const asc = await admin().people.list({ filters: {}, sort: { field: 'createdAt', dir: 'asc' }, columns: ['createdAt'], cursor: null, limit: 3 });
      const next = await admin().people.list({ filters: {}, sort: { field: 'createdAt', dir: 'asc' }, columns: ['createdAt'], cursor: asc.nextCursor, limit: 3 });
      const ids = [...asc.rows, ...next.rows].map((r) => r.id);
      expect(new Set(ids).size).toBe(6);
      const times = [...asc.rows, ...next.rows].map((r) => new Date(r.cells.createdAt as Date).getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it('filters by institution (any affiliation), department, title, tier and creation date', async () => {
      const names = async (filters: Record<string, unknown>) => (await admin().people.list({ filters, ...FIRST_PAGE })).rows.map((r) => r.name).sort();
      expect(await names({ institutionId: renji })).toEqual(['单雄信', '张三', '张三'].sort());
      expect(await names({ departmentId: cardiology })).toEqual(['张三']);
      await admin().lifecycle.change({ kind: 'person', id: zhangsan, field: 'tier', value: 'A', reason: '核心专家' });
      expect(await names({ tier: ['A'] })).toEqual(['张三']);
      expect((await names({ tier: ['none'] })).length).toBe(5);
      const today = new Date().toISOString().slice(0, 10);
      expect((await names({ createdFrom: today })).length).toBe(6);
      expect(await names({ createdTo: '2000-01-01' })).toEqual([]);
      expect(await names({ archived: true })).toEqual(['张三']);
    });

    it('returns only the asked columns, with names for related records', async () => {
      const page = await admin().people.list({ filters: { q: '张三', departmentId: cardiology }, sort: { field: 'name', dir: 'asc' }, columns: ['institution', 'department', 'tier', 'mobile', 'email'], cursor: null, limit: 1 });
      expect(page.rows[0]!.cells).toEqual({ institution: { id: renji, name: '仁济医院' }, department: { id: cardiology, name: '心内科' }, tier: 'A', mobile: '138 0013 8000', email: 'zhang.san@example.com' });
    });

    it('counts matches and refuses a forged cursor', async () => {
      expect(await admin().people.count({ filters: { institutionId: huashan } })).toEqual({ count: 3, capped: false });
      expect((await failureOf(admin().people.list({ filters: {}, ...FIRST_PAGE, cursor: 'not-a-cursor' }))).appCode).toBe('VALIDATION');
    });
  });

  describe('saved views', () => {
    it('are per user, renamable, deletable, with one default per list', async () => {
      const rep = c.users.rep.api.customers;
      const definition = { filters: { tier: ['A' as const] }, columns: ['institution', 'tier'], sort: { field: 'name' as const, dir: 'asc' as const } };
      const a = await rep.views.create({ entity: 'person', name: 'A 类医生', definition, isDefault: true });
      const b = await rep.views.create({ entity: 'person', name: '最近新增', definition: { ...definition, sort: { field: 'createdAt', dir: 'desc' } }, isDefault: false });
      expect((await failureOf(rep.views.create({ entity: 'person', name: 'A 类医生', definition, isDefault: false }))).appCode).toBe('VALIDATION');
      await rep.views.setDefault({ id: b.id, isDefault: true });
      expect((await rep.views.list({ entity: 'person' })).map((v) => [v.name, v.isDefault])).toEqual([
        ['A 类医生', false],
        ['最近新增', true],
      ]);
      await rep.views.update({ id: a.id, entity: 'person', name: '核心医生' });
      await rep.views.delete({ id: b.id });
      expect((await rep.views.list({ entity: 'person' })).map((v) => v.name)).toEqual(['核心医生']);
      // Another user neither sees nor touches them.
      expect(await c.users.rep2.api.customers.views.list({ entity: 'person' })).toEqual([]);
      expect((await failureOf(c.users.rep2.api.customers.views.delete({ id: a.id }))).appCode).toBe('NOT_FOUND');
      // A definition with an unknown filter is refused.
      expect((await failureOf(rep.views.create({ entity: 'person', name: 'bad', definition: { ...definition, filters: { nope: 1 } } as never, isDefault: false }))).appCode).toBe('VALIDATION');
    });
  });
});
