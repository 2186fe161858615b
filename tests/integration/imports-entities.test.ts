/**
 * Importing institutions (through the institution service, row by row), interactions and orders:
 * references resolve by external id, name or code, bad rows are named with the reason, and
 * re-importing a file updates what it created instead of doubling it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase, signIn, type TestSession } from '../support/db';
import { setupCompany, type Company } from './customers-fixtures';
import { csv, importFile, report, parseCsv, useImportEnvironment } from './imports-support';

forEachDatabase((db) => {
  const env = useImportEnvironment();
  let c: Company;
  let admin: TestSession;
  let manager: TestSession;

  beforeAll(async () => {
    c = await setupCompany(`Imports entities ${db.driver}`);
    admin = await signIn(c.users.admin.id, c.tenantId);
    manager = await signIn(c.users.manager.id, c.tenantId);
    await c.users.admin.api.products.create({ code: 'LPT-10', name: '立普妥', genericName: '阿托伐他汀钙片', spec: '10mg×7片', category: 'rx', status: 'active' });
    await c.users.admin.api.products.create({ code: 'BYT-5', name: '拜新同', genericName: null, spec: '30mg×7片', category: 'rx', status: 'active' });
  });

  const count = async (table: string) => Number((await db.sql<{ n: number }>(`select count(*) as n from ${table} where tenant_id = ?`, [c.tenantId]))[0]!.n);

  describe('institutions', () => {
    const file = csv([
      ['机构编号', '机构名称', '机构类型', '医院等级', '区域', '省份', '城市', '电话', '上级机构'],
      ['H-001', '浦东人民医院', '医院', '三甲', 'SH-PD', '上海', '上海市', '021-58981990', ''],
      ['H-002', '浦东人民医院东院', '医院', '二甲', '浦东', '上海', '上海市', '', 'H-001'],
      ['H-003', '徐汇大药房', '药店', '', 'SH-XH', '上海', '上海市', '', ''],
      ['H-004', '朝阳诊所', '诊所', '', '火星区', '北京', '北京市', '', ''],
    ]);

    it('imports through the institution service: levels, territories by code or name, head offices', async () => {
      const { id, job } = await importFile(c.users.admin.api, admin, env.driver(), 'institution', '机构.csv', file);
      expect(job).toMatchObject({ status: 'completed', createdRows: 3, failedRows: 1 });
      const rows = await db.sql<{ external_id: string; type: string; hospital_level: string | null; territory_id: string; phone: string | null; parent_id: string | null }>(
        'select external_id, type, hospital_level, territory_id, phone, parent_id from institution where tenant_id = ? order by external_id',
        [c.tenantId],
      );
      const main = rows.find((r) => r.external_id === 'H-001')!;
      expect(rows.map((r) => [r.external_id, r.type, r.hospital_level, r.territory_id])).toEqual([
        ['H-001', 'hospital', '3A', c.territories.pudong],
        ['H-002', 'hospital', '2A', c.territories.pudong],
        ['H-003', 'pharmacy', null, c.territories.xuhui],
      ]);
      expect(main.phone).toBe('021-58981990');
      expect(rows.find((r) => r.external_id === 'H-002')!.parent_id).toBe(await db.sql<{ id: string }>(`select id from institution where external_id = 'H-001' and tenant_id = ?`, [c.tenantId]).then((r) => r[0]!.id));
      const problems = parseCsv((await report(admin, id)).text).slice(1);
      expect(problems).toEqual([['5', '区域', '火星区', 'No territory “火星区”']]);
    });

    it('re-importing updates them; a look-alike without an id is reported; a manager may not import outside their region', async () => {
      const before = await count('institution');
      const { job } = await importFile(c.users.admin.api, admin, env.driver(), 'institution', '机构.csv', file);
      expect(job).toMatchObject({ createdRows: 0, updatedRows: 3, failedRows: 1 });
      expect(await count('institution')).toBe(before);

      const lookalike = csv([['机构名称', '区域'], ['浦东人民医院', 'SH-PD']]);
      const second = await importFile(c.users.admin.api, admin, env.driver(), 'institution', 'lookalike.csv', lookalike);
      expect(second.job).toMatchObject({ createdRows: 0, failedRows: 1 });
      expect(parseCsv((await report(admin, second.id)).text)[1]![3]).toMatch(/^Possible duplicate of 浦东人民医院/);

      const north = csv([['机构编号', '机构名称', '区域'], ['H-009', '朝阳医院', 'BJ-CY']]);
      const byManager = await importFile(c.users.manager.api, manager, env.driver(), 'institution', 'north.csv', north);
      expect(byManager.job).toMatchObject({ createdRows: 0, failedRows: 1 });
      expect(parseCsv((await report(manager, byManager.id)).text)[1]![3]).toBe('Territory “BJ-CY” is not one of yours');
    });
  });

  describe('interactions', () => {
    beforeAll(async () => {
      await importFile(
        c.users.admin.api,
        admin,
        env.driver(),
        'person',
        'people.csv',
        csv([
          ['外部编号', '姓名', '医院', '科室'],
          ['D-1', '陈明', 'H-001', '心内科'],
          ['D-2', '林静', 'H-001', '心内科'],
          ['D-3', '陈明', 'H-003', ''],
        ]),
      );
    });

    it('imports visits with people, products and messages; a next step becomes a task; re-import replaces', async () => {
      const file = csv([
        ['编号', '拜访时间', '方式', '拜访对象', '医院', '产品', '关键信息', '结果', '下一步', '下一步日期', '负责代表'],
        ['V-1', '2025-03-05 14:30', '拜访', 'D-1；林静', '浦东人民医院', 'LPT-10、拜新同', '疗效数据;安全性', '积极', '送文献', '2099-01-10', ''],
        ['V-2', '2025/3/6', '电话', '陈明', '', '', '', '', '', '', ''],
        ['V-3', '2099-01-01 09:00', '拜访', 'D-2', '', '', '', '', '', '', ''],
        ['V-4', '2025-03-07', '拜访', '王五', '', '不存在的药', '', '', '', '', 'nobody@example.test'],
      ]);
      const { id, job } = await importFile(c.users.admin.api, admin, env.driver(), 'interaction', '拜访.csv', file);
      expect(job).toMatchObject({ status: 'completed', createdRows: 1, failedRows: 3 });
      const rows = parseCsv((await report(admin, id)).text).slice(1);
      expect(rows).toEqual([
        ['3', '拜访对象', '陈明', 'Several people are named “陈明”; use the external ID'],
        ['4', '拜访时间', '2099-01-01 09:00', 'Must not be in the future'],
        ['5', '拜访对象', '王五', 'No person “王五” (or they are outside your territories)'],
        ['5', '产品', '不存在的药', 'No product “不存在的药” in the catalogue'],
        ['5', '负责代表', 'nobody@example.test', 'No colleague “nobody@example.test” who may own interactions'],
      ]);
      const [visit] = await db.sql<{ id: string; channel: string; territory_id: string; key_messages: string | string[]; owner_id: string }>(
        `select id, channel, territory_id, key_messages, owner_id from interaction where tenant_id = ? and external_id = 'V-1'`,
        [c.tenantId],
      );
      expect(visit).toMatchObject({ channel: 'visit', territory_id: c.territories.pudong, owner_id: c.users.admin.id });
      expect(typeof visit!.key_messages === 'string' ? JSON.parse(visit!.key_messages) : visit!.key_messages).toEqual(['疗效数据', '安全性']);
      expect(await db.sql('select person_id from interaction_participant where interaction_id = ?', [visit!.id])).toHaveLength(2);
      expect(await db.sql('select product_id from interaction_product where interaction_id = ?', [visit!.id])).toHaveLength(2);
      const tasks = await db.sql<{ title: string; owner_id: string; status: string }>('select title, owner_id, status from task where interaction_id = ?', [visit!.id]);
      expect(tasks).toEqual([{ title: '送文献', owner_id: c.users.admin.id, status: 'open' }]);
      // The visit is on the people's timelines like one logged by hand.
      const listed = await c.users.rep.api.interactions.list({ limit: 20, cursor: null });
      expect(listed.items.map((i) => i.people.map((p) => p.name).sort())).toEqual([['林静', '陈明']]);

      const again = csv([
        ['编号', '拜访时间', '方式', '拜访对象', '医院', '产品'],
        ['V-1', '2025-03-05 14:30', '电话', 'D-1', '浦东人民医院', 'LPT-10'],
      ]);
      const second = await importFile(c.users.admin.api, admin, env.driver(), 'interaction', 'again.csv', again);
      expect(second.job).toMatchObject({ createdRows: 0, updatedRows: 1 });
      expect(await db.sql('select id from interaction where tenant_id = ? and external_id = ?', [c.tenantId, 'V-1'])).toHaveLength(1);
      expect(await db.sql('select person_id from interaction_participant where interaction_id = ?', [visit!.id])).toHaveLength(1);
      expect(await db.sql<{ channel: string }>('select channel from interaction where id = ?', [visit!.id])).toEqual([{ channel: 'phone' }]);
      expect(await db.sql('select id from task where interaction_id = ?', [visit!.id])).toHaveLength(1);
    });
  });

  describe('orders', () => {
    it('groups lines by order number, prices them in cents, and replaces the lines on re-import', async () => {
      const file = csv([
        ['订单号', '订单日期', '客户', '产品', '规格', '数量', '单价', '金额', '付款方式'],
        ['SO-1', '2025-02-01', 'H-001', 'LPT-10', '', '10', '35.50', '355.00', '银行转账'],
        ['SO-1', '2025-02-01', 'H-001', '拜新同', '', '3', '¥1,200', '', ''],
        ['SO-2', '2025-02-03', '徐汇大药房', '自购耗材', '盒', '2', '9.99', '20', '现金'],
        ['SO-3', '2025-02-04', '', 'LPT-10', '', '0', 'abc', '', ''],
      ]);
      const { id, job } = await importFile(c.users.admin.api, admin, env.driver(), 'order', '订单.csv', file);
      expect(job).toMatchObject({ status: 'completed', createdRows: 2, failedRows: 2 });
      const problems = parseCsv((await report(admin, id)).text).slice(1);
      expect(problems).toEqual([
        ['4', '金额', '20', 'The amount does not match quantity × unit price; it should be 19.98'],
        ['5', '客户', '', 'Give a customer institution or a customer person'],
        ['5', '数量', '0', 'Must be at least 1'],
        ['5', '单价', 'abc', 'Not a valid amount (yuan, at most two decimals)'],
      ]);
      const orders = await db.sql<{ id: string; order_no: string; total_amount: string | number; payment_method: string; territory_id: string }>(
        'select id, order_no, total_amount, payment_method, territory_id from purchase_order where tenant_id = ?',
        [c.tenantId],
      );
      expect(orders.map((o) => [o.order_no, Number(o.total_amount).toFixed(2), o.payment_method, o.territory_id])).toEqual([['SO-1', '3955.00', 'bank_transfer', c.territories.pudong]]);
      const lines = await db.sql<{ product_name: string; quantity: number; line_total: string | number; position: number }>(
        'select product_name, quantity, line_total, position from order_line where order_id = ? order by position',
        [orders[0]!.id],
      );
      expect(lines.map((l) => [l.product_name, l.quantity, Number(l.line_total).toFixed(2), l.position])).toEqual([
        ['立普妥', 10, '355.00', 0],
        ['拜新同', 3, '3600.00', 1],
      ]);

      // Sent again: without an external id, an order number on file is a duplicate, never a second order.
      const again = await importFile(c.users.admin.api, admin, env.driver(), 'order', '订单.csv', file);
      expect(again.job).toMatchObject({ createdRows: 0, failedRows: 4 });
      expect(await count('purchase_order')).toBe(1);

      // With external ids the file is the truth: lines are replaced, the total follows.
      const withIds = (qty: string) =>
        csv([
          ['外部编号', '订单号', '订单日期', '客户', '产品', '数量', '单价'],
          ['ERP-9', 'SO-9', '2025-02-05', 'H-002', 'LPT-10', qty, '10'],
          ['ERP-9', 'SO-9', '2025-02-05', 'H-002', 'BYT-5', '1', '5'],
        ]);
      await importFile(c.users.admin.api, admin, env.driver(), 'order', 'erp.csv', withIds('2'));
      const third = await importFile(c.users.admin.api, admin, env.driver(), 'order', 'erp.csv', withIds('4'));
      expect(third.job).toMatchObject({ createdRows: 0, updatedRows: 2, failedRows: 0 });
      const [erp] = await db.sql<{ id: string; total_amount: string | number }>(`select id, total_amount from purchase_order where tenant_id = ? and external_id = 'ERP-9'`, [c.tenantId]);
      expect(Number(erp!.total_amount).toFixed(2)).toBe('45.00');
      expect(await db.sql('select id from order_line where order_id = ?', [erp!.id])).toHaveLength(2);
    });
  });
});
