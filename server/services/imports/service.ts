import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FilterQuery } from '@mikro-orm/core';
import { ImportJobSchema, ImportMappingSchema, ImportRowSchema, UserSchema, type ImportEntity, type ImportJob } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import { translatorFor } from '@/server/i18n/catalog';
import type { Locale } from '@/server/i18n/locales';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { activeFields } from '@/server/services/customers/custom-fields';
import { csvSafe } from '@/server/services/exports/writer';
import { adapterFor } from './adapters';
import { buildRun, customFieldEntity, importProgress, previewRows, problemsOf, type StoredRowData } from './engine';
import { fromStored, maxUploadBytes, removeFile, saveStream, toStored, uploadPath, UploadTooLarge } from './files';
import { IMPORT_JOB } from './job-names';
import { headerSignature, reuseMapping, suggestMapping } from './mapping';
import { firstRows, openSheet, SheetError, sniffFormat, summariseSheet } from './sheet';
import type { ImportFieldDef, RowProblem } from './types';

/**
 * What the import procedures and file routes do: receive the upload, the wizard (inspect →
 * preview → start), progress, cancel, the history, the error report and the template. Every
 * function is given a tenant context whose permissions the router (or route) already checked for
 * customers.import; the entity's own write permission is checked here, per import.
 */

export const PREVIEW_ROWS = 20;
const SAMPLE_ROWS = 5;
const FINISHED: ImportJob['status'][] = ['completed', 'failed', 'cancelled'];
const ACTIVE: ImportJob['status'][] = ['validating', 'validated', 'importing'];


/** The entity's write permission, besides customers.import (checked by the router). */
export function assertCanImport(ctx: Pick<TenantContext, 'permissions'>, entity: ImportEntity): void {
  const needed = adapterFor(entity).writePermission;
  if (!ctx.permissions.has(needed)) throw errors.forbidden(needed);
}

async function loadJob(ctx: TenantContext, id: string): Promise<ImportJob> {
  const job = await ctx.em.findOne(ImportJobSchema, { id });
  if (!job) throw errors.notFound('import');
  assertCanImport(ctx, job.entity);
  return job;
}

/** Field definitions as the mapping screen shows them, in the reader's language. */
export function fieldViews(fields: ImportFieldDef[], locale: Locale) {
  const t = translatorFor(locale);
  return fields.map((f) => ({
    key: f.key,
    label: fieldLabel(f, locale),
    required: f.required,
    hint: f.hintKey ? t(f.hintKey) : null,
    sensitive: !!f.sensitive,
    custom: !!f.label,
  }));
}

export function fieldLabel(f: ImportFieldDef, locale: Locale): string {
  if (f.label) return f.label[locale];
  return translatorFor(locale)(f.labelKey!);
}

/** Everything a header may be matched with: labels in both languages, synonyms, the key. */
function matchable(fields: ImportFieldDef[]) {
  return fields.map((f) => ({ key: f.key, names: [fieldLabel(f, 'zh-CN'), fieldLabel(f, 'en'), ...f.synonyms] }));
}

async function entityFields(ctx: TenantContext, entity: ImportEntity): Promise<ImportFieldDef[]> {
  const cf = customFieldEntity(entity);
  return adapterFor(entity).fields(cf ? await activeFields(ctx.em, cf) : []);
}

/**
 * The mapping to offer for a file: the one remembered for the same header layout, else one
 * suggested from the headers. Called when the file is uploaded.
 */
export async function initialMapping(ctx: TenantContext, entity: ImportEntity, headers: string[]): Promise<{ mapping: Record<string, string>; remembered: boolean }> {
  const fields = await entityFields(ctx, entity);
  const remembered = await ctx.em.findOne(ImportMappingSchema, { entity, headerSignature: headerSignature(headers) });
  if (remembered) {
    const mapping = reuseMapping(remembered.mapping, headers, new Set(fields.map((f) => f.key)));
    if (Object.keys(mapping).length) return { mapping, remembered: true };
  }
  return { mapping: suggestMapping(headers, matchable(fields)), remembered: false };
}

function translateProblems(problems: RowProblem[], locale: Locale, columnOf: (field: string) => string) {
  const t = translatorFor(locale);
  return problems.map((p) => ({ field: p.field, column: columnOf(p.field), message: t(p.key, p.values) }));
}

function columnLookup(mapping: Record<string, string>) {
  const byField = new Map(Object.entries(mapping).map(([header, field]) => [field, header]));
  return (field: string) => byField.get(field) ?? '';
}

/** A mapping must name headers of the file and known fields, each field once, every required field. */
function checkMapping(headers: string[], fields: ImportFieldDef[], mapping: Record<string, string>): void {
  const problems: Record<string, { key: string; values?: Record<string, string> }> = {};
  const known = new Map(fields.map((f) => [f.key, f]));
  const used = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!headers.includes(header)) problems[`mapping.${header}`] = { key: 'imports.errors.unknownHeader', values: { header } };
    else if (!known.has(field)) problems[`mapping.${header}`] = { key: 'imports.errors.unknownField' };
    else if (used.has(field)) problems[`mapping.${header}`] = { key: 'imports.errors.fieldTwice', values: { header: used.get(field)! } };
    else used.set(field, header);
  }
  for (const f of fields) {
    if (f.required && !used.has(f.key)) problems[`field.${f.key}`] = { key: 'imports.errors.requiredField' };
  }
  if (Object.keys(problems).length) throw new DomainError('INVALID_MAPPING', 'imports.errors.mapping', {}, 'BAD_REQUEST', problems);
}

async function headersOf(job: ImportJob): Promise<string[]> {
  try {
    const table = await openSheet(fromStored(job.filePath), job.format);
    table.close();
    return table.headers;
  } catch (err) {
    if (err instanceof SheetError) throw new DomainError('UNREADABLE_FILE', `imports.failures.${err.reason}`, {}, 'BAD_REQUEST');
    throw err;
  }
}

function assertUploaded(job: ImportJob): void {
  if (job.status !== 'uploaded') throw new DomainError('IMPORT_STARTED', 'imports.errors.alreadyStarted', {}, 'PRECONDITION_FAILED');
}

async function userNames(ctx: TenantContext, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const users = await ctx.em.find(UserSchema, { id: { $in: unique } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

function summary(job: ImportJob, names: Map<string, string>, locale: Locale) {
  return {
    id: job.id,
    entity: job.entity,
    fileName: job.fileName,
    format: job.format,
    status: job.status,
    totalRows: job.totalRows,
    createdRows: job.createdRows,
    updatedRows: job.updatedRows,
    failedRows: job.failedRows,
    progress: importProgress(job),
    cancelRequested: !!job.cancelRequestedAt,
    error: job.error ? translatorFor(locale)(`imports.failures.${job.error}`) : null,
    createdBy: { id: job.createdBy, name: names.get(job.createdBy) ?? '' },
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
export type ImportSummary = ReturnType<typeof summary>;

/** The company's imports, newest first (keyset-paged on createdAt, id). */
export async function listImports(ctx: TenantContext, input: { cursor: string | null; limit: number }) {
  const where: FilterQuery<ImportJob> = {};
  if (input.cursor) {
    const [at, id] = Buffer.from(input.cursor, 'base64url').toString().split('\u0000');
    const date = new Date(at ?? '');
    if (id && !Number.isNaN(date.getTime())) Object.assign(where, { $or: [{ createdAt: { $lt: date } }, { createdAt: date, id: { $lt: id } }] });
  }
  const rows = await ctx.em.find(ImportJobSchema, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: input.limit + 1 });
  const shown = rows.slice(0, input.limit);
  const names = await userNames(ctx, shown.map((r) => r.createdBy));
  const last = shown[shown.length - 1];
  return {
    items: shown.map((r) => summary(r, names, ctx.locale)),
    nextCursor: rows.length > input.limit && last ? Buffer.from(`${last.createdAt.toISOString()}\u0000${last.id}`).toString('base64url') : null,
  };
}

export async function getImport(ctx: TenantContext, id: string) {
  const job = await loadJob(ctx, id);
  const names = await userNames(ctx, [job.createdBy]);
  return summary(job, names, ctx.locale);
}

/** The mapping screen: the file's headers and first rows, the fields, the offered mapping. */
export async function inspectImport(ctx: TenantContext, id: string) {
  const job = await loadJob(ctx, id);
  assertUploaded(job);
  const fields = await entityFields(ctx, job.entity);
  let sample;
  try {
    sample = await firstRows(fromStored(job.filePath), job.format, SAMPLE_ROWS);
  } catch (err) {
    if (err instanceof SheetError) throw new DomainError('UNREADABLE_FILE', `imports.failures.${err.reason}`, {}, 'BAD_REQUEST');
    throw err;
  }
  const remembered = await ctx.em.findOne(ImportMappingSchema, { entity: job.entity, headerSignature: headerSignature(sample.headers) }, { fields: ['id'] });
  const sensitive = new Set(fields.filter((f) => f.sensitive).map((f) => f.key));
  const maskedColumns = new Set(Object.entries(job.mapping).filter(([, field]) => sensitive.has(field)).map(([h]) => sample.headers.indexOf(h)));
  return {
    id: job.id,
    entity: job.entity,
    fileName: job.fileName,
    totalRows: job.totalRows,
    headers: sample.headers,
    sample: sample.rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map((c, i) => (maskedColumns.has(i) && c ? `****${c.slice(-4)}` : c)) })),
    fields: fieldViews(fields, ctx.locale),
    mapping: job.mapping,
    remembered: !!remembered,
  };
}

/** The first rows checked with a mapping, nothing written: what each would do, or why it cannot. */
export async function previewImport(ctx: TenantContext, id: string, mapping: Record<string, string>) {
  const job = await loadJob(ctx, id);
  assertUploaded(job);
  const run = await buildRun(ctx, job);
  const fields = adapterFor(job.entity).fields(run.customFields);
  checkMapping(await headersOf(job), fields, mapping);
  const adapter = adapterFor(job.entity);
  const rows = await previewRows(run, job, mapping, PREVIEW_ROWS);
  const columnOf = columnLookup(mapping);
  const out = [];
  for (const r of rows) {
    let problems = r.problems;
    let action: 'create' | 'update' | 'duplicate' | null = r.action;
    if (action === 'create' && adapter.duplicateOf) {
      const dup = await adapter.duplicateOf(r, run);
      if (dup) {
        problems = [dup];
        action = 'duplicate';
      }
    }
    out.push({ rowNumber: r.rowNumber, values: r.raw, action, problems: translateProblems(problems, ctx.locale, columnOf) });
  }
  return { rows: out, totalRows: job.totalRows };
}

/** Saves the mapping (and remembers it for this layout), then queues the job. */
export async function startImport(ctx: TenantContext, id: string, mapping: Record<string, string>, remember: boolean) {
  const job = await loadJob(ctx, id);
  assertUploaded(job);
  const headers = await headersOf(job);
  const run = await buildRun(ctx, job);
  checkMapping(headers, adapterFor(job.entity).fields(run.customFields), mapping);
  const claimed = await ctx.em.nativeUpdate(ImportJobSchema, { id, status: 'uploaded' }, { updatedAt: new Date(), status: 'validating', mapping, startedAt: new Date(), processedRows: 0 });
  if (!claimed) throw new DomainError('IMPORT_STARTED', 'imports.errors.alreadyStarted', {}, 'PRECONDITION_FAILED');
  if (remember) {
    const signature = headerSignature(headers);
    const stored = await ctx.em.findOne(ImportMappingSchema, { entity: job.entity, headerSignature: signature });
    if (stored) stored.mapping = mapping;
    else ctx.em.create(ImportMappingSchema, { entity: job.entity, headerSignature: signature, mapping });
    await ctx.em.flush();
  }
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'import.started', entity: 'ImportJob', entityId: id, changes: { entity: job.entity, fileName: job.fileName, totalRows: job.totalRows, mapping } });
  ctx.afterCommit.enqueue(IMPORT_JOB, { tenantId: ctx.tenant.id, importId: id }, { jobId: `import-${id}` });
  return { id };
}

/**
 * Cancels an import. Before it starts, the upload is discarded; while it runs, the job is asked
 * to stop at its next batch and rolls back everything it wrote. A finished import stays as it is.
 */
export async function cancelImport(ctx: TenantContext, id: string) {
  const job = await loadJob(ctx, id);
  if (job.status === 'uploaded') {
    const discarded = await ctx.em.nativeUpdate(ImportJobSchema, { id, status: 'uploaded' }, { updatedAt: new Date(), status: 'cancelled', finishedAt: new Date() });
    if (discarded) {
      removeFile(fromStored(job.filePath));
      await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'import.cancelled', entity: 'ImportJob', entityId: id, changes: { entity: job.entity, fileName: job.fileName } });
      return { status: 'cancelled' as const };
    }
  }
  const requested = await ctx.em.nativeUpdate(ImportJobSchema, { id, status: { $in: ACTIVE } }, { cancelRequestedAt: new Date() });
  if (!requested) throw new DomainError('IMPORT_FINISHED', 'imports.errors.finished', {}, 'PRECONDITION_FAILED');
  return { status: 'cancelling' as const };
}

/** The first rows that were not imported and why (the full list is the downloadable report). */
export async function importProblems(ctx: TenantContext, id: string, limit: number) {
  const job = await loadJob(ctx, id);
  const rows = await ctx.em.find(ImportRowSchema, { jobId: id, status: 'invalid' }, { orderBy: { rowNumber: 'asc' }, limit });
  const columnOf = columnLookup(job.mapping);
  return {
    finished: FINISHED.includes(job.status),
    rows: rows.map((r) => {
      const data = r.data as unknown as StoredRowData;
      return {
        rowNumber: r.rowNumber,
        problems: translateProblems(problemsOf(r.errors), ctx.locale, columnOf).map((p) => ({ ...p, value: data.raw[p.field] ?? '' })),
      };
    }),
  };
}

/** The fields of an entity, for the template download and the wizard's first step. */
export async function importFields(ctx: TenantContext, entity: ImportEntity) {
  assertCanImport(ctx, entity);
  return fieldViews(await entityFields(ctx, entity), ctx.locale);
}

/** A file name as given by the browser, reduced to its last path part and printable characters. */
function cleanFileName(raw: string | null): string {
  const name = (raw ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (name || 'import').slice(0, 200);
}

/**
 * Receives an uploaded file: streams it to the data directory (refusing it past the size limit),
 * recognises CSV / XLSX by content, reads it once through (headers, row count — an unreadable file
 * is refused now, not in the middle of the import) and records the import with the mapping to offer.
 */
export async function receiveUpload(ctx: TenantContext, entity: ImportEntity, rawName: string | null, body: Readable): Promise<{ id: string }> {
  assertCanImport(ctx, entity);
  const id = newId();
  const target = uploadPath(ctx.tenant.id, id);
  const fileName = cleanFileName(rawName);
  try {
    try {
      await saveStream(body, target, maxUploadBytes());
    } catch (err) {
      if (err instanceof UploadTooLarge) throw new DomainError('FILE_TOO_LARGE', 'imports.errors.tooLarge', { max: Math.round(maxUploadBytes() / 1024 / 1024) }, 'PAYLOAD_TOO_LARGE');
      throw err;
    }
    const head = Buffer.alloc(8);
    const fd = fs.openSync(target, 'r');
    const read = fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
    const sniffed = sniffFormat(head.subarray(0, read));
    if (sniffed === 'xls' || /\.xls$/i.test(fileName)) throw new DomainError('UNREADABLE_FILE', 'imports.failures.legacyXls', {}, 'BAD_REQUEST');
    let summaryOfFile;
    try {
      summaryOfFile = await summariseSheet(target, sniffed, 0);
    } catch (err) {
      if (err instanceof SheetError) throw new DomainError('UNREADABLE_FILE', `imports.failures.${err.reason}`, {}, 'BAD_REQUEST');
      throw err;
    }
    if (!summaryOfFile.totalRows) throw new DomainError('EMPTY_FILE', 'imports.failures.noRows', {}, 'BAD_REQUEST');
    const { mapping } = await initialMapping(ctx, entity, summaryOfFile.headers);
    ctx.em.create(ImportJobSchema, {
      id,
      entity,
      fileName,
      filePath: toStored(target),
      format: sniffed,
      mapping,
      status: 'uploaded',
      totalRows: summaryOfFile.totalRows,
      processedRows: 0,
      createdRows: 0,
      updatedRows: 0,
      failedRows: 0,
      error: null,
      createdBy: ctx.session.user.id,
      startedAt: null,
      finishedAt: null,
      cancelRequestedAt: null,
    });
    await ctx.em.flush();
    return { id };
  } catch (err) {
    removeFile(target);
    throw err;
  }
}

function csvField(value: string | number): string {
  const s = csvSafe(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The error report as CSV lines (UTF-8 with BOM, for Excel): row number, column, value, problem —
 * one line per problem, in the reader's language. Streams page by page.
 */
export async function* errorReport(ctx: TenantContext, id: string): AsyncGenerator<string> {
  const job = await loadJob(ctx, id);
  const t = translatorFor(ctx.locale);
  const columnOf = columnLookup(job.mapping);
  yield `\uFEFF${[t('imports.report.row'), t('imports.report.column'), t('imports.report.value'), t('imports.report.problem')].map(csvField).join(',')}\r\n`;
  let last = 0;
  for (;;) {
    const rows = await ctx.em.find(ImportRowSchema, { jobId: id, status: 'invalid', rowNumber: { $gt: last } }, { orderBy: { rowNumber: 'asc' }, limit: 1000 });
    if (!rows.length) return;
    let chunk = '';
    for (const r of rows) {
      const data = r.data as unknown as StoredRowData;
      for (const p of problemsOf(r.errors)) {
        chunk += `${[r.rowNumber, columnOf(p.field), data.raw[p.field] ?? '', t(p.key, p.values)].map(csvField).join(',')}\r\n`;
      }
    }
    yield chunk;
    last = rows[rows.length - 1]!.rowNumber;
    ctx.em.clear();
  }
}

/** The report's file name: "<file>-问题行.csv". */
export async function reportFileName(ctx: TenantContext, id: string): Promise<string> {
  const job = await loadJob(ctx, id);
  return `${job.fileName.replace(/\.(csv|xlsx|txt)$/i, '')}-${translatorFor(ctx.locale)('imports.report.fileSuffix')}.csv`;
}

/** A header-only CSV of the entity's fields in the reader's language (required ones marked *), ready to fill in. */
export async function importTemplate(ctx: TenantContext, entity: ImportEntity): Promise<string> {
  const fields = await entityFields(ctx, entity);
  return `\uFEFF${fields.map((f) => csvField(`${fieldLabel(f, ctx.locale)}${f.required ? '*' : ''}`)).join(',')}\r\n`;
}
