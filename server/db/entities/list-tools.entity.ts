import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

export const LIST_ENTITIES = ['institution', 'person', 'interaction', 'task', 'order'] as const;
export type ListEntity = (typeof LIST_ENTITIES)[number];

/** A user's saved list view: filters, columns and sort of one list. */
export interface SavedView {
  id: Opt<string>;
  tenantId: Opt<string>;
  userId: string;
  entity: ListEntity;
  name: string;
  definition: { filters: Record<string, unknown>; columns: string[]; sort: { field: string; dir: 'asc' | 'desc' } | null };
  isDefault: boolean;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const SavedViewSchema = new EntitySchema<SavedView>({
  name: 'SavedView',
  tableName: 'saved_view',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'userId', 'entity'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    userId: { type: 'string', length: 36 },
    entity: { type: 'string', length: 20 },
    name: { type: 'string', length: 100 },
    definition: { type: 'json' },
    isDefault: { type: 'boolean' },
    ...timestampProperties,
  },
});

export const IMPORT_ENTITIES = ['institution', 'person', 'interaction', 'order'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
export const IMPORT_STATUSES = ['uploaded', 'validating', 'validated', 'importing', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * An import of a CSV/XLSX file. Rows are parsed and validated into import_row first; only then are
 * they applied, in one transaction, so a cancelled or failed import leaves nothing half-visible.
 */
export interface ImportJob {
  id: Opt<string>;
  tenantId: Opt<string>;
  entity: ImportEntity;
  fileName: string;
  /** Path of the uploaded file under the data directory (removed when the job ends). */
  filePath: string;
  format: 'csv' | 'xlsx';
  /** Column header → field key. */
  mapping: Record<string, string>;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  failedRows: number;
  error: string | null;
  createdBy: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const ImportJobSchema = new EntitySchema<ImportJob>({
  name: 'ImportJob',
  tableName: 'import_job',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'createdAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    entity: { type: 'string', length: 20 },
    fileName: { type: 'string', length: 255 },
    filePath: { type: 'string', length: 500 },
    format: { type: 'string', length: 8 },
    mapping: { type: 'json' },
    status: { type: 'string', length: 16 },
    totalRows: { type: 'integer' },
    processedRows: { type: 'integer' },
    createdRows: { type: 'integer' },
    updatedRows: { type: 'integer' },
    failedRows: { type: 'integer' },
    error: { type: 'text', nullable: true },
    createdBy: { type: 'string', length: 36 },
    startedAt: { type: 'Date', nullable: true },
    finishedAt: { type: 'Date', nullable: true },
    cancelRequestedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

/** One parsed row of an import, with its validation outcome (feeds the per-row error report). */
export interface ImportRow {
  id: Opt<string>;
  tenantId: Opt<string>;
  jobId: string;
  rowNumber: number;
  data: Record<string, unknown>;
  status: 'valid' | 'invalid' | 'applied';
  errors: { field: string; message: string }[];
}

export const ImportRowSchema = new EntitySchema<ImportRow>({
  name: 'ImportRow',
  tableName: 'import_row',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'jobId', 'rowNumber'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    jobId: { type: 'string', length: 36 },
    rowNumber: { type: 'integer' },
    data: { type: 'json' },
    status: { type: 'string', length: 10 },
    errors: { type: 'json' },
  },
});

/** Column mappings remembered per tenant and header set, offered on the next import. */
export interface ImportMapping {
  id: Opt<string>;
  tenantId: Opt<string>;
  entity: ImportEntity;
  /** Normalised, sorted headers joined: the same spreadsheet layout maps the same way. */
  headerSignature: string;
  mapping: Record<string, string>;
  updatedAt: Opt<Date>;
  createdAt: Opt<Date>;
}

export const ImportMappingSchema = new EntitySchema<ImportMapping>({
  name: 'ImportMapping',
  tableName: 'import_mapping',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'entity', 'headerSignature'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    entity: { type: 'string', length: 20 },
    headerSignature: { type: 'string', length: 64 },
    mapping: { type: 'json' },
    ...timestampProperties,
  },
});

/** An export of a filtered list, produced by a job, masked and audited. */
export interface ExportJob {
  id: Opt<string>;
  tenantId: Opt<string>;
  entity: ListEntity;
  format: 'csv' | 'xlsx';
  filters: Record<string, unknown>;
  columns: string[];
  status: 'queued' | 'running' | 'completed' | 'failed';
  rowCount: number;
  filePath: string | null;
  error: string | null;
  createdBy: string;
  finishedAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const ExportJobSchema = new EntitySchema<ExportJob>({
  name: 'ExportJob',
  tableName: 'export_job',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'createdBy', 'createdAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    entity: { type: 'string', length: 20 },
    format: { type: 'string', length: 8 },
    filters: { type: 'json' },
    columns: { type: 'json' },
    status: { type: 'string', length: 12 },
    rowCount: { type: 'integer' },
    filePath: { type: 'string', length: 500, nullable: true },
    error: { type: 'text', nullable: true },
    createdBy: { type: 'string', length: 36 },
    finishedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
