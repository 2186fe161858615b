/**
 * The built-in columns of the people and institution lists (plus `custom.<key>` for custom fields).
 * Free of server imports: the list pages' column chooser reads the same definitions.
 */

export const PERSON_COLUMNS = ['institution', 'department', 'title', 'kind', 'gender', 'specialty', 'adminRole', 'territory', 'tier', 'stage', 'mobile', 'email', 'wechat', 'createdAt', 'updatedAt'] as const;
export const PERSON_DEFAULT_COLUMNS: readonly string[] = ['institution', 'department', 'title', 'tier', 'stage', 'mobile'];

export const INSTITUTION_COLUMNS = ['type', 'hospitalLevel', 'province', 'city', 'district', 'territory', 'tier', 'stage', 'phone', 'parent', 'createdAt', 'updatedAt'] as const;
export const INSTITUTION_DEFAULT_COLUMNS: readonly string[] = ['type', 'hospitalLevel', 'city', 'territory', 'tier', 'stage'];

/** Counts stop here: "10,000+" is as useful as an exact figure and costs a bounded scan. */
export const COUNT_CAP = 10_000;
