/**
 * Tenant isolation of the customer procedures (the customer half of tenant-isolation.test.ts):
 * company A's admin calls every `customers.*` procedure, handing over company B's ids wherever
 * one is taken. Reads show only A; B's ids are not found; afterwards every customer row of B is
 * exactly as it was. The last check makes sure every `customers.*` procedure was called, so a new
 * one cannot slip past without an isolation check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allProcedures, callerFor, callPath, createTenantWithAdmin, failureOf, forEachDatabase, signIn, type Caller } from '../support/db';
import { createdId } from './customers-fixtures';

interface Side {
  tenantId: string;
  adminId: string;
  api: Caller;
  territoryId: string;
  institutionId: string;
  departmentId: string;
  personId: string;
  secondPersonId: string;
  fieldId: string;
  viewId: string;
}

const TABLES = ['territory', 'territory_member', 'institution', 'department', 'person', 'affiliation', 'contact_point', 'lifecycle_change', 'custom_field', 'saved_view', 'audit_entry'];

forEachDatabase((db) => {
  let A: Side;
  let B: Side;
  const called = new Set<string>();
  let snapshot: Record<string, unknown[]>;

  const asA = (path: string, input?: unknown) => {
    called.add(path);
    return callPath(A.api, path, input);
  };
  const notFound = async (path: string, input: unknown) => expect((await failureOf(asA(path, input))).appCode, path).toBe('NOT_FOUND');

  async function makeSide(name: string): Promise<Side> {
    const { tenant, admin } = await createTenantWithAdmin(name);
    const api = callerFor(await signIn(admin.id, tenant.id));
    const c = api.customers;
    const territoryId = (await c.territories.create({ parentId: null, level: 'region', name: `${name} 大区`, code: null })).id;
    await c.territories.assign({ territoryId, userId: admin.id, role: 'manager' });
    const field = await c.customFields.create({ entity: 'person', type: 'text', labelZh: `${name} 字段`, labelEn: `${name} field`, sensitive: true } as never);
    const institutionId = createdId(await c.institutions.create({ name: `${name} 共同医院`, territoryId, contacts: [{ kind: 'phone', value: '021-5555 0000' }] } as never));
    const departmentId = (await c.departments.create({ institutionId, name: '心内科' })).id;
    const person = (extra: Record<string, unknown>) =>
      c.people.create({ affiliations: [{ institutionId, departmentId, isPrimary: true }], allowDuplicate: true, idNumber: '11010519491231002X', ...extra } as never);
    const personId = createdId(await person({ name: '共同名', contacts: [{ kind: 'mobile', value: '13900001234' }], custom: { [field.key]: `${name} secret` } }));
    const secondPersonId = createdId(await person({ name: '共同名二' }));
    await c.lifecycle.change({ kind: 'person', id: personId, field: 'tier', value: 'A', reason: 'key' });
    const view = await c.views.create({ entity: 'person', name: '我的视图', definition: { filters: {}, columns: ['tier'], sort: null }, isDefault: true });
    return { tenantId: tenant.id, adminId: admin.id, api, territoryId, institutionId, departmentId, personId, secondPersonId, fieldId: field.id, viewId: view.id };
  }

  async function rowsOfB() {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await db.sql(`select * from ${t} where tenant_id = ? order by id`, [B.tenantId]);
    return out;
  }

  beforeAll(async () => {
    A = await makeSide(`A-${db.driver}`);
    B = await makeSide(`B-${db.driver}`);
    snapshot = await rowsOfB();
    expect(snapshot.person).toHaveLength(2);
  });

  describe('reads show only A', () => {
    it('territories', async () => {
      expect(((await asA('customers.territories.tree')) as { id: string }[]).map((t) => t.id)).toEqual([A.territoryId]);
      expect(((await asA('customers.territories.options')) as { id: string }[]).map((t) => t.id)).toEqual([A.territoryId]);
      expect(((await asA('customers.territories.assignableUsers')) as { id: string }[]).map((u) => u.id)).toEqual([A.adminId]);
    });

    it('custom fields', async () => {
      for (const p of ['customers.customFields.list', 'customers.customFields.adminList']) {
        expect(((await asA(p, { entity: 'person' })) as { id: string }[]).map((f) => f.id)).toEqual([A.fieldId]);
      }
    });

    it('lists, counts, search, views and the dashboard', async () => {
      const page = { sort: { field: 'name', dir: 'asc' }, columns: ['institution'], cursor: null, limit: 50 };
      expect(((await asA('customers.people.list', { filters: {}, ...page })) as { rows: { id: string }[] }).rows.map((r) => r.id).sort()).toEqual([A.personId, A.secondPersonId].sort());
      expect(((await asA('customers.institutions.list', { filters: {}, ...page })) as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([A.institutionId]);
      expect(await asA('customers.people.count', { filters: { q: '共同名' } })).toEqual({ count: 2, capped: false });
      expect(await asA('customers.institutions.count', { filters: {} })).toEqual({ count: 1, capped: false });
      const hits = (await asA('customers.search', { q: '共同', kind: 'all', limit: 50 })) as { id: string }[];
      expect(hits.map((h) => h.id).sort()).toEqual([A.personId, A.secondPersonId, A.institutionId].sort());
      expect(((await asA('customers.search', { q: '1234' })) as { id: string }[]).map((h) => h.id)).toEqual([A.personId]);
      expect(((await asA('customers.views.list', { entity: 'person' })) as { id: string }[]).map((v) => v.id)).toEqual([A.viewId]);
      expect(await asA('customers.dashboard.byTier')).toEqual({ people: { A: 1, B: 0, C: 0, none: 1 }, institutions: { A: 0, B: 0, C: 0, none: 1 } });
    });

    it('A’s own records read normally', async () => {
      expect(((await asA('customers.people.get', { id: A.personId })) as { name: string }).name).toBe('共同名');
      expect(((await asA('customers.institutions.get', { id: A.institutionId })) as { departments: unknown[] }).departments).toHaveLength(1);
      expect(await asA('customers.institutions.departments', { institutionId: A.institutionId })).toHaveLength(1);
      expect(await asA('customers.lifecycle.history', { kind: 'person', id: A.personId })).toHaveLength(1);
      expect(((await asA('customers.timeline', { kind: 'person', id: A.personId })) as { items: unknown[] }).items).toHaveLength(1);
      expect(((await asA('customers.merge.preview', { kind: 'person', keepId: A.personId, mergeId: A.secondPersonId })) as { kept: { id: string } }).kept.id).toBe(A.personId);
    });
  });

  describe('B’s ids are not found from A', () => {
    it('people and institutions: read, change, archive, restore, unmask, timeline, history', async () => {
      await notFound('customers.people.get', { id: B.personId });
      await notFound('customers.people.update', { id: B.personId, name: 'hijacked' });
      await notFound('customers.people.archive', { id: B.personId });
      await notFound('customers.people.restore', { id: B.personId });
      await notFound('customers.institutions.get', { id: B.institutionId });
      await notFound('customers.institutions.departments', { institutionId: B.institutionId });
      await notFound('customers.institutions.update', { id: B.institutionId, name: 'hijacked' });
      await notFound('customers.institutions.archive', { id: B.institutionId });
      await notFound('customers.institutions.restore', { id: B.institutionId });
      await notFound('customers.unmask', { kind: 'person', id: B.personId, field: 'idNumber' });
      await notFound('customers.timeline', { kind: 'institution', id: B.institutionId });
      await notFound('customers.lifecycle.history', { kind: 'person', id: B.personId });
      await notFound('customers.lifecycle.change', { kind: 'person', id: B.personId, field: 'tier', value: 'C', reason: 'x' });
    });

    it('creating with B’s institution, department, parent or territory is refused', async () => {
      for (const input of [
        { name: '新人', affiliations: [{ institutionId: B.institutionId, isPrimary: true }], allowDuplicate: true },
        { name: '新人', affiliations: [{ institutionId: A.institutionId, departmentId: B.departmentId, isPrimary: true }], allowDuplicate: true },
        { name: '新人', territoryId: B.territoryId, allowDuplicate: true },
      ]) {
        expect((await failureOf(asA('customers.people.create', input))).appCode).toBe('VALIDATION');
      }
      expect((await failureOf(asA('customers.institutions.create', { name: '新医院', territoryId: B.territoryId, allowDuplicate: true }))).appCode).toBe('VALIDATION');
      expect((await failureOf(asA('customers.institutions.create', { name: '新医院', territoryId: A.territoryId, parentId: B.institutionId, allowDuplicate: true }))).appCode).toBe('VALIDATION');
      // Duplicate detection does not look into B: B's phone and name are free in A.
      const created = (await asA('customers.people.create', { name: '共同名', contacts: [{ kind: 'mobile', value: '13900001234' }], territoryId: A.territoryId })) as { status: string };
      expect(created.status).toBe('duplicates'); // A's own 共同名 has the same phone
      const fresh = (await asA('customers.institutions.create', { name: `B-${db.driver} 共同医院`, territoryId: A.territoryId })) as { status: string };
      expect(fresh.status).toBe('created');
    });

    it('departments of B cannot be created, changed or deleted', async () => {
      await notFound('customers.departments.create', { institutionId: B.institutionId, name: '新科室' });
      await notFound('customers.departments.update', { id: B.departmentId, name: '改名' });
      await notFound('customers.departments.delete', { id: B.departmentId });
    });

    it('merge refuses B’s records in either place', async () => {
      await notFound('customers.merge.preview', { kind: 'person', keepId: A.personId, mergeId: B.personId });
      await notFound('customers.merge.run', { kind: 'person', keepId: B.personId, mergeId: A.secondPersonId });
      await notFound('customers.merge.run', { kind: 'institution', keepId: A.institutionId, mergeId: B.institutionId });
    });

    it('territories of B cannot be used, changed, deleted or staffed', async () => {
      await notFound('customers.territories.create', { parentId: B.territoryId, level: 'province', name: 'x', code: null });
      await notFound('customers.territories.update', { id: B.territoryId, name: 'hijacked' });
      await notFound('customers.territories.delete', { id: B.territoryId });
      await notFound('customers.territories.assign', { territoryId: B.territoryId, userId: A.adminId, role: 'rep' });
      await notFound('customers.territories.assign', { territoryId: A.territoryId, userId: B.adminId, role: 'rep' });
      await notFound('customers.territories.unassign', { territoryId: B.territoryId, userId: B.adminId });
    });

    it('custom fields and saved views of B cannot be touched', async () => {
      await notFound('customers.customFields.update', { id: B.fieldId, labelZh: 'x' });
      await notFound('customers.customFields.archive', { id: B.fieldId });
      await notFound('customers.customFields.restore', { id: B.fieldId });
      await notFound('customers.customFields.reorder', { entity: 'person', ids: [B.fieldId, A.fieldId] });
      await notFound('customers.views.update', { id: B.viewId, entity: 'person', name: 'x' });
      await notFound('customers.views.delete', { id: B.viewId });
      await notFound('customers.views.setDefault', { id: B.viewId, isDefault: false });
    });

    it('A’s own writes land in A', async () => {
      const t = (await asA('customers.territories.create', { parentId: A.territoryId, level: 'province', name: '新省', code: null })) as { id: string };
      await asA('customers.territories.update', { id: t.id, name: '新省份' });
      await asA('customers.territories.assign', { territoryId: t.id, userId: A.adminId, role: 'rep' });
      await asA('customers.territories.unassign', { territoryId: t.id, userId: A.adminId });
      await asA('customers.territories.delete', { id: t.id });
      const field = (await asA('customers.customFields.create', { entity: 'institution', type: 'number', labelZh: '床位数', labelEn: 'Beds' })) as { id: string };
      await asA('customers.customFields.update', { id: field.id, labelZh: '开放床位数' });
      await asA('customers.customFields.reorder', { entity: 'institution', ids: [field.id] });
      await asA('customers.customFields.archive', { id: field.id });
      await asA('customers.customFields.restore', { id: field.id });
      const dept = (await asA('customers.departments.create', { institutionId: A.institutionId, name: '内分泌科' })) as { id: string };
      await asA('customers.departments.update', { id: dept.id, specialty: '糖尿病' });
      await asA('customers.departments.delete', { id: dept.id });
      await asA('customers.people.update', { id: A.secondPersonId, specialty: '心血管' });
      await asA('customers.institutions.update', { id: A.institutionId, city: '上海' });
      await asA('customers.lifecycle.change', { kind: 'institution', id: A.institutionId, field: 'stage', value: 'active', reason: '签约' });
      await asA('customers.unmask', { kind: 'person', id: A.personId, field: 'idNumber' });
      const view = (await asA('customers.views.create', { entity: 'institution', name: '医院', definition: { filters: {}, columns: [], sort: null } })) as { id: string };
      await asA('customers.views.update', { id: view.id, entity: 'institution', name: '全部医院' });
      await asA('customers.views.setDefault', { id: view.id, isDefault: true });
      await asA('customers.views.delete', { id: view.id });
      const inst = (await asA('customers.institutions.create', { name: '临时医院', territoryId: A.territoryId, allowDuplicate: true })) as { id: string };
      await asA('customers.institutions.archive', { id: inst.id });
      await asA('customers.institutions.restore', { id: inst.id });
      await asA('customers.merge.run', { kind: 'institution', keepId: A.institutionId, mergeId: inst.id });
      const p = (await asA('customers.people.create', { name: '临时', territoryId: A.territoryId, allowDuplicate: true })) as { id: string };
      await asA('customers.people.archive', { id: p.id });
      await asA('customers.people.restore', { id: p.id });
      await asA('customers.merge.run', { kind: 'person', keepId: A.personId, mergeId: p.id });
      const rows = await db.sql<{ n: number | string }>('select count(*) as n from person where tenant_id = ? and id = ?', [A.tenantId, p.id]);
      expect(Number(rows[0]!.n)).toBe(1);
    });
  });

  it('left every customer row of tenant B exactly as it was', async () => {
    expect(await rowsOfB()).toEqual(snapshot);
  });

  it('exercised every customers.* procedure', () => {
    const expected = allProcedures()
      .map((p) => p.path)
      .filter((p) => p.startsWith('customers.'));
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter((p) => !called.has(p))).toEqual([]);
  });
});
