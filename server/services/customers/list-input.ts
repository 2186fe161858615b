import { z } from 'zod';
import { HCP_TITLES, HOSPITAL_LEVELS, INSTITUTION_TYPES, LIFECYCLE_STAGES, PERSON_KINDS, TIERS } from '@/server/db/entities';
import { isoDate } from './common-input';
import { customFieldKey } from './custom-field-input';
import { entityId } from './territory-input';

/**
 * List filters, sort and paging for people and institutions. One shape serves the list
 * procedures, saved views and exports, so a saved view is exactly what the list was showing.
 */

/** A value filter on a custom field; which member applies depends on the field's type. */
export const customFilterInput = z.strictObject({
  key: customFieldKey,
  /** text, long text, phone, email, URL: contains. */
  text: z.string().trim().min(1).max(200).optional(),
  /** number, money: range. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** date: range (inclusive). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** select, multiselect: any of. */
  values: z.array(z.string().max(60)).min(1).max(50).optional(),
  /** boolean. */
  bool: z.boolean().optional(),
});
export type CustomFilter = z.infer<typeof customFilterInput>;

const common = {
  /** Name, pinyin, initials or the end of a phone number. */
  q: z.string().trim().max(100).optional(),
  /** A territory node: the customers in it and below it. */
  territoryId: entityId.optional(),
  tier: z.array(z.enum([...TIERS, 'none'])).max(4).optional(),
  stage: z.array(z.enum(LIFECYCLE_STAGES)).max(LIFECYCLE_STAGES.length).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  /** Archived records instead of current ones. */
  archived: z.boolean().optional(),
  custom: z.array(customFilterInput).max(20).optional(),
};

export const peopleFiltersInput = z.strictObject({
  ...common,
  kind: z.array(z.enum(PERSON_KINDS)).max(PERSON_KINDS.length).optional(),
  title: z.array(z.enum(HCP_TITLES)).max(HCP_TITLES.length).optional(),
  /** Works there (any affiliation). */
  institutionId: entityId.optional(),
  departmentId: entityId.optional(),
});
export type PeopleFilters = z.infer<typeof peopleFiltersInput>;

export const institutionFiltersInput = z.strictObject({
  ...common,
  type: z.array(z.enum(INSTITUTION_TYPES)).max(INSTITUTION_TYPES.length).optional(),
  hospitalLevel: z.array(z.enum(HOSPITAL_LEVELS)).max(HOSPITAL_LEVELS.length).optional(),
  province: z.string().trim().max(50).optional(),
  city: z.string().trim().max(50).optional(),
  /** Branches of this head office. */
  parentId: entityId.optional(),
});
export type InstitutionFilters = z.infer<typeof institutionFiltersInput>;

export const LIST_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export const sortInput = z.strictObject({ field: z.enum(LIST_SORTS), dir: z.enum(['asc', 'desc']) });
export type ListSort = z.infer<typeof sortInput>;

/** Column ids: the built-in ones of each list, or `custom.<key>`. */
export const columnsInput = z.array(z.string().max(80).regex(/^[a-zA-Z]+$|^custom\.[a-z][a-z0-9_]*$/)).max(60);

const page = {
  sort: sortInput,
  columns: columnsInput,
  /** Opaque keyset cursor from the previous page; null or absent for the first page. */
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(200),
};

export const peopleListInput = z.object({ filters: peopleFiltersInput, ...page });
export const institutionListInput = z.object({ filters: institutionFiltersInput, ...page });
export type PeopleListInput = z.infer<typeof peopleListInput>;
export type InstitutionListInput = z.infer<typeof institutionListInput>;

export const peopleViewDefinition = z.strictObject({ filters: peopleFiltersInput, columns: columnsInput, sort: sortInput.nullable() });
export const institutionViewDefinition = z.strictObject({ filters: institutionFiltersInput, columns: columnsInput, sort: sortInput.nullable() });
