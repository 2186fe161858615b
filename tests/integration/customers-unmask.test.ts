/**
 * Sensitive customer data (issue 3, DOMAIN §5 and §7): the ID number and sensitive custom fields
 * are encrypted at rest, masked in profiles and lists, redacted in the audit trail; revealing one
 * needs customers.unmask and writes an audit entry naming the field, every time. Tier and stage
 * changes keep their reason in the history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf, forEachDatabase } from '../support/db';
import { doctor, hospital, setupCompany, type Company } from './customers-fixtures';

const ID_NUMBER = '110105194912310038';
const BANK = '6222 0202 0011 2233';

forEachDatabase((db) => {
  let c: Company;
  let person: string;
  let northPerson: string;

  const unmaskEntries = async () =>
    db.sql<{ actor_user_id: string; entity_id: string; changes: string | Record<string, unknown> }>(`select actor_user_id, entity_id, changes from audit_entry where tenant_id = ? and action = 'customer.unmasked' order by seq`, [c.tenantId]);

  beforeAll(async () => {
    c = await setupCompany(`Unmask ${db.driver}`);
    await c.users.admin.api.customers.customFields.create({ entity: 'person', type: 'text', labelZh: '银行账号', labelEn: 'Bank account', sensitive: true } as never);
    const h = await hospital(c, '仁济医院', c.territories.pudong);
    person = await doctor(c, '张三', h, { idNumber: ID_NUMBER, custom: { bank_account: BANK } });
    northPerson = await doctor(c, '赵六', await hospital(c, '朝阳医院', c.territories.chaoyang), { idNumber: '11010519491231002X' });
  });

  it('stores ciphertext only and shows masks', async () => {
    const [row] = await db.sql<{ id_number_enc: string; id_number_last4: string; custom: string | Record<string, unknown> }>('select id_number_enc, id_number_last4, custom from person where id = ?', [person]);
    expect(row!.id_number_enc).toMatch(/^v1:/);
    expect(row!.id_number_last4).toBe('0038');
    expect(JSON.stringify(row)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(row)).not.toContain('2233');
    const p = await c.users.rep.api.customers.people.get({ id: person });
    expect(p.idNumberMasked).toBe('****0038');
    expect(p.custom.bank_account).toBe('******');
    expect(JSON.stringify(p)).not.toContain(ID_NUMBER);
  });

  it('never writes the plain values into the audit trail', async () => {
    await c.users.admin.api.customers.people.update({ id: person, idNumber: ID_NUMBER, custom: { bank_account: BANK } });
    const rows = await db.sql<{ changes: string | null }>('select changes from audit_entry where tenant_id = ?', [c.tenantId]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(BANK);
    expect(text).toContain('[redacted]');
  });

  it('a rep without customers.unmask is refused and nothing is recorded as revealed', async () => {
    const f = await failureOf(c.users.rep.api.customers.unmask({ kind: 'person', id: person, field: 'idNumber' }));
    expect(f.code).toBe('FORBIDDEN');
    expect(await unmaskEntries()).toEqual([]);
  });

  it('admin and compliance reveal the ID number and a sensitive field; each reveal is an audit entry', async () => {
    expect(await c.users.compliance.api.customers.unmask({ kind: 'person', id: person, field: 'idNumber' })).toEqual({ field: 'idNumber', value: ID_NUMBER });
    expect(await c.users.admin.api.customers.unmask({ kind: 'person', id: person, field: 'custom.bank_account' })).toEqual({ field: 'custom.bank_account', value: BANK });
    await c.users.admin.api.customers.unmask({ kind: 'person', id: person, field: 'idNumber' });
    const entries = await unmaskEntries();
    expect(entries.map((e) => [e.actor_user_id, e.entity_id, typeof e.changes === 'string' ? JSON.parse(e.changes) : e.changes])).toEqual([
      [c.users.compliance.id, person, { field: 'idNumber' }],
      [c.users.admin.id, person, { field: 'custom.bank_account' }],
      [c.users.admin.id, person, { field: 'idNumber' }],
    ]);
  });

  it('only masked fields can be revealed, and only of customers the user may see', async () => {
    expect((await failureOf(c.users.admin.api.customers.unmask({ kind: 'person', id: person, field: 'name' }))).appCode).toBe('NOT_SENSITIVE');
    // A manager granted the permission still cannot reveal a customer outside their region.
    await c.users.admin.api.admin.roles.setGrant({ role: 'manager', permission: 'customers.unmask', granted: true });
    const before = (await unmaskEntries()).length;
    expect((await failureOf(c.users.manager.api.customers.unmask({ kind: 'person', id: northPerson, field: 'idNumber' }))).appCode).toBe('NOT_FOUND');
    expect((await c.users.manager.api.customers.unmask({ kind: 'person', id: person, field: 'idNumber' })).value).toBe(ID_NUMBER);
    expect((await unmaskEntries()).length).toBe(before + 1);
  });

  it('refuses an ID number with a wrong check digit', async () => {
    const f = await failureOf(c.users.admin.api.customers.people.update({ id: person, idNumber: '110105194912310037' }));
    expect(f.appCode).toBe('VALIDATION');
  });

  describe('tier and stage', () => {
    it('changes keep who, when and why, newest first', async () => {
      const api = c.users.rep.api.customers;
      await api.lifecycle.change({ kind: 'person', id: person, field: 'tier', value: 'B', reason: '门诊量大' });
      await api.lifecycle.change({ kind: 'person', id: person, field: 'tier', value: 'A', reason: '成为学科带头人' });
      await api.lifecycle.change({ kind: 'person', id: person, field: 'stage', value: 'prospect', reason: '已建立联系' });
      const history = await api.lifecycle.history({ kind: 'person', id: person });
      expect(history.map((h) => [h.field, h.from, h.to, h.reason])).toEqual([
        ['stage', 'identified', 'prospect', '已建立联系'],
        ['tier', 'B', 'A', '成为学科带头人'],
        ['tier', null, 'B', '门诊量大'],
      ]);
      expect(history[0]!.by).toBeTruthy();
      expect((await api.people.get({ id: person })).tier).toBe('A');
      // A change needs a reason.
      expect((await failureOf(api.lifecycle.change({ kind: 'person', id: person, field: 'tier', value: 'C', reason: '  ' }))).appCode).toBe('VALIDATION');
      const timeline = await api.timeline({ kind: 'person', id: person, before: null, limit: 10 });
      expect(timeline.items.filter((i) => i.source === 'lifecycle').map((i) => i.meta.to)).toEqual(['prospect', 'A', 'B']);
    });
  });
});
