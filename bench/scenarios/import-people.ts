import fs from 'node:fs';
import path from 'node:path';
import { sqlFor } from '../lib/db';
import type { JobScenario } from '../lib/types';

/**
 * 5. Import 100k new people from a CSV through the real path (upload → mapping → start → the
 * import job on the queue), as admin. Rows/s is wall time from start to the finished job.
 */
const ROWS: Record<string, number> = { small: 20_000, large: 100_000 };

const scenario: JobScenario = {
  kind: 'job',
  id: 'import-people',
  title: '5. Import people from CSV (job queue, admin)',
  targets: { rowsPerSecond: 2_000, rssGrowthMb: 200 },
  async run(ctx) {
    const rows = ROWS[ctx.scale] ?? 100_000;
    const insts = await ctx.raw.all<{ name: string }>(
      sqlFor(ctx.db, 'select name from institution where tenant_id = ? and deleted_at is null group by name having count(*) = 1 order by name limit 200'),
      [ctx.facts.tenantId],
    );
    if (!insts.length) throw new Error('import-people: no institutions');
    const file = path.join(ctx.workDir, 'people-import.csv');
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
    const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
    const titles = ['主任医师', '副主任医师', '主治医师', '住院医师'];
    const depts = ['心内科', '神经内科', '内分泌科', '呼吸科', '消化内科', '肿瘤科', '儿科', '妇产科', '骨科', '急诊科'];
    const lines = ['\uFEFF外部编号,姓名,性别,职称,医院,科室,手机,邮箱,客户分级'];
    for (let i = 0; i < rows; i++) {
      const name = `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`;
      lines.push(`BENCH-${i},${name},${i % 2 ? '男' : '女'},${titles[i % 4]},${insts[i % insts.length]!.name},${depts[i % 10]},1${String(5000000000 + i).padStart(10, '0')},bench${i}@example.cn,${'ABC'[i % 3]}`);
    }
    fs.writeFileSync(file, lines.join('\r\n') + '\r\n');

    const size = fs.statSync(file).size;
    const upload = await ctx.admin.request('POST', '/api/imports?entity=person', fs.createReadStream(file), {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      'x-file-name': encodeURIComponent('benchmark-people.csv'),
    });
    if (upload.status !== 201) throw new Error(`upload: HTTP ${upload.status} ${upload.body.slice(0, 300)}`);
    const { id } = JSON.parse(upload.body) as { id: string };
    const inspected = await ctx.admin.trpc<{ mapping: Record<string, string> }>('query', 'imports.inspect', { id });
    const started = performance.now();
    await ctx.admin.trpc('mutation', 'imports.start', { id, mapping: inspected.mapping, remember: true });
    let job: { status: string; createdRows: number; updatedRows: number; failedRows: number; error: string | null };
    for (;;) {
      job = await ctx.admin.trpc('query', 'imports.get', { id });
      if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const done = job.createdRows + job.updatedRows;
    return {
      rows: done,
      seconds,
      rowsPerSecond: Math.round(done / seconds),
      errors: job.status === 'completed' ? job.failedRows : rows - done,
      note: `${job.status}: ${rows} rows in the file (${(size / 1024 / 1024).toFixed(1)} MB), created ${job.createdRows}, updated ${job.updatedRows}, failed ${job.failedRows}${job.error ? `, ${job.error}` : ''}`,
    };
  },
};
export default scenario;
