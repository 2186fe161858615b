/**
 * Code lists of the customer domain, free of ORM imports so client components can use them too.
 * Codes are stable and stored; their labels live in the catalogues (`enums.*`).
 */

export const TERRITORY_LEVELS = ['region', 'province', 'city', 'territory'] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];
export const TERRITORY_ROLES = ['rep', 'manager'] as const;
export type TerritoryRole = (typeof TERRITORY_ROLES)[number];

export const INSTITUTION_TYPES = ['hospital', 'pharmacy', 'chain', 'distributor', 'clinic', 'other'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** 医院等级: 三级甲等 … 一级, plus unrated. */
export const HOSPITAL_LEVELS = ['3A', '3B', '3C', '3', '2A', '2B', '2C', '2', '1', 'unrated'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];

export const TIERS = ['A', 'B', 'C'] as const;
export type Tier = (typeof TIERS)[number];

export const LIFECYCLE_STAGES = ['identified', 'prospect', 'active', 'dormant', 'lost'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const PERSON_KINDS = ['hcp', 'pharmacist', 'nurse', 'administrator', 'purchaser', 'other'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** 职称: clinical titles. */
export const HCP_TITLES = ['chief', 'associate_chief', 'attending', 'resident', 'chief_pharmacist', 'associate_chief_pharmacist', 'pharmacist', 'nurse', 'other'] as const;
export type HcpTitle = (typeof HCP_TITLES)[number];

export const CONTACT_KINDS = ['mobile', 'phone', 'email', 'wechat', 'weibo', 'qq', 'website', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CUSTOMER_KINDS = ['person', 'institution'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const CUSTOM_FIELD_ENTITIES = ['institution', 'person', 'interaction'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];
export const CUSTOM_FIELD_TYPES = ['text', 'longtext', 'number', 'money', 'date', 'select', 'multiselect', 'boolean', 'phone', 'email', 'url'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
