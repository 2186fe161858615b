import { z } from 'zod';
import { INTERACTION_CHANNELS, LIST_ENTITIES } from '@/server/db/entities';
import { institutionFiltersInput, peopleFiltersInput, sortInput } from '@/server/services/customers/list-input';
import { TASK_VIEWS } from '@/server/services/work/tasks';

/**
 * What an export is asked for: which list, filtered how, which columns, in which format, masked or
 * not. The filters are the lists' own: people and institutions take the customer lists' filter
 * shape (customers/list-input.ts, the same the list pages and saved views use), interactions the
 * interaction list's, tasks the "my tasks" views. Orders have no list page yet: their filter is
 * defined here (date range and territory) until one exists.
 */
const id = z.string().min(1).max(64);
const optionalDate = z.date().nullish().transform((v) => v ?? null);
const optionalId = z.string().max(64).nullish().transform((v) => v || null);

export const interactionExportFilters = z.strictObject({
  from: optionalDate,
  to: optionalDate,
  channel: z.enum(INTERACTION_CHANNELS).nullish().transform((v) => v ?? null),
  ownerId: optionalId,
  productId: optionalId,
  territoryId: optionalId,
});

export const taskExportFilters = z.strictObject({ view: z.enum(TASK_VIEWS) });

export const orderExportFilters = z.strictObject({
  from: optionalDate,
  to: optionalDate,
  territoryId: optionalId,
  subject: z.strictObject({ kind: z.enum(['person', 'institution']), id }).nullish().transform((v) => v ?? null),
});
export type OrderExportFilters = z.infer<typeof orderExportFilters>;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const columns = z.array(z.string().min(1).max(80).regex(/^[a-zA-Z]+$|^custom\.[a-z][a-z0-9_]*$/)).min(1).max(100);
const common = { format: z.enum(EXPORT_FORMATS), columns, unmasked: z.boolean().default(false) };

export const exportRequestInput = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('person'), filters: peopleFiltersInput, sort: sortInput.nullish().transform((v) => v ?? null), ...common }),
  z.object({ entity: z.literal('institution'), filters: institutionFiltersInput, sort: sortInput.nullish().transform((v) => v ?? null), ...common }),
  z.object({ entity: z.literal('interaction'), filters: interactionExportFilters, ...common }),
  z.object({ entity: z.literal('task'), filters: taskExportFilters, ...common }),
  z.object({ entity: z.literal('order'), filters: orderExportFilters, ...common }),
]);
export type ExportRequest = z.infer<typeof exportRequestInput>;

/**
 * export_job.filters holds `{ list, sort, unmasked }`: the list's filters as given (so the audit
 * entry and a re-run see exactly what was asked), the sort, and whether the file is unmasked.
 */
export interface StoredExportFilters {
  list: Record<string, unknown>;
  sort: { field: string; dir: 'asc' | 'desc' } | null;
  unmasked: boolean;
}

export const listEntity = z.enum(LIST_ENTITIES);
