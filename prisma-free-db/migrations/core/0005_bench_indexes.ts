import type { Migration } from '../types';

/**
 * Indexes the benchmark (issue 8) showed missing at 100k people per company:
 * - merged_into_id: the person and institution 360 look up records merged into this one; without
 *   an index that walked every row of the company (≈ 40 ms per page at 100k people).
 * - (tenant_id, name, id): "name contains" (two-character Chinese names) cannot use a B-tree
 *   range, so it scans; with id in the index the scan reads the index only, not every table row.
 * - PostgreSQL only: "starts with" (pinyin, initials, phone digits reversed) is a LIKE 'x%', which a
 *   B-tree answers only under the C collation; text_pattern_ops indexes answer it under any
 *   collation (the phone search scanned every contact point of the company: ≈ 35 ms).
 */
const INDEXES = [
  `create index "person_tenant_id_merged_into_id_index" on "person" ("tenant_id", "merged_into_id");`,
  `create index "institution_tenant_id_merged_into_id_index" on "institution" ("tenant_id", "merged_into_id");`,
  `create index "person_tenant_id_name_id_index" on "person" ("tenant_id", "name", "id");`,
  `create index "institution_tenant_id_name_id_index" on "institution" ("tenant_id", "name", "id");`,
];
const PATTERN_INDEXES = [
  `create index "contact_point_tenant_id_value_reversed_pattern_index" on "contact_point" ("tenant_id", "value_reversed" text_pattern_ops);`,
  `create index "person_tenant_id_name_pinyin_pattern_index" on "person" ("tenant_id", "name_pinyin" text_pattern_ops);`,
  `create index "person_tenant_id_name_initials_pattern_index" on "person" ("tenant_id", "name_initials" text_pattern_ops);`,
  `create index "institution_tenant_id_name_pinyin_pattern_index" on "institution" ("tenant_id", "name_pinyin" text_pattern_ops);`,
  `create index "institution_tenant_id_name_initials_pattern_index" on "institution" ("tenant_id", "name_initials" text_pattern_ops);`,
];
const DROP_PATTERN = [
  `drop index if exists "institution_tenant_id_name_initials_pattern_index";`,
  `drop index if exists "institution_tenant_id_name_pinyin_pattern_index";`,
  `drop index if exists "person_tenant_id_name_initials_pattern_index";`,
  `drop index if exists "person_tenant_id_name_pinyin_pattern_index";`,
  `drop index if exists "contact_point_tenant_id_value_reversed_pattern_index";`,
];
const DROP = [
  `drop index if exists "institution_tenant_id_name_id_index";`,
  `drop index if exists "person_tenant_id_name_id_index";`,
  `drop index if exists "institution_tenant_id_merged_into_id_index";`,
  `drop index if exists "person_tenant_id_merged_into_id_index";`,
];

export const m0005BenchIndexes: Migration = {
  name: '0005_bench_indexes',
  up: { sqlite: INDEXES, postgresql: [...INDEXES, ...PATTERN_INDEXES] },
  down: { sqlite: DROP, postgresql: [...DROP_PATTERN, ...DROP] },
};
