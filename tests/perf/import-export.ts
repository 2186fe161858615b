/**
 * One measurement of import and export throughput and memory (issue 8, scenarios 5 and 6) — a
 * script, not a test: targets are checked in benchmarks, never asserted in timed tests.
 *
 *   node --expose-gc --import tsx tests/perf/import-export.ts [--db sqlite|postgres] [--rows 100000]
 *
 * On a throwaway database (SQLite file, or a throwaway PostgreSQL server): a company, an admin and
 * 200 hospitals; a generated people CSV of --rows rows (external id, name, gender, title, hospital,
 * department, mobile, email, tier) imported through the real path (upload → start → the import
 * job), then imported again (every row an update), then exported to CSV and XLSX through the export
 * job. Prints rows/s and the process's peak RSS above the level before each step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const DB = arg('db', 'sqlite') as 'sqlite' | 'postgres';
const ROWS = Number(arg('rows', '100000'));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-perf-'));
process.env.RAPPORT_DATA_DIR = path.join(work, 'data');
process.env.LOG_LEVEL = 'warn';
process.env.RAPPORT_DATA_KEY ??= Buffer.alloc(32, 7).toString('base64');

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/** Samples RSS every 50 ms while `fn` runs: the peak above the level it started from. */
async function measure<T>(label: string, rows: number, fn: () => Promise<T>): Promise<T> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const seconds = (performance.now() - started) / 1000;
    gc?.();
    const retained = gc ? `; heap retained +${mb(process.memoryUsage().heapUsed - heapBefore)}` : '';
    console.log(`${DB.padEnd(8)} ${label.padEnd(28)} ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s; RSS ${mb(base)} → peak ${mb(peak)} (+${mb(peak - base)})${retained}`);
  }
}

async function main() {
  let pg: { url: string; stop(): Promise<void> } | null = null;
  if (DB === 'postgres') {
    const { startPostgres } = await import('../support/services');
    pg = await startPostgres();
    process.env.DATABASE_URL = pg.url;
  } else {
    process.env.SQLITE_PATH = path.join(work, 'perf.sqlite');
  }
  const { getOrm, forkEm, closeOrm } = await import('@/server/db/orm');
  const { migrateUp } = await import('@/prisma-free-db/migrate');
  const { ImportJobSchema, InstitutionSchema, MembershipSchema, TenantSchema, UserSchema } = await import('@/server/db/entities');
  const { newId } = await import('@/server/db/tenant-scope');
  const { nameKeys } = await import('@/server/services/customers/pinyin');
  const { actingContext } = await import('@/server/services/imports/acting-context');
  const { inspectImport, receiveUpload, startImport } = await import('@/server/services/imports/service');
  const { runImport } = await import('@/server/services/imports/engine');
  const { createExport, runExport } = await import('@/server/services/exports/service');
  const { insertAll } = await import('@/server/services/imports/adapters/shared-writes');

  try {
    const orm = await getOrm();
    await migrateUp(orm);
    const em0 = await forkEm();
    const tenantId = newId();
    const userId = newId();
    em0.create(TenantSchema, { id: tenantId, slug: `perf-${Date.now()}`, name: 'Perf', settings: { defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai' } } as never);
    em0.create(UserSchema, { id: userId, email: `perf-${Date.now()}@example.test`, name: '性能', passwordHash: 'x', locale: null, disabledAt: null, lastSignInAt: null });
    await em0.flush();
    const em = await forkEm(tenantId);
    em.create(MembershipSchema, { userId, roles: ['admin'], disabledAt: null });
    await em.flush();
    const now = new Date();
    const hospitals = Array.from({ length: 200 }, (_, i) => {
      const name = `性能测试第${i + 1}人民医院`;
      const keys = nameKeys(name, 'organisation');
      return {
        id: newId(), tenantId, externalId: `PH-${i}`, name, namePinyin: keys.full, nameInitials: keys.initials, type: 'hospital', hospitalLevel: '3A', parentId: null, territoryId: null,
        province: null, city: null, district: null, street: null, phone: null, website: null, legalRepresentative: null, registeredPlace: null, mainContactId: null,
        procurementScale: null, budgetRange: null, procurementCycle: null, tier: null, stage: 'active', custom: {}, mergedIntoId: null, deletedAt: null, createdBy: null, createdAt: now, updatedAt: now,
      };
    });
    await insertAll(em, InstitutionSchema, hospitals);

    // The file: written as a stream, so the generator itself holds no rows.
    const file = path.join(work, 'people.csv');
    const out = fs.createWriteStream(file);
    out.write('\uFEFF外部编号,姓名,性别,职称,医院,科室,手机,邮箱,客户分级\r\n');
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
    const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
    const titles = ['主任医师', '副主任医师', '主治医师', '住院医师'];
    const depts = ['心内科', '神经内科', '内分泌科', '呼吸科', '消化内科', '肿瘤科', '儿科', '妇产科', '骨科', '急诊科'];
    for (let i = 0; i < ROWS; i++) {
      const name = `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`;
      const line = `P-${i},${name},${i % 2 ? '男' : '女'},${titles[i % 4]},PH-${i % 200},${depts[i % 10]},1${String(3000000000 + i).padStart(10, '0')},p${i}@example.cn,${'ABC'[i % 3]}\r\n`;
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(r));
    console.log(`${DB}: ${ROWS} rows, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB CSV`);

    const ctxFor = async () => (await actingContext(await forkEm(tenantId), tenantId, userId, 'perf'))!;
    const importOnce = async (label: string) => {
      const ctx = await ctxFor();
      const { id } = await ctx.em.transactional((tx) => receiveUpload({ ...ctx, em: tx }, 'person', 'people.csv', fs.createReadStream(file)));
      await ctx.em.transactional(async (tx) => {
        const c = { ...ctx, em: tx };
        await startImport(c, id, (await inspectImport(c, id)).mapping, true);
      });
      const result = await measure(label, ROWS, () => runImport(tenantId, id));
      const job = await (await forkEm(tenantId)).findOneOrFail(ImportJobSchema, { id });
      console.log(`           → ${result.status}: created ${job.createdRows}, updated ${job.updatedRows}, failed ${job.failedRows}`);
    };
    await importOnce('import (all new)');
    await importOnce('re-import (all updates)');

    for (const format of ['csv', 'xlsx'] as const) {
      const ctx = await ctxFor();
      const { id } = await ctx.em.transactional((tx) =>
        createExport({ ...ctx, em: tx }, { entity: 'person', format, filters: {}, sort: { field: 'name', dir: 'asc' }, columns: ['externalId', 'name', 'gender', 'title', 'institution', 'department', 'tier', 'stage', 'mobile', 'email', 'idNumber'], unmasked: false }),
      );
      const result = await measure(`export ${format}`, ROWS, () => runExport(tenantId, id));
      console.log(`           → ${result.status}: ${result.rowCount} rows`);
    }
  } finally {
    await closeOrm();
    await pg?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
