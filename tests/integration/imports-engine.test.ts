/**
 * The import job itself: a cancelled import leaves nothing behind (cancelled while rows are being
 * checked, and while they are being written — the whole write rolls back), an import that crashes
 * half-way and runs again (at-least-once delivery) writes every row once, a finished import run
 * again changes nothing, and XLSX files import like CSV.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportJobSchema } from '@/server/db/entities';
import { adapterFor } from '@/server/services/imports/adapters';
import { BATCH_SIZE, runImport } from '@/server/services/imports/engine';
import { importRun } from '@/server/services/imports/jobs';
import type { ImportAdapter } from '@/server/services/imports/types';
import { forEachDatabase, signIn, type TestSession } from '../support/db';
import { connectPg } from '../support/services';
import { hospital, setupCompany, type Company } from './customers-fixtures';
import { csv, importFile, upload, useImportEnvironment } from './imports-support';

/** Runs `fn` with one adapter method replaced (restored afterwards). */
async function withPatched<K extends 'validate' | 'apply'>(entity: 'person', method: K, patch: (original: ImportAdapter[K]) => ImportAdapter[K], fn: () => Promise<void>) {
  const adapter = adapterFor(entity);
  const original = adapter[method];
  adapter[method] = patch(original.bind(adapter) as ImportAdapter[K]);
  try {
    await fn();
  } finally {
    adapter[method] = original;
  }
}

let phoneBlock = 0;

/** `count` people named after `prefix`, each with a phone number no other file here uses. */
function peopleFile(prefix: string, count: number, withIds = true): string {
  const block = ++phoneBlock;
  const rows: (string | number)[][] = [['外部编号', '姓名', '医院', '手机']];
  for (let i = 0; i < count; i++) rows.push([withIds ? `${prefix}-${i}` : '', `${prefix}医生${i}`, '浦东人民医院', `13${block % 10}${String(i).padStart(8, '0')}`]);
  return csv(rows);
}

forEachDatabase((db) => {
  const env = useImportEnvironment();
  let c: Company;
  let admin: TestSession;

  beforeAll(async () => {
    c = await setupCompany(`Imports engine ${db.driver}`);
    admin = await signIn(c.users.admin.id, c.tenantId);
    await hospital(c, '浦东人民医院', c.territories.pudong);
  });

  const countLike = async (prefix: string) => Number((await db.sql<{ n: number }>(`select count(*) as n from person where tenant_id = ? and name like ?`, [c.tenantId, `${prefix}%`]))[0]!.n);
  const rowsOf = async (id: string) => Number((await db.sql<{ n: number }>('select count(*) as n from import_row where job_id = ?', [id]))[0]!.n);

  async function uploaded(name: string, content: string): Promise<string> {
    const up = await upload(admin, 'person', name, content);
    expect(up.status).toBe(201);
    return up.body.id!;
  }

  describe('cancel', () => {
    it('while rows are being checked: nothing is written, the checked rows are gone', async () => {
      const id = await uploaded('cancel-check.csv', peopleFile('查消', BATCH_SIZE * 3));
      const api = c.users.admin.api;
      await withPatched(
        'person',
        'validate',
        (original) => async (rows, run) => {
          // The user presses Cancel while the second batch is being checked.
          if (rows[0]!.rowNumber > BATCH_SIZE) await api.imports.cancel({ id });
          return original(rows, run);
        },
        async () => {
          await api.imports.start({ id, mapping: (await api.imports.inspect({ id })).mapping, remember: false });
          await env.driver().drain(60_000);
        },
      );
      const job = await api.imports.get({ id });
      expect(job.status).toBe('cancelled');
      expect(await countLike('查消')).toBe(0);
      expect(await rowsOf(id)).toBe(0);
    });

    it('while rows are being written: the whole write rolls back, nothing is half-visible', async () => {
      const id = await uploaded('cancel-write.csv', peopleFile('写消', BATCH_SIZE * 3));
      const api = c.users.admin.api;
      let batches = 0;
      let seenFromOutside: number | null = null;
      await withPatched(
        'person',
        'apply',
        (original) => async (rows, run) => {
          batches++;
          if (batches === 2) {
            if (db.driver === 'postgresql') {
              // From another connection, the first batch (already written in the transaction) is invisible.
              const other = await connectPg(db.url!);
              try {
                const res = await other.query(`select count(*)::int as n from person where tenant_id = $1 and name like '写消%'`, [c.tenantId]);
                seenFromOutside = (res.rows[0] as { n: number }).n;
              } finally {
                await other.end();
              }
              await api.imports.cancel({ id });
            } else {
              // SQLite has one connection, held by the import's transaction: the request is recorded
              // through it (the cancel procedure would wait for the commit).
              await run.ctx.em.nativeUpdate(ImportJobSchema, { id }, { cancelRequestedAt: new Date() });
            }
          }
          return original(rows, run);
        },
        async () => {
          await api.imports.start({ id, mapping: (await api.imports.inspect({ id })).mapping, remember: false });
          await env.driver().drain(60_000);
        },
      );
      expect(batches).toBeGreaterThanOrEqual(2);
      if (db.driver === 'postgresql') expect(seenFromOutside).toBe(0);
      const job = await api.imports.get({ id });
      expect(job).toMatchObject({ status: 'cancelled', createdRows: 0, updatedRows: 0 });
      expect(await countLike('写消')).toBe(0);
      expect(await rowsOf(id)).toBe(0);
      const audit = await db.sql<{ action: string }>('select action from audit_entry where entity_id = ? order by seq', [id]);
      expect(audit.map((a) => a.action)).toEqual(['import.started', 'import.cancelled']);
    });

    it('a finished import cannot be cancelled; one not started yet is discarded', async () => {
      const api = c.users.admin.api;
      const { id } = await importFile(api, admin, env.driver(), 'person', 'done.csv', peopleFile('完成', 2));
      await expect(api.imports.cancel({ id })).rejects.toMatchObject({ cause: { code: 'IMPORT_FINISHED' } });
      const pending = await uploaded('pending.csv', peopleFile('待定', 2));
      expect(await api.imports.cancel({ id: pending })).toEqual({ status: 'cancelled' });
      expect((await api.imports.get({ id: pending })).status).toBe('cancelled');
      await expect(api.imports.start({ id: pending, mapping: {}, remember: false })).rejects.toMatchObject({ cause: { code: 'IMPORT_STARTED' } });
    });
  });

  describe('at-least-once delivery', () => {
    it('a crash in the middle of the write leaves nothing, and the next delivery completes it once', async () => {
      const id = await uploaded('crash2.csv', peopleFile('重投', BATCH_SIZE + 20, false));
      const api = c.users.admin.api;
      const { mapping } = await api.imports.inspect({ id });
      // Start without the queue: the job row is what a delivery finds.
      await db.sql(`update import_job set status = 'validating', mapping = ? where id = ?`, [JSON.stringify(mapping), id]);
      let crashed = false;
      await withPatched(
        'person',
        'apply',
        (original) => async (rows, run) => {
          const out = await original(rows, run);
          if (!crashed && rows[0]!.rowNumber > BATCH_SIZE) {
            crashed = true;
            throw new Error('worker lost');
          }
          return out;
        },
        async () => {
          await expect(runImport(c.tenantId, id)).rejects.toThrow('worker lost');
          expect(await countLike('重投')).toBe(0);
          expect((await api.imports.get({ id })).status).toBe('importing');
          await runImport(c.tenantId, id);
        },
      );
      const job = await api.imports.get({ id });
      expect(job).toMatchObject({ status: 'completed', createdRows: BATCH_SIZE + 20, failedRows: 0 });
      expect(await countLike('重投')).toBe(BATCH_SIZE + 20);
      // Delivered once more after it finished: nothing changes.
      const again = await importRun.handle({ tenantId: c.tenantId, importId: id }, { tenantId: c.tenantId, em: await db.em(c.tenantId), jobId: 'again', attempt: 1 });
      expect(again).toEqual({ status: 'completed' });
      expect(await countLike('重投')).toBe(BATCH_SIZE + 20);
    });
  });

  it('imports an XLSX file: dates, numbers and rich text read as the user sees them', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('医生');
    sheet.addRow(['外部编号', '姓名', '医院', '手机', '生日', '职称']);
    sheet.addRow(['X-1', '周杰', '浦东人民医院', 13800138888, new Date(Date.UTC(1980, 4, 6)), '主任医师']);
    sheet.addRow([]);
    sheet.addRow(['X-2', { richText: [{ text: '吴' }, { text: '磊', font: { bold: true } }] }, '浦东人民医院', '13800138889', '1985/12/1', '副主任医师']);
    sheet.addRow(['X-3', '', '浦东人民医院', '13800138890', '', '']);
    sheet.getCell('E2').numFmt = 'yyyy-mm-dd';
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    const { id, job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', '医生.xlsx', buffer);
    expect(job).toMatchObject({ status: 'completed', totalRows: 3, createdRows: 2, failedRows: 1 });
    const rows = await db.sql<{ external_id: string; name: string; mobile: string; birthday: string; title: string }>(
      `select external_id, name, mobile, birthday, title from person where tenant_id = ? and external_id like 'X-%' order by external_id`,
      [c.tenantId],
    );
    expect(rows).toEqual([
      { external_id: 'X-1', name: '周杰', mobile: '13800138888', birthday: '1980-05-06', title: 'chief' },
      { external_id: 'X-2', name: '吴磊', mobile: '13800138889', birthday: '1985-12-01', title: 'associate_chief' },
    ]);
    const problems = await c.users.admin.api.imports.problems({ id, limit: 10 });
    // Row numbers are the sheet's own (the blank row 3 still counts).
    expect(problems.rows).toEqual([{ rowNumber: 5, problems: [expect.objectContaining({ field: 'name', column: '姓名' })] }]);
  });
});
