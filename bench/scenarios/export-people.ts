import type { JobScenario } from '../lib/types';

/** 6. Export every person of the company (admin) to CSV through the export job, and download it. */
const scenario: JobScenario = {
  kind: 'job',
  id: 'export-people',
  title: '6. Export people to CSV (job, admin)',
  targets: { rowsPerSecond: 10_000, rssGrowthMb: 200 },
  async run(ctx) {
    const started = performance.now();
    const { id } = await ctx.admin.trpc<{ id: string }>('mutation', 'exports.create', {
      entity: 'person',
      format: 'csv',
      filters: {},
      sort: { field: 'name', dir: 'asc' },
      columns: ['externalId', 'name', 'gender', 'title', 'institution', 'department', 'tier', 'stage', 'mobile', 'email'],
      unmasked: false,
    });
    let job: { status: string; rowCount: number; error?: string | null };
    for (;;) {
      job = await ctx.admin.trpc('query', 'exports.get', { id });
      if (job.status === 'completed' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    if (job.status !== 'completed') return { rows: 0, seconds, rowsPerSecond: 0, errors: 1, note: `export ${job.status}: ${job.error ?? ''}` };
    const file = await ctx.admin.request('GET', `/api/exports/${id}`);
    const lines = file.body.split('\n').filter((l) => l.trim()).length - 1;
    return {
      rows: job.rowCount,
      seconds,
      rowsPerSecond: Math.round(job.rowCount / seconds),
      errors: file.status === 200 && lines === job.rowCount ? 0 : 1,
      note: `download ${file.status}, ${(Buffer.byteLength(file.body) / 1024 / 1024).toFixed(1)} MB, ${lines} data lines`,
    };
  },
};
export default scenario;
