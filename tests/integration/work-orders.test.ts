/**
 * Purchase orders (issue 3): totals are computed on the server in exact decimal arithmetic (cents),
 * stored as numeric(14,2) on both databases and returned as two-decimal strings; lines keep their
 * order and catalogue names; edits recompute and audit; amounts beyond the column are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromCents, normaliseMoney, toCents } from '@/server/services/work/money';
import { createTenantWithAdmin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

describe('money arithmetic', () => {
  it('converts between decimal strings and cents exactly', () => {
    expect(toCents('0.1') + toCents('0.2')).toBe(30n);
    expect(fromCents(toCents('19.99') * 3n)).toBe('59.97');
    expect(normaliseMoney('12.5')).toBe('12.50');
    expect(normaliseMoney(12)).toBe('12.00');
    expect(normaliseMoney('999999999999.99')).toBe('999999999999.99');
    for (const bad of ['-1', '1.234', 'abc', '1e3', '', '1,000']) expect(() => toCents(bad), bad).toThrow(RangeError);
  });
});

forEachDatabase((db) => {
  let world: WorkWorld;
  let rep: Caller;

  beforeAll(async () => {
    const { tenant } = await createTenantWithAdmin(`Orders ${db.driver}`);
    world = await seedWorld(tenant.id);
    rep = (await member(tenant.id, ['rep'], [world.north])).api;
  });

  const base = { subjectKind: 'institution' as const, subjectId: '', orderedAt: new Date(Date.UTC(2025, 2, 14, 3)), paymentMethod: 'bank_transfer' as const };

  it('totals lines in cents: 3 × 0.10 + 1 × 19.99 + 7 × 33.33 = 253.60 (not 253.59999…)', async () => {
    const order = await rep.orders.create({
      ...base,
      subjectId: world.hospitalN,
      invoiceNo: 'INV-0001',
      shippingAddress: '北京市东城区帅府园1号',
      remarks: '冷链运输',
      lines: [
        { productId: world.productA, quantity: 3, unitPrice: '0.10' },
        { productName: '一次性注射笔针头', spec: '31G×5mm', quantity: 1, unitPrice: '19.99' },
        { productId: world.productB, spec: '0.25g×48粒', quantity: 7, unitPrice: '33.33' },
      ],
    });
    expect(order.totalAmount).toBe('253.60');
    expect(order.lines.map((l) => [l.productName, l.spec, l.quantity, l.unitPrice, l.lineTotal])).toEqual([
      ['降糖宁片', '10mg×28片', 3, '0.10', '0.30'],
      ['一次性注射笔针头', '31G×5mm', 1, '19.99', '19.99'],
      ['心安胶囊', '0.25g×48粒', 7, '33.33', '233.31'],
    ]);
    expect(order.orderNo).toMatch(/^SO-20250314-[0-9A-Z]{5}$/);
    expect(order.subject).toEqual({ kind: 'institution', id: world.hospitalN, name: '北京协和医院' });
    const [row] = await db.sql<{ total_amount: unknown }>('select total_amount from purchase_order where id = ?', [order.id]);
    expect(normaliseMoney(row!.total_amount as string)).toBe('253.60');
    const lines = await db.sql<{ line_total: unknown }>('select line_total from order_line where order_id = ? order by position', [order.id]);
    expect(lines.map((l) => normaliseMoney(l.line_total as string))).toEqual(['0.30', '19.99', '233.31']);
    expect((await rep.orders.get({ id: order.id })).totalAmount).toBe('253.60');
    const form = await rep.orders.formContext({ subjectKind: 'institution', subjectId: world.hospitalN });
    expect(form.subject.name).toBe('北京协和医院');
    expect(form.products.map((p) => p.id)).toEqual(expect.arrayContaining([world.productA, world.productB]));
  });

  it('edits replace the lines, recompute the total and audit the change', async () => {
    const order = await rep.orders.create({ ...base, subjectId: world.hospitalN, lines: [{ productId: world.productA, quantity: 10, unitPrice: '25.80' }] });
    expect(order.totalAmount).toBe('258.00');
    const updated = await rep.orders.update({
      id: order.id,
      orderNo: order.orderNo,
      orderedAt: base.orderedAt,
      paymentMethod: 'alipay',
      invoiceNo: 'INV-0002',
      lines: [
        { productId: world.productA, quantity: 12, unitPrice: '25.80' },
        { productName: '赠品说明书', quantity: 1, unitPrice: '0' },
      ],
    });
    expect(updated.totalAmount).toBe('309.60');
    expect(updated.lines.map((l) => l.productName)).toEqual(['降糖宁片', '赠品说明书']);
    expect(Number((await db.sql<{ n: number }>('select count(*) as n from order_line where order_id = ?', [order.id]))[0]!.n)).toBe(2);
    const [entry] = await db.sql<{ changes: unknown }>(`select changes from audit_entry where entity_id = ? and action = 'order.updated'`, [order.id]);
    const changes = typeof entry!.changes === 'string' ? JSON.parse(entry!.changes) : entry!.changes;
    expect(changes).toMatchObject({ paymentMethod: { from: 'bank_transfer', to: 'alipay' }, totalAmount: { from: '258.00', to: '309.60' }, invoiceNo: { from: null, to: 'INV-0002' } });
    expect(changes.lines.to).toEqual(['降糖宁片 × 12 @ 25.80', '赠品说明书 × 1 @ 0.00']);
    const history = await rep.orders.forCustomer({ kind: 'institution', id: world.hospitalN, limit: 10 });
    expect(history.map((o) => o.id)).toContain(order.id);
  });

  it('refuses malformed amounts, totals beyond numeric(14,2), unknown products and a duplicate order number', async () => {
    const bad = async (lines: unknown[], orderNo?: string) => failureOf(rep.orders.create({ ...base, subjectId: world.hospitalN, orderNo, lines: lines as never }));
    expect((await bad([{ productName: 'x', quantity: 1, unitPrice: '1.005' }])).appCode).toBe('VALIDATION');
    expect((await bad([{ productName: 'x', quantity: 1, unitPrice: '-5' }])).appCode).toBe('VALIDATION');
    expect((await bad([{ productName: 'x', quantity: 0, unitPrice: '5' }])).appCode).toBe('VALIDATION');
    expect((await bad([{ productName: 'x', quantity: 10_000_000, unitPrice: '999999999.99' }])).appCode).toBe('VALIDATION');
    expect((await bad([{ productName: 'x', quantity: 9_000_000, unitPrice: '99999.99' }, { productName: 'y', quantity: 9_000_000, unitPrice: '99999.99' }])).appCode).toBe('VALIDATION');
    expect((await bad([{ productId: 'no-such-product', quantity: 1, unitPrice: '1' }])).appCode).toBe('VALIDATION');
    expect((await bad([{ quantity: 1, unitPrice: '1' }])).appCode).toBe('VALIDATION');
    await rep.orders.create({ ...base, subjectId: world.hospitalN, orderNo: 'ERP-778', lines: [{ productName: 'x', quantity: 1, unitPrice: '1' }] });
    const dup = await bad([{ productName: 'x', quantity: 1, unitPrice: '1' }], 'ERP-778');
    expect(dup.appCode).toBe('VALIDATION');
    expect(Object.keys((dup.error as { cause: { fieldErrors: object } }).cause.fieldErrors)).toEqual(['orderNo']);
  });
});
