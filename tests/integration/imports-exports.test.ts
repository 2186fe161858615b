/**
 * Exports of filtered lists (issue 3, "Import and export"): a rep's export holds only the customers
 * of their territories, with the ID number (and sensitive custom fields) masked; unmasked files
 * need customers.unmask; every export is audited with its filters, row count and masking; only the
 * requester can download the file, and files expire after 7 days.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExportJobSchema } from '@/server/db/entities';
import { importExportHousekeeping } from '@/server/services/imports/jobs';
import { forEachDatabase, signIn, type TestSession } from '../support/db';
import { doctor, hospital, setupCompany, type Company } from './customers-fixtures';
import { download, parseCsv, useImportEnvironment } from './imports-support';

const ID_PUDONG = '11010519491231002X';
const ID_XUHUI = '110101199003077598';

forEachDatabase((db) => {
  const env = useImportEnvironment();
  let c: Company;
  let sessions: Record<'admin' | 'rep' | 'manager', TestSession>;

  beforeAll(async () => {
    c = await setupCompany(`Exports ${db.driver}`);
    sessions = {
      admin: await signIn(c.users.admin.id, c.tenantId),
      rep: await signIn(c.users.rep.id, c.tenantId),
      manager: await signIn(c.users.manager.id, c.tenantId),
    };
    // Reps do not export by default; this company lets them.
    await c.users.admin.api.admin.roles.setGrant({ role: 'rep', permission: 'customers.export', granted: true });
    await c.users.admin.api.customers.customFields.create({ entity: 'person', key: 'bank_account', type: 'text', labelZh: '银行账号', labelEn: 'Bank account', required: false, sensitive: true, options: [] });
    const pudong = await hospital(c, '浦东人民医院', c.territories.pudong);
    const xuhui = await hospital(c, '徐汇中心医院', c.territories.xuhui);
    await doctor(c, '王浦东', pudong, { externalId: 'E-1', idNumber: ID_PUDONG, tier: 'A', custom: { bank_account: '6222020200112233' } });
    await doctor(c, '李浦东', pudong, { externalId: 'E-2', tier: 'B' });
    await doctor(c, '赵徐汇', xuhui, { externalId: 'E-3', idNumber: ID_XUHUI, tier: 'A' });
  });

  async function exportAndWait(who: 'admin' | 'rep' | 'manager', input: Record<string, unknown>) {
    const { id } = await c.users[who].api.exports.create(input as never);
    await env.driver().drain(60_000);
    return { id, job: await c.users[who].api.exports.get({ id }) };
  }

  const auditOf = async (id: string) => {
    const rows = await db.sql<{ action: string; actor_user_id: string; changes: string | Record<string, unknown> }>('select action, actor_user_id, changes from audit_entry where entity_id = ? order by seq', [id]);
    return rows.map((r) => ({ ...r, changes: typeof r.changes === 'string' ? (JSON.parse(r.changes) as Record<string, unknown>) : r.changes }));
  };

  it('a rep’s export holds only their territory’s customers, with the ID number masked', async () => {
    const { id, job } = await exportAndWait('rep', {
      entity: 'person',
      format: 'csv',
      filters: {},
      sort: { field: 'name', dir: 'asc' },
      columns: ['externalId', 'name', 'institution', 'tier', 'idNumber', 'custom.bank_account'],
      unmasked: false,
    });
    expect(job).toMatchObject({ status: 'completed', rowCount: 2, unmasked: false, downloadUrl: `/api/exports/${id}` });
    const file = await download(sessions.rep, id);
    expect(file.status).toBe(200);
    expect(file.type).toContain('text/csv');
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(file.body.toString('utf8'));
    expect(rows).toEqual([
      ['External ID', 'Name', 'Institution', 'Tier', 'ID number', 'Bank account'],
      ['E-2', '李浦东', '浦东人民医院', 'B', '', ''],
      ['E-1', '王浦东', '浦东人民医院', 'A', '****002X', '******'],
    ]);
    expect(file.body.toString('utf8')).not.toContain(ID_PUDONG);
    expect(file.body.toString('utf8')).not.toContain('6222020200112233');

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['export.created', 'export.downloaded']);
    expect(audit[0]).toMatchObject({ actor_user_id: c.users.rep.id, changes: { entity: 'person', format: 'csv', filters: {}, rowCount: 2, masked: true } });
  });

  it('unmasked files need customers.unmask; an admin’s unmasked XLSX holds the real values and says so in the audit', async () => {
    await expect(
      c.users.rep.api.exports.create({ entity: 'person', format: 'csv', filters: {}, sort: null, columns: ['name', 'idNumber'], unmasked: true }),
    ).rejects.toMatchObject({ cause: { code: 'FORBIDDEN' } });

    const { id, job } = await exportAndWait('admin', {
      entity: 'person',
      format: 'xlsx',
      filters: { tier: ['A'] },
      sort: { field: 'name', dir: 'asc' },
      columns: ['name', 'territory', 'idNumber', 'custom.bank_account'],
      unmasked: true,
    });
    expect(job).toMatchObject({ status: 'completed', rowCount: 2, unmasked: true });
    const file = await download(sessions.admin, id);
    expect(file.type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const values = book.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['Name', 'Territory', 'ID number', 'Bank account'],
      ['王浦东', '浦东', ID_PUDONG, '6222020200112233'],
      ['赵徐汇', '徐汇', ID_XUHUI],
    ]);
    const [created] = await auditOf(id);
    expect(created).toMatchObject({ action: 'export.created', changes: { filters: { tier: ['A'] }, rowCount: 2, masked: false } });
  });

  it('follows the list’s filters (one definition of the filtered list)', async () => {
    const { id, job } = await exportAndWait('manager', { entity: 'person', format: 'csv', filters: { territoryId: c.territories.xuhui }, sort: null, columns: ['name'], unmasked: false });
    expect(job.rowCount).toBe(1);
    expect(parseCsv((await download(sessions.manager, id)).body.toString('utf8'))).toEqual([['Name'], ['赵徐汇']]);
    const institutions = await exportAndWait('rep', { entity: 'institution', format: 'csv', filters: {}, sort: null, columns: ['name', 'territory'], unmasked: false });
    expect(parseCsv((await download(sessions.rep, institutions.id)).body.toString('utf8'))).toEqual([['Institution name', 'Territory'], ['浦东人民医院', '浦东']]);
  });

  it('the file is the requester’s alone, and expires after 7 days', async () => {
    const { id } = await exportAndWait('rep', { entity: 'person', format: 'csv', filters: {}, sort: null, columns: ['name'], unmasked: false });
    expect((await download(sessions.admin, id)).status).toBe(404);
    await expect(c.users.admin.api.exports.get({ id })).rejects.toMatchObject({ cause: { code: 'NOT_FOUND' } });
    expect((await c.users.admin.api.exports.mine({ entity: 'person' })).map((e) => e.id)).not.toContain(id);
    expect((await download(sessions.rep, id)).status).toBe(200);

    // Eight days later (written through the ORM, which stores dates each database's way).
    await (await db.em(c.tenantId)).nativeUpdate(ExportJobSchema, { id }, { finishedAt: new Date(Date.now() - 8 * 86_400_000) });
    await importExportHousekeeping.handle({ tenantId: c.tenantId }, { tenantId: c.tenantId, em: await db.em(c.tenantId), jobId: 'hk', attempt: 1 });
    expect(await c.users.rep.api.exports.get({ id })).toMatchObject({ status: 'completed', expired: true, downloadUrl: null });
    expect((await download(sessions.rep, id)).status).toBe(404);
  });

  it('exports interactions, tasks and orders too', async () => {
    const [drWang] = await db.sql<{ id: string }>(`select id from person where external_id = 'E-1' and tenant_id = ?`, [c.tenantId]);
    await c.users.rep.api.interactions.log({
      channel: 'visit',
      occurredAt: new Date(Date.now() - 3_600_000),
      personIds: [drWang!.id],
      institutionId: null,
      departmentId: null,
      productIds: [],
      keyMessages: ['安全性'],
      notes: '很好',
      outcome: 'positive',
      nextStep: '送资料',
      nextStepDue: null,
    });
    const interactions = await exportAndWait('rep', { entity: 'interaction', format: 'csv', filters: {}, columns: ['people', 'channel', 'notes', 'outcome'], unmasked: false });
    expect(parseCsv((await download(sessions.rep, interactions.id)).body.toString('utf8'))).toEqual([
      ['People met', 'Channel', 'Notes', 'Outcome'],
      ['王浦东', expect.any(String), '很好', expect.any(String)],
    ]);
    const tasks = await exportAndWait('rep', { entity: 'task', format: 'xlsx', filters: { view: 'open' }, columns: ['title', 'subject'], unmasked: false });
    expect(tasks.job).toMatchObject({ status: 'completed', rowCount: 1 });
    const orders = await exportAndWait('admin', { entity: 'order', format: 'csv', filters: {}, columns: ['orderNo', 'product', 'quantity'], unmasked: false });
    expect(orders.job).toMatchObject({ status: 'completed', rowCount: 0 });
  });

  describe('export options', () => {
    it('offer the list’s columns, custom fields included, and unmasking only to those who may', async () => {
      const forRep = await c.users.rep.api.exports.options({ entity: 'person' });
      expect(forRep.canUnmask).toBe(false);
      expect(forRep.columns.find((col) => col.key === 'custom.bank_account')).toEqual({ key: 'custom.bank_account', label: 'Bank account', sensitive: true });
      expect(forRep.defaults).toEqual(expect.arrayContaining(['externalId', 'name']));
      expect((await c.users.admin.api.exports.options({ entity: 'person' })).canUnmask).toBe(true);
    });
  });
});
