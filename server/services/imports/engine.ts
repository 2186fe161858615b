import fs from 'node:fs';
import readline from 'node:readline';
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ImportJobSchema, ImportRowSchema, type CustomFieldEntity, type ImportJob, type ImportRow } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { newId } from '@/server/db/tenant-scope';
import { dbDriver } from '@/server/env';
import type { PendingEvent } from '@/server/events/bus';
import { errorFields, log } from '@/server/log';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { accessScope } from '@/server/services/customers/access';
import { activeFields } from '@/server/services/customers/custom-fields';
import { actingContext, withEm } from './acting-context';
import { adapterFor } from './adapters';
import { maskedRaw } from './adapters/common';
import { insertAll } from './adapters/shared-writes';
import { fromStored, removeFile } from './files';
import { openSheet, SheetError, type SheetTable } from './sheet';
import type { ApplyOutcome, ImportAdapter, ImportFieldDef, ImportRun, RawRow, RowProblem } from './types';

/**
 * The import job: validate every row into import_row (batch by batch, each committed, so progress
 * shows and memory stays flat), then apply all valid rows in ONE transaction, batch by batch with
 * the EntityManager cleared in between. A cancel request is honoured between batches — during the
 * apply by rolling the whole transaction back — so a cancelled or failed import leaves nothing
 * half-visible. Every step can run again after a crash (delivery is at least once): validation
 * starts over, the apply transaction never committed, a finished import is left alone.
 *
 * Progress is counted in row-steps, two per row: `processedRows` runs from 0 to totalRows while
 * rows are checked and on to 2 × totalRows while they are written (see `importProgress`).
 *
 * The expensive work (parsing, lookups, checks, pinyin, encryption) happens while checking, so
 * the write transaction is short: on SQLite, whose single connection it holds, other requests
 * wait for it (about 10–20 s for 100k people on the reference machine).
 */
export const BATCH_SIZE = 500;

/** A reason the import cannot succeed however often it is retried (a message key in `imports.failures`). */
export class ImportFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

class Cancelled extends Error {}

const ACTIVE: ImportJob['status'][] = ['validating', 'validated', 'importing'];

/** Stored with each import row: the cells (sensitive ones masked) and, when valid, what to write. */
export interface StoredRowData {
  raw: Record<string, string>;
  prepared?: unknown;
}

/**
 * import_row.errors keeps `{ field, message, values }` with `message` a catalogue key: the report
 * is rendered when downloaded, in the reader's language.
 */
export function storedErrors(problems: RowProblem[]): ImportRow['errors'] {
  return problems.map((p) => ({ field: p.field, message: p.key, ...(p.values ? { values: p.values } : {}) }));
}

export function problemsOf(errors: ImportRow['errors']): RowProblem[] {
  return (errors as (ImportRow['errors'][number] & { values?: RowProblem['values'] })[]).map((e) => ({ field: e.field, key: e.message, values: e.values }));
}

/** Cell text as imported: trimmed, and without the apostrophe exports put before "=+-@" (formula guard). */
export function cleanCell(cell: string | undefined): string {
  const s = (cell ?? '').trim();
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

/** Column positions of the mapped fields; a mapped header missing from the file is an error. */
export function columnIndex(headers: string[], mapping: Record<string, string>): Map<string, number> {
  const index = new Map<string, number>();
  for (const [header, field] of Object.entries(mapping)) {
    const i = headers.indexOf(header);
    if (i < 0) throw new ImportFailure('headerMissing');
    index.set(field, i);
  }
  return index;
}

export function rawRow(rowNumber: number, cells: string[], index: Map<string, number>): RawRow {
  const raw: Record<string, string> = {};
  for (const [field, i] of index) raw[field] = cleanCell(cells[i]);
  return { rowNumber, raw };
}

export function customFieldEntity(entity: ImportJob['entity']): CustomFieldEntity | null {
  return entity === 'order' ? null : entity;
}

/** The importer's run context: scope, custom fields and a per-run cache. */
export async function buildRun(ctx: TenantContext, job: Pick<ImportJob, 'entity' | 'fileName'>): Promise<ImportRun> {
  const cfEntity = customFieldEntity(job.entity);
  const [scope, customFields] = await Promise.all([accessScope(ctx), cfEntity ? activeFields(ctx.em, cfEntity) : Promise.resolve([])]);
  return { ctx, scope, customFields, cache: new Map(), fileName: job.fileName };
}

/** Percent done and the current step, for the progress bar. */
export function importProgress(job: Pick<ImportJob, 'status' | 'totalRows' | 'processedRows'>): { percent: number; step: 'waiting' | 'checking' | 'writing' | 'done' } {
  if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') return { percent: 100, step: 'done' };
  if (job.status === 'uploaded') return { percent: 0, step: 'waiting' };
  const units = Math.max(1, job.totalRows * 2);
  const percent = Math.min(99, Math.floor((job.processedRows / units) * 100));
  return { percent, step: job.status === 'validating' ? 'checking' : 'writing' };
}

async function cancelRequested(em: EntityManager, id: string): Promise<boolean> {
  const row = await em.findOne(ImportJobSchema, { id }, { fields: ['cancelRequestedAt'], disableIdentityMap: true });
  return !!row?.cancelRequestedAt;
}

function importerCan(ctx: TenantContext, adapter: ImportAdapter): boolean {
  return ctx.permissions.has('customers.import') && ctx.permissions.has(adapter.writePermission);
}

/** Runs (or resumes) one import. Returns what happened, for the job log. */
export async function runImport(tenantId: string, importId: string): Promise<{ status: string }> {
  const em = await forkEm(tenantId);
  const job = await em.findOne(ImportJobSchema, { id: importId });
  if (!job) return { status: 'missing' };
  if (!ACTIVE.includes(job.status)) return { status: job.status };
  const adapter = adapterFor(job.entity);
  const ctx = await actingContext(em, tenantId, job.createdBy, `import-${importId}`);
  // Whoever started it must still be allowed to, now that it runs.
  if (!ctx || !importerCan(ctx, adapter)) throw new ImportFailure('notPermitted');
  const run = await buildRun(ctx, job);
  try {
    if (job.status === 'validating') await validatePhase(em, job, run, adapter);
    return await applyPhase(em, job, run, adapter);
  } catch (err) {
    if (err instanceof Cancelled) {
      await finishCancelled(em, job, ctx);
      return { status: 'cancelled' };
    }
    throw err;
  }
}

async function validatePhase(em: EntityManager, job: ImportJob, run: ImportRun, adapter: ImportAdapter): Promise<void> {
  // Starting over is always safe: nothing has been written but these rows.
  await em.nativeDelete(ImportRowSchema, { jobId: job.id });
  await em.nativeUpdate(ImportJobSchema, { id: job.id }, { updatedAt: new Date(), processedRows: 0, failedRows: 0, createdRows: 0, updatedRows: 0, startedAt: job.startedAt ?? new Date() });
  const fields = adapter.fields(run.customFields);
  let table: SheetTable;
  try {
    table = await openSheet(fromStored(job.filePath), job.format);
  } catch (err) {
    if (err instanceof SheetError) throw new ImportFailure(err.reason);
    throw err;
  }
  let total = 0;
  let failed = 0;
  let batch: RawRow[] = [];
  const flush = async () => {
    const validated = await adapter.validate(batch, { ...run, ctx: withEm(run.ctx, em) });
    const rows = validated.map((v) => ({
      id: newId(),
      tenantId: job.tenantId,
      jobId: job.id,
      rowNumber: v.rowNumber,
      status: v.prepared ? 'valid' : 'invalid',
      data: { raw: maskedRaw(v.raw, fields), ...(v.prepared ? { prepared: v.prepared } : {}) } satisfies StoredRowData,
      errors: storedErrors(v.problems),
    }));
    total += rows.length;
    failed += rows.filter((r) => r.status === 'invalid').length;
    await em.transactional(async (tx) => {
      await insertAll(tx, ImportRowSchema, rows);
      await tx.nativeUpdate(ImportJobSchema, { id: job.id }, { updatedAt: new Date(), processedRows: total, failedRows: failed, totalRows: Math.max(total, job.totalRows) });
    });
    em.clear();
    batch = [];
    if (await cancelRequested(em, job.id)) throw new Cancelled();
  };
  try {
    const index = columnIndex(table.headers, job.mapping);
    for await (const row of table.rows) {
      batch.push(rawRow(row.rowNumber, row.cells, index));
      if (batch.length >= BATCH_SIZE) await flush();
    }
    if (batch.length) await flush();
  } catch (err) {
    if (err instanceof SheetError) throw new ImportFailure(err.reason);
    throw err;
  } finally {
    table.close();
  }
  job.totalRows = total;
  job.failedRows = failed;
  await em.nativeUpdate(ImportJobSchema, { id: job.id }, { updatedAt: new Date(), status: 'validated', totalRows: total, processedRows: total, failedRows: failed });
}

function eventsFile(job: ImportJob): string {
  return `${fromStored(job.filePath)}.created`;
}

async function applyPhase(em: EntityManager, job: ImportJob, run: ImportRun, adapter: ImportAdapter): Promise<{ status: string }> {
  const total = job.totalRows;
  const invalidAtStart = await em.count(ImportRowSchema, { jobId: job.id, status: 'invalid' });
  await em.nativeUpdate(ImportJobSchema, { id: job.id }, { updatedAt: new Date(), status: 'importing', processedRows: total + invalidAtStart, createdRows: 0, updatedRows: 0, failedRows: invalidAtStart });
  if (await cancelRequested(em, job.id)) throw new Cancelled();

  // SQLite has one connection: progress written beside the transaction would wait for it. There
  // the bar jumps at commit; on PostgreSQL a second connection reports progress and reads cancels.
  const side = dbDriver() === 'postgresql' ? await forkEm(job.tenantId) : null;
  const created = fs.createWriteStream(eventsFile(job), { flags: 'w' });
  const counts = { created: 0, updated: 0, failed: invalidAtStart };
  try {
    await em.transactional(async (tx) => {
      const txRun: ImportRun = { ...run, ctx: withEm(run.ctx, tx) };
      let last = 0;
      for (;;) {
        const rows = await validRows(tx, job, last);
        if (!rows.length) break;
        last = rows[rows.length - 1]!.rowNumber;
        const outcomes = await adapter.apply(
          rows.map((r) => ({ rowNumber: r.rowNumber, raw: r.data.raw, prepared: r.data.prepared })),
          txRun,
        );
        await recordOutcomes(tx, rows, outcomes, counts, created);
        tx.clear();
        const progress = { updatedAt: new Date(), processedRows: total + counts.failed + counts.created + counts.updated, createdRows: counts.created, updatedRows: counts.updated, failedRows: counts.failed };
        if (side) {
          await side.nativeUpdate(ImportJobSchema, { id: job.id }, progress);
          if (await cancelRequested(side, job.id)) throw new Cancelled();
        } else if (await cancelRequested(tx, job.id)) throw new Cancelled();
      }
      // The written rows' payloads are no longer needed; the invalid ones feed the error report.
      await tx.nativeDelete(ImportRowSchema, { jobId: job.id, status: 'valid' });
      await tx.nativeUpdate(
        ImportJobSchema,
        { id: job.id },
        { updatedAt: new Date(), status: 'completed', processedRows: total * 2, createdRows: counts.created, updatedRows: counts.updated, failedRows: counts.failed, finishedAt: new Date() },
      );
      await recordAudit(tx, {
        ...auditMeta(txRun.ctx),
        action: 'import.completed',
        entity: 'ImportJob',
        entityId: job.id,
        changes: { entity: job.entity, fileName: job.fileName, totalRows: total, created: counts.created, updated: counts.updated, failed: counts.failed },
      });
    });
  } finally {
    await new Promise<void>((resolve) => created.end(resolve));
  }
  await announceCreated(job, adapter, run.ctx.session.user.id);
  removeFile(fromStored(job.filePath));
  return { status: 'completed' };
}

/**
 * The next batch of valid rows after row `after`, read without the ORM's entity machinery (only
 * the payload is needed) — so by hand within the tenant.
 */
async function validRows(tx: EntityManager, job: ImportJob, after: number): Promise<{ id: string; rowNumber: number; data: StoredRowData }[]> {
  const rows = await (tx as SqlEntityManager)
    .getConnection()
    .execute<{ id: string; row_number: number; data: string | StoredRowData }[]>(
      `select id, row_number, data from import_row where tenant_id = ? and job_id = ? and status = 'valid' and row_number > ? order by row_number limit ${BATCH_SIZE}`,
      [job.tenantId, job.id, after],
      'all',
      tx.getTransactionContext(),
    );
  return rows.map((r) => ({ id: r.id, rowNumber: Number(r.row_number), data: typeof r.data === 'string' ? (JSON.parse(r.data) as StoredRowData) : r.data }));
}

async function recordOutcomes(
  tx: EntityManager,
  rows: { id: string; rowNumber: number }[],
  outcomes: ApplyOutcome[],
  counts: { created: number; updated: number; failed: number },
  created: fs.WriteStream,
): Promise<void> {
  const idByRow = new Map(rows.map((r) => [r.rowNumber, r.id]));
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.result === 'created') {
      counts.created++;
      lines.push(o.recordId);
    } else if (o.result === 'updated') counts.updated++;
    else if (o.result === 'duplicate' || o.result === 'invalid') {
      counts.failed++;
      // Kept (inside the transaction) for the error report: why this row was not written.
      await tx.nativeUpdate(ImportRowSchema, { id: idByRow.get(o.rowNumber)! }, { status: 'invalid', errors: storedErrors(o.problems) });
    }
  }
  if (lines.length && !created.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => created.once('drain', () => resolve()));
}

/** After commit: `customer.created` / `interaction.created` for every record the import created. */
async function announceCreated(job: ImportJob, adapter: ImportAdapter, actorUserId: string): Promise<void> {
  const file = eventsFile(job);
  try {
    if (!adapter.createdEvent) return;
    // Loaded here: the bus reaches the plugin host, which loads the job list that loads this module.
    const { eventBus } = await import('@/server/trpc/release');
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let pending: PendingEvent[] = [];
    for await (const id of lines) {
      if (!id) continue;
      pending.push(
        adapter.createdEvent === 'customer.created'
          ? { name: 'customer.created', payload: { tenantId: job.tenantId, customerId: id, kind: job.entity === 'institution' ? 'institution' : 'person', actorUserId } }
          : { name: 'interaction.created', payload: { tenantId: job.tenantId, interactionId: id, actorUserId } },
      );
      if (pending.length >= 200) {
        await eventBus().dispatch(pending);
        pending = [];
      }
    }
    if (pending.length) await eventBus().dispatch(pending);
  } catch (err) {
    // The import is committed; a subscriber's trouble must not turn it into a failure.
    log.error('import events could not all be delivered', { importId: job.id, ...errorFields(err) });
  } finally {
    removeFile(file);
  }
}

async function finishCancelled(em: EntityManager, job: ImportJob, ctx: TenantContext): Promise<void> {
  em.clear();
  await em.transactional(async (tx) => {
    await tx.nativeDelete(ImportRowSchema, { jobId: job.id });
    await tx.nativeUpdate(ImportJobSchema, { id: job.id }, { updatedAt: new Date(), status: 'cancelled', finishedAt: new Date(), processedRows: 0, createdRows: 0, updatedRows: 0 });
    await recordAudit(tx, { ...auditMeta(withEm(ctx, tx)), action: 'import.cancelled', entity: 'ImportJob', entityId: job.id, changes: { entity: job.entity, fileName: job.fileName } });
  });
  removeFile(fromStored(job.filePath));
  removeFile(eventsFile(job));
}

/** Ends an import that cannot succeed: nothing of it stays but the reason. */
export async function failImport(tenantId: string, importId: string, reason: string): Promise<void> {
  const em = await forkEm(tenantId);
  const job = await em.findOne(ImportJobSchema, { id: importId });
  if (!job || !ACTIVE.includes(job.status)) return;
  await em.transactional(async (tx) => {
    await tx.nativeDelete(ImportRowSchema, { jobId: importId });
    await tx.nativeUpdate(ImportJobSchema, { id: importId }, { updatedAt: new Date(), status: 'failed', error: reason, finishedAt: new Date(), createdRows: 0, updatedRows: 0 });
    await recordAudit(tx, { tenantId, actorUserId: job.createdBy, action: 'import.failed', entity: 'ImportJob', entityId: importId, changes: { entity: job.entity, fileName: job.fileName, reason } });
  });
  removeFile(fromStored(job.filePath));
  removeFile(eventsFile(job));
}

/** The first rows of the file checked against a mapping, without writing anything (the preview). */
export async function previewRows(run: ImportRun, job: Pick<ImportJob, 'filePath' | 'format' | 'entity'>, mapping: Record<string, string>, count: number) {
  const adapter = adapterFor(job.entity);
  const table = await openSheet(fromStored(job.filePath), job.format);
  const rows: RawRow[] = [];
  try {
    const index = columnIndex(table.headers, mapping);
    for await (const row of table.rows) {
      rows.push(rawRow(row.rowNumber, row.cells, index));
      if (rows.length >= count) break;
    }
  } finally {
    table.close();
  }
  const fields: ImportFieldDef[] = adapter.fields(run.customFields);
  const validated = await adapter.validate(rows, run);
  return validated.map((v) => ({ ...v, raw: maskedRaw(v.raw, fields) }));
}
