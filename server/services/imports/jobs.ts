import { z } from 'zod';
import { ExportJobSchema, ImportJobSchema, ImportRowSchema } from '@/server/db/entities';
import { defineJob, tenantPayload } from '@/server/jobs/define';
import { errorFields, log } from '@/server/log';
import { fromStored, removeFile } from './files';
import { EXPORT_JOB, IMPORT_JOB } from './job-names';

/**
 * Background jobs of imports and exports (listed in server/jobs/core-jobs.ts). The services are
 * loaded when a job runs, not with this module: they reach the plugin host, which loads this
 * module through the core job list.
 */
const engine = () => import('./engine');
const exportsService = () => import('@/server/services/exports/service');

const ATTEMPTS = 3;
const id = z.string().min(1).max(64);

/**
 * Runs an import. A reason it can never succeed (unreadable file, the importer lost the right)
 * ends it at once; anything else is retried — every step of the import can run again — and ends
 * it as failed after the last attempt, so no import waits forever.
 */
export const importRun = defineJob({
  name: IMPORT_JOB,
  payload: tenantPayload.extend({ importId: id }),
  attempts: ATTEMPTS,
  backoffMs: 5_000,
  async handle({ tenantId, importId }, { attempt }) {
    const { failImport, ImportFailure, runImport } = await engine();
    try {
      return await runImport(tenantId, importId);
    } catch (err) {
      if (err instanceof ImportFailure) {
        await failImport(tenantId, importId, err.reason);
        return { status: 'failed', reason: err.reason };
      }
      if (attempt >= ATTEMPTS) {
        log.error('import failed after its last attempt', { importId, tenantId, ...errorFields(err) });
        await failImport(tenantId, importId, 'unexpected');
        return { status: 'failed', reason: 'unexpected' };
      }
      throw err;
    }
  },
});

export const exportRun = defineJob({
  name: EXPORT_JOB,
  payload: tenantPayload.extend({ exportId: id }),
  attempts: ATTEMPTS,
  backoffMs: 5_000,
  async handle({ tenantId, exportId }, { attempt }) {
    const { ExportFailure, failExport, runExport } = await exportsService();
    try {
      return await runExport(tenantId, exportId);
    } catch (err) {
      if (err instanceof ExportFailure) {
        await failExport(tenantId, exportId, err.reason);
        return { status: 'failed', reason: err.reason };
      }
      if (attempt >= ATTEMPTS) {
        log.error('export failed after its last attempt', { exportId, tenantId, ...errorFields(err) });
        await failExport(tenantId, exportId, 'unexpected');
        return { status: 'failed', reason: 'unexpected' };
      }
      throw err;
    }
  },
});

const HOUR = 3_600_000;
const ABANDONED_UPLOAD_MS = 7 * 24 * HOUR;
const REPORT_RETENTION_MS = 30 * 24 * HOUR;
/** Longer than any batch (or SQLite apply transaction) takes: a job this quiet has lost its worker. */
const STALLED_MS = HOUR;

/**
 * Hourly, per company: export files older than 7 days are deleted; uploads never started are
 * discarded after 7 days; error reports are kept 30 days; imports and exports whose worker died
 * (an in-process queue loses its jobs on restart) are queued again — they resume safely.
 */
export const importExportHousekeeping = defineJob({
  name: 'core.import-export-housekeeping',
  payload: tenantPayload,
  schedule: { cron: '41 * * * *' },
  async handle({ tenantId }, { em }) {
    const [{ expireExports }, { enqueue }] = await Promise.all([exportsService(), import('@/server/jobs/queue')]);
    const now = Date.now();
    const expired = await expireExports(tenantId);

    const abandoned = await em.find(ImportJobSchema, { status: 'uploaded', createdAt: { $lt: new Date(now - ABANDONED_UPLOAD_MS) } }, { fields: ['id', 'filePath'] });
    for (const job of abandoned) {
      removeFile(fromStored(job.filePath));
      await em.nativeUpdate(ImportJobSchema, { id: job.id, status: 'uploaded' }, { status: 'cancelled', finishedAt: new Date(), updatedAt: new Date() });
    }

    const finishedLongAgo = await em.find(ImportJobSchema, { status: { $in: ['completed', 'failed', 'cancelled'] }, finishedAt: { $lt: new Date(now - REPORT_RETENTION_MS) } }, { fields: ['id'] });
    let reportRows = 0;
    if (finishedLongAgo.length) reportRows = await em.nativeDelete(ImportRowSchema, { jobId: { $in: finishedLongAgo.map((j) => j.id) } });

    const stalledImports = await em.find(ImportJobSchema, { status: { $in: ['validating', 'validated', 'importing'] }, updatedAt: { $lt: new Date(now - STALLED_MS) } }, { fields: ['id'] });
    for (const job of stalledImports) {
      await em.nativeUpdate(ImportJobSchema, { id: job.id }, { updatedAt: new Date() });
      await enqueue(IMPORT_JOB, { tenantId, importId: job.id }, { jobId: `import-${job.id}-r${now}` });
    }
    const stalledExports = await em.find(ExportJobSchema, { status: { $in: ['queued', 'running'] }, updatedAt: { $lt: new Date(now - STALLED_MS) } }, { fields: ['id'] });
    for (const job of stalledExports) {
      await em.nativeUpdate(ExportJobSchema, { id: job.id }, { updatedAt: new Date() });
      await enqueue(EXPORT_JOB, { tenantId, exportId: job.id }, { jobId: `export-${job.id}-r${now}` });
    }
    return { expired, abandoned: abandoned.length, reportRows, requeued: stalledImports.length + stalledExports.length };
  },
});
