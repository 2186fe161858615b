import type { Migration } from '../types';

/**
 * Indexes the benchmark (issue 8) showed missing at 100k people per company:
 * - merged_into_id: the person and institution 360 look up records merged into this one; without
 *   an index that walked every row of the company (≈ 40 ms per page at 100k people).
 * - (tenant_id, name, id): "name contains" (two-character Chinese names) cannot use a B-tree
 *   range, so it scans; with id in the index the scan reads the index only, not every table row.
 */
const INDEXES = [
  `create index "person_tenant_id_merged_into_id_index" on "person" ("tenant_id", "merged_into_id");`,
  `create index "institution_tenant_id_merged_into_id_index" on "institution" ("tenant_id", "merged_into_id");`,
  `create index "person_tenant_id_name_id_index" on "person" ("tenant_id", "name", "id");`,
  `create index "institution_tenant_id_name_id_index" on "institution" ("tenant_id", "name", "id");`,
];
const DROP = [
  `drop index if exists "institution_tenant_id_name_id_index";`,
  `drop index if exists "person_tenant_id_name_id_index";`,
  `drop index if exists "institution_tenant_id_merged_into_id_index";`,
  `drop index if exists "person_tenant_id_merged_into_id_index";`,
];

export const m0005BenchIndexes: Migration = {
  name: '0005_bench_indexes',
  up: { sqlite: INDEXES, postgresql: INDEXES },
  down: { sqlite: DROP, postgresql: DROP },
};
