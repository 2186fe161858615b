import fs from 'node:fs';
import { ExportJobSchema, type ExportJob, type ListEntity } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { DomainError, errors } from '@/server/errors';
import { translatorFor } from '@/server/i18n/catalog';
import type { Locale } from '@/server/i18n/locales';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { activeFields } from '@/server/services/customers/custom-fields';
import { customerMasking } from '@/server/services/customers/masking';
import type { InstitutionFilters, ListSort, PeopleFilters } from '@/server/services/customers/list-input';
import type { TaskView } from '@/server/services/work/tasks';
import { actingContext } from '@/server/services/imports/acting-context';
import { exportPath, fileExists, fromStored, removeFile, toStored } from '@/server/services/imports/files';
import { EXPORT_JOB } from '@/server/services/imports/job-names';
import { chosenColumns, columnLabel, defaultColumns, exportColumns } from './columns';
import type { ExportRequest, OrderExportFilters, StoredExportFilters } from './filters';
import { institutionRows, interactionRows, orderRows, personRows, taskRows, type ExportRow, type InteractionExportFilters, type SourceOptions } from './sources';
import { openWriter } from './writer';

/**
 * Exports of a filtered list: asked for in a request, produced by a job (so 100k rows never tie
 * up a request), downloadable by the requester only, for EXPORT_RETENTION_DAYS. Record-level
 * access and masking are those of the lists; unmasked files need customers.unmask and say so in
 * the audit entry.
 */
export const EXPORT_RETENTION_DAYS = 7;

/** Besides customers.export (the router's check): the permission to read the list itself. */
const READ_PERMISSION: Record<ListEntity, string> = {
  person: 'customers.read',
  institution: 'customers.read',
  interaction: 'interactions.read',
  task: 'tasks.write',
  order: 'orders.read',
};

function customFieldEntity(entity: ListEntity): 'person' | 'institution' | 'interaction' | null {
  return entity === 'person' || entity === 'institution' || entity === 'interaction' ? entity : null;
}

function assertCanExport(ctx: Pick<TenantContext, 'permissions'>, entity: ListEntity, unmasked: boolean): void {
  if (!ctx.permissions.has(READ_PERMISSION[entity])) throw errors.forbidden(READ_PERMISSION[entity]);
  if (unmasked && !ctx.permissions.has('customers.unmask')) throw errors.forbidden('customers.unmask');
}

async function columnsFor(ctx: TenantContext, entity: ListEntity) {
  const cf = customFieldEntity(entity);
  return exportColumns(entity, cf ? await activeFields(ctx.em, cf) : []);
}

/** What the export dialog offers: columns (labelled), the default choice, whether unmasking is allowed. */
export async function exportOptions(ctx: TenantContext, entity: ListEntity) {
  assertCanExport(ctx, entity, false);
  const columns = await columnsFor(ctx, entity);
  return {
    columns: columns.map((c) => ({ key: c.key, label: columnLabel(c, ctx.locale), sensitive: !!c.sensitive })),
    defaults: defaultColumns(entity).filter((k) => columns.some((c) => c.key === k)),
    canUnmask: ctx.permissions.has('customers.unmask') && columns.some((c) => c.sensitive),
  };
}

function serialise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}));
}

export async function createExport(ctx: TenantContext, request: ExportRequest) {
  assertCanExport(ctx, request.entity, request.unmasked);
  const columns = chosenColumns(await columnsFor(ctx, request.entity), request.columns);
  if (!columns.length) throw new DomainError('VALIDATION', 'exports.errors.noColumns', {}, 'BAD_REQUEST', { columns: { key: 'exports.errors.noColumns' } });
  const stored: StoredExportFilters = {
    list: serialise(request.filters) as Record<string, unknown>,
    sort: 'sort' in request ? (request.sort ?? null) : null,
    unmasked: request.unmasked,
  };
  const job = ctx.em.create(ExportJobSchema, {
    entity: request.entity,
    format: request.format,
    filters: stored as unknown as Record<string, unknown>,
    columns: columns.map((c) => c.key),
    status: 'queued',
    rowCount: 0,
    filePath: null,
    error: null,
    createdBy: ctx.session.user.id,
    finishedAt: null,
  });
  await ctx.em.flush();
  ctx.afterCommit.enqueue(EXPORT_JOB, { tenantId: ctx.tenant.id, exportId: job.id }, { jobId: `export-${job.id}` });
  return { id: job.id };
}

function expiresAt(job: ExportJob): Date | null {
  return job.finishedAt ? new Date(job.finishedAt.getTime() + EXPORT_RETENTION_DAYS * 86_400_000) : null;
}

function view(job: ExportJob, locale: Locale) {
  const stored = job.filters as unknown as StoredExportFilters;
  const available = job.status === 'completed' && !!job.filePath;
  return {
    id: job.id,
    entity: job.entity,
    format: job.format,
    status: job.status,
    rowCount: job.rowCount,
    unmasked: !!stored.unmasked,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    expiresAt: expiresAt(job),
    expired: job.status === 'completed' && !job.filePath,
    downloadUrl: available ? `/api/exports/${job.id}` : null,
    error: job.error ? translatorFor(locale)(`exports.failures.${job.error}`) : null,
  };
}
export type ExportView = ReturnType<typeof view>;

/** One of the requester's own exports (anyone else's is "not found"). */
export async function getExport(ctx: TenantContext, id: string) {
  const job = await ctx.em.findOne(ExportJobSchema, { id, createdBy: ctx.session.user.id });
  if (!job) throw errors.notFound('export');
  return view(job, ctx.locale);
}

/** The requester's exports of the last EXPORT_RETENTION_DAYS days, newest first. */
export async function listMyExports(ctx: TenantContext, entity: ListEntity | null) {
  const since = new Date(Date.now() - EXPORT_RETENTION_DAYS * 86_400_000);
  const rows = await ctx.em.find(
    ExportJobSchema,
    { createdBy: ctx.session.user.id, createdAt: { $gte: since }, ...(entity ? { entity } : {}) },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 20 },
  );
  return rows.map((r) => view(r, ctx.locale));
}

/** The file of a finished export for its requester, or null (not theirs, not ready, expired). */
export async function exportFileFor(ctx: TenantContext, id: string): Promise<{ path: string; name: string; format: 'csv' | 'xlsx' } | null> {
  const job = await ctx.em.findOne(ExportJobSchema, { id, createdBy: ctx.session.user.id, status: 'completed' });
  if (!job?.filePath) return null;
  const file = fromStored(job.filePath);
  if (!fileExists(file)) return null;
  const t = translatorFor(ctx.locale);
  const day = (job.finishedAt ?? job.createdAt).toISOString().slice(0, 10);
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'export.downloaded', entity: 'ExportJob', entityId: id, changes: { entity: job.entity, rowCount: job.rowCount } });
  return { path: file, name: `${t(`exports.fileName.${job.entity}`)}-${day}.${job.format}`, format: job.format };
}

export class ExportFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function hydrateDates<T extends Record<string, unknown>>(list: T, keys: string[]): T {
  const out: Record<string, unknown> = { ...list };
  for (const k of keys) out[k] = typeof out[k] === 'string' ? new Date(out[k] as string) : (out[k] ?? null);
  return out as T;
}

function rowsOf(entity: ListEntity, stored: StoredExportFilters, opts: SourceOptions): AsyncGenerator<ExportRow[]> {
  const list = stored.list;
  switch (entity) {
    case 'person':
      return personRows(opts, list as PeopleFilters, stored.sort as ListSort | null);
    case 'institution':
      return institutionRows(opts, list as InstitutionFilters, stored.sort as ListSort | null);
    case 'interaction':
      return interactionRows(opts, hydrateDates(list, ['from', 'to']) as unknown as InteractionExportFilters);
    case 'task':
      return taskRows(opts, (list as { view: TaskView }).view);
    case 'order':
      return orderRows(opts, hydrateDates(list, ['from', 'to']) as unknown as OrderExportFilters);
  }
}

/** The export job: writes the file page by page, then marks it ready and audits it. Safe to run again. */
export async function runExport(tenantId: string, exportId: string): Promise<{ status: string; rowCount?: number }> {
  const em = await forkEm(tenantId);
  const job = await em.findOne(ExportJobSchema, { id: exportId });
  if (!job) return { status: 'missing' };
  if (job.status === 'completed' || job.status === 'failed') return { status: job.status };
  const stored = job.filters as unknown as StoredExportFilters;
  const ctx = await actingContext(em, tenantId, job.createdBy, `export-${exportId}`);
  // Permissions as they are now, not when the export was asked for.
  if (!ctx || !ctx.permissions.has('customers.export')) throw new ExportFailure('notPermitted');
  try {
    assertCanExport(ctx, job.entity, stored.unmasked);
  } catch {
    throw new ExportFailure('notPermitted');
  }
  const cf = customFieldEntity(job.entity);
  const customFields = cf ? await activeFields(em, cf) : [];
  const columns = chosenColumns(exportColumns(job.entity, customFields), job.columns);
  if (!columns.length) throw new ExportFailure('noColumns');

  await em.nativeUpdate(ExportJobSchema, { id: exportId }, { status: 'running', rowCount: 0, updatedAt: new Date() });
  const target = exportPath(tenantId, exportId, job.format);
  const partial = `${target}.part`;
  const t = translatorFor(ctx.locale);
  const writer = openWriter(
    partial,
    job.format,
    columns.map((c) => columnLabel(c, ctx.locale)),
    t(`exports.fileName.${job.entity}`),
  );
  let rowCount = 0;
  try {
    const opts: SourceOptions = { ctx, customFields, columns: new Set(columns.map((c) => c.key)), unmasked: stored.unmasked, masking: await customerMasking(em) };
    for await (const page of rowsOf(job.entity, stored, opts)) {
      for (const row of page) await writer.write(columns.map((c) => row[c.key] ?? null));
      rowCount += page.length;
      await em.nativeUpdate(ExportJobSchema, { id: exportId }, { rowCount, updatedAt: new Date() });
    }
    await writer.close();
  } catch (err) {
    await writer.abort();
    removeFile(partial);
    throw err;
  }
  fs.renameSync(partial, target);
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(ExportJobSchema, { id: exportId }, { status: 'completed', rowCount, filePath: toStored(target), finishedAt: new Date(), updatedAt: new Date() });
    await recordAudit(tx, {
      ...auditMeta({ ...ctx, em: tx }),
      action: 'export.created',
      entity: 'ExportJob',
      entityId: exportId,
      changes: { entity: job.entity, format: job.format, filters: stored.list, sort: stored.sort, columns: job.columns, rowCount, masked: !stored.unmasked },
    });
  });
  return { status: 'completed', rowCount };
}

export async function failExport(tenantId: string, exportId: string, reason: string): Promise<void> {
  const em = await forkEm(tenantId);
  const job = await em.findOne(ExportJobSchema, { id: exportId });
  if (!job || job.status === 'completed' || job.status === 'failed') return;
  await em.nativeUpdate(ExportJobSchema, { id: exportId }, { status: 'failed', error: reason, finishedAt: new Date(), updatedAt: new Date() });
  removeFile(`${exportPath(tenantId, exportId, job.format)}.part`);
}

/** Files older than EXPORT_RETENTION_DAYS are deleted; the job row stays (as expired) for the history. */
export async function expireExports(tenantId: string): Promise<number> {
  const em = await forkEm(tenantId);
  const cutoff = new Date(Date.now() - EXPORT_RETENTION_DAYS * 86_400_000);
  const old = await em.find(ExportJobSchema, { status: 'completed', filePath: { $ne: null }, finishedAt: { $lt: cutoff } }, { fields: ['id', 'filePath'] });
  for (const job of old) {
    removeFile(fromStored(job.filePath!));
    await em.nativeUpdate(ExportJobSchema, { id: job.id }, { filePath: null, updatedAt: new Date() });
  }
  return old.length;
}
