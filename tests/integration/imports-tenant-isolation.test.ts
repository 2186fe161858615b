/**
 * Tenant isolation of imports and exports (the import/export half of tenant-isolation.test.ts):
 * company A's admin calls every `imports.*` and `exports.*` procedure and the file routes, handing
 * over company B's ids wherever one is taken. Reads show only A; B's imports, reports and export
 * files are not found; afterwards every import/export row of B is exactly as it was. The last check
 * makes sure every procedure of the two areas was called.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { allProcedures, callerFor, callPath, createTenantWithAdmin, failureOf, forEachDatabase, signIn, type Caller, type TestSession } from '../support/db';
import { createdId } from './customers-fixtures';
import { csv, download, importFile, report, upload, useImportEnvironment } from './imports-support';

interface Side {
  tenantId: string;
  api: Caller;
  session: TestSession;
  territoryId: string;
  completedImportId: string;
  pendingImportId: string;
  exportId: string;
}

const TABLES = ['import_job', 'import_row', 'import_mapping', 'export_job', 'person', 'institution', 'department', 'audit_entry'];

forEachDatabase((db) => {
  const env = useImportEnvironment();
  let A: Side;
  let B: Side;
  const called = new Set<string>();
  let snapshot: Record<string, unknown[]>;

  const asA = (p: string, input?: unknown) => {
    called.add(p);
    return callPath(A.api, p, input);
  };
  const notFound = async (p: string, input: unknown) => expect((await failureOf(asA(p, input))).appCode, p).toBe('NOT_FOUND');

  async function makeSide(name: string): Promise<Side> {
    const { tenant, admin } = await createTenantWithAdmin(name, { adminLocale: 'en' });
    const session = await signIn(admin.id, tenant.id);
    const api = callerFor(session);
    const territoryId = (await api.customers.territories.create({ parentId: null, level: 'region', name: `${name} 大区`, code: `${name}-R` })).id;
    await api.customers.customFields.create({ entity: 'person', key: `field_${name.toLowerCase()}`, type: 'text', labelZh: `${name} 字段`, labelEn: `${name} field`, required: false, sensitive: false, options: [] });
    createdId(await api.customers.institutions.create({ name: '共同医院', territoryId, allowDuplicate: true } as never));
    const file = csv([
      ['外部编号', '姓名', '医院', '手机'],
      ['P-1', `${name}医生`, '共同医院', '13800138000'],
      ['P-2', `${name}坏行`, '共同医院', '123'],
    ]);
    const done = await importFile(api, session, env.driver(), 'person', `${name}.csv`, file);
    const pending = await upload(session, 'person', `${name}-pending.csv`, file);
    const { id: exportId } = await api.exports.create({ entity: 'person', format: 'csv', filters: {}, sort: null, columns: ['name'], unmasked: false });
    await env.driver().drain(60_000);
    return { tenantId: tenant.id, api, session, territoryId, completedImportId: done.id, pendingImportId: pending.body.id!, exportId };
  }

  async function rowsOfB(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await db.sql(`select * from ${t} where tenant_id = ? order by id`, [B.tenantId]);
    return out;
  }

  beforeAll(async () => {
    A = await makeSide('A');
    B = await makeSide('B');
    snapshot = await rowsOfB();
    expect(snapshot.import_job).toHaveLength(2);
    expect(snapshot.export_job).toHaveLength(1);
  });

  it('reads show only A: history, fields, export options and exports', async () => {
    const list = (await asA('imports.list', { cursor: null, limit: 50 })) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id).sort()).toEqual([A.completedImportId, A.pendingImportId].sort());
    const fields = (await asA('imports.fields', { entity: 'person' })) as { key: string }[];
    expect(fields.map((f) => f.key)).toContain('custom.field_a');
    expect(fields.map((f) => f.key)).not.toContain('custom.field_b');
    const options = (await asA('exports.options', { entity: 'person' })) as { columns: { key: string }[] };
    expect(options.columns.map((c) => c.key)).toContain('custom.field_a');
    expect(options.columns.map((c) => c.key)).not.toContain('custom.field_b');
    const mine = (await asA('exports.mine', { entity: null })) as { id: string }[];
    expect(mine.map((e) => e.id)).toEqual([A.exportId]);
    expect(((await asA('exports.get', { id: A.exportId })) as { rowCount: number }).rowCount).toBe(1);
    expect(((await asA('imports.get', { id: A.completedImportId })) as { createdRows: number }).createdRows).toBe(1);
    expect(((await asA('imports.problems', { id: A.completedImportId, limit: 10 })) as { rows: unknown[] }).rows).toHaveLength(1);
    expect(((await asA('imports.inspect', { id: A.pendingImportId })) as { headers: string[] }).headers).toContain('姓名');
  });

  it('B’s imports and exports are not found from A', async () => {
    for (const id of [B.completedImportId, B.pendingImportId]) {
      await notFound('imports.get', { id });
      await notFound('imports.inspect', { id });
      await notFound('imports.preview', { id, mapping: { 姓名: 'name' } });
      await notFound('imports.start', { id, mapping: { 姓名: 'name' }, remember: true });
      await notFound('imports.cancel', { id });
      await notFound('imports.problems', { id, limit: 10 });
    }
    await notFound('exports.get', { id: B.exportId });
  });

  it('the file routes refuse B’s report and export file to A', async () => {
    expect((await report(A.session, B.completedImportId)).status).toBe(404);
    expect((await download(A.session, B.exportId)).status).toBe(404);
    expect((await report(A.session, A.completedImportId)).status).toBe(200);
    expect((await download(A.session, A.exportId)).status).toBe(200);
  });

  it('what A writes stays in A, even when it names B’s territory', async () => {
    const preview = (await asA('imports.preview', { id: A.pendingImportId, mapping: { 外部编号: 'externalId', 姓名: 'name', 医院: 'institution', 手机: 'mobile' } })) as { rows: unknown[] };
    expect(preview.rows).toHaveLength(2);
    await asA('imports.start', { id: A.pendingImportId, mapping: { 外部编号: 'externalId', 姓名: 'name', 医院: 'institution', 手机: 'mobile' }, remember: true });
    await env.driver().drain(60_000);
    // Same external id as B's person: A's import updates A's own, never B's.
    const people = await db.sql<{ tenant_id: string }>(`select tenant_id from person where external_id = 'P-1' order by tenant_id`);
    expect(people.map((p) => p.tenant_id).sort()).toEqual([A.tenantId, B.tenantId].sort());

    const up = await upload(A.session, 'person', 'another.csv', csv([['姓名'], ['某人']]));
    expect(up.status).toBe(201);
    const stored = path.join(env.dataDir(), 'uploads', A.tenantId, up.body.id!);
    expect(fs.existsSync(stored)).toBe(true);
    await asA('imports.cancel', { id: up.body.id });
    expect(fs.existsSync(stored)).toBe(false);

    const { id } = (await asA('exports.create', { entity: 'person', format: 'csv', filters: { territoryId: B.territoryId }, sort: null, columns: ['name'], unmasked: false })) as { id: string };
    await env.driver().drain(60_000);
    expect(((await A.api.exports.get({ id })) as { rowCount: number }).rowCount).toBe(0);
    const [row] = await db.sql<{ tenant_id: string; file_path: string }>('select tenant_id, file_path from export_job where id = ?', [id]);
    expect(row!.tenant_id).toBe(A.tenantId);
    expect(row!.file_path).toContain(A.tenantId);
  });

  it('left every import/export row of B exactly as it was', async () => {
    await env.driver().drain(60_000);
    expect(await rowsOfB()).toEqual(snapshot);
  });

  it('exercised every imports.* and exports.* procedure', () => {
    const expected = allProcedures()
      .map((p) => p.path)
      .filter((p) => p.startsWith('imports.') || p.startsWith('exports.'));
    expect(expected.length).toBeGreaterThanOrEqual(12);
    expect(expected.filter((p) => !called.has(p))).toEqual([]);
  });
});
