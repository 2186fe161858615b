import type { CustomField, ImportEntity } from '@/server/db/entities';
import type { TenantContext } from '@/server/services/context-types';
import type { AccessScope } from '@/server/services/customers/access';

/**
 * The contract between the import engine (files, batches, job, progress, cancel, report) and one
 * adapter per entity (which columns exist, what a valid row is, how rows are written).
 */

export interface ImportFieldDef {
  /** Built-in field key, or `custom.<key>` for a tenant-defined field. */
  key: string;
  /** Catalogue key of the label (built-in fields)… */
  labelKey?: string;
  /** …or the tenant's own labels (custom fields). */
  label?: { 'zh-CN': string; en: string };
  /** Other header texts that mean this field (any language); labels and the key always match. */
  synonyms: readonly string[];
  required: boolean;
  /** Catalogue key of a short format hint shown on the mapping screen (e.g. accepted values). */
  hintKey?: string;
  /** Values are masked wherever they are shown back (preview, error report). */
  sensitive?: boolean;
}

/** A problem with one cell (or the row as a whole: field `_row`), as a message key and values. */
export interface RowProblem {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

/** Cell texts of one row, by field key (only mapped fields are present). */
export interface RawRow {
  rowNumber: number;
  raw: Record<string, string>;
}

export interface ValidatedRow<P> extends RawRow {
  /** What the apply step writes; null when the row has problems. */
  prepared: P | null;
  problems: RowProblem[];
  /** For the preview: whether the row would create a record or update one (found by external id). */
  action: 'create' | 'update' | null;
}

export type ApplyOutcome =
  | { rowNumber: number; result: 'created' | 'updated'; recordId: string }
  | { rowNumber: number; result: 'duplicate' | 'invalid'; problems: RowProblem[] };

/** Everything an adapter may use while validating or writing: the importer's context and caches. */
export interface ImportRun {
  ctx: TenantContext;
  scope: AccessScope;
  /** Active custom fields of the entity (loaded once per run). */
  customFields: CustomField[];
  /** Per-run lookups (territories, products, members…) an adapter caches between batches. */
  cache: Map<string, unknown>;
  /** The import's file name, kept with lifecycle changes the import makes. */
  fileName: string;
}

export interface ImportAdapter<P = unknown> {
  entity: ImportEntity;
  /** The write permission the importer needs besides customers.import. */
  writePermission: string;
  /** The event each created record announces after the import commits, if any. */
  createdEvent?: 'customer.created' | 'interaction.created';
  fields(customFields: CustomField[]): ImportFieldDef[];
  /** Validates a batch without writing anything (also used for the preview). */
  validate(rows: RawRow[], run: ImportRun): Promise<ValidatedRow<P>[]>;
  /**
   * Writes a batch of valid rows inside the import's transaction (`run.ctx.em`). Records found by
   * external id are updated; rows without one that look like an existing record come back as
   * duplicates instead of being written.
   */
  apply(rows: (RawRow & { prepared: P })[], run: ImportRun): Promise<ApplyOutcome[]>;
  /** For the preview: a valid row without an external id that looks like an existing record. */
  duplicateOf?(row: ValidatedRow<P>, run: ImportRun): Promise<RowProblem | null>;
}

/** `custom.<key>` ↔ the custom field key. */
export const CUSTOM_PREFIX = 'custom.';

export function customFieldDefs(defs: CustomField[]): ImportFieldDef[] {
  return defs.map((d) => ({
    key: `${CUSTOM_PREFIX}${d.key}`,
    label: { 'zh-CN': d.labelZh, en: d.labelEn },
    synonyms: [d.key],
    required: d.required,
    sensitive: d.sensitive,
    hintKey: d.type === 'date' ? 'imports.hints.date' : d.type === 'boolean' ? 'imports.hints.boolean' : d.type === 'multiselect' ? 'imports.hints.list' : undefined,
  }));
}
