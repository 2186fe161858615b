import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { ContactKind, CustomerKind, Gender, HcpTitle, PersonKind } from './customer-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';
import type { CustomValues, LifecycleStage, Tier } from './institution.entity';

/** The code lists live in customer-enums.ts (free of ORM imports, for client components). */
export { CONTACT_KINDS, CUSTOMER_KINDS, GENDERS, HCP_TITLES, PERSON_KINDS, type ContactKind, type CustomerKind, type Gender, type HcpTitle, type PersonKind } from './customer-enums';

/**
 * A person the company works with: HCPs and other contacts. `territoryId`, `primaryInstitutionId`
 * and `primaryDepartmentId` mirror the primary affiliation so lists filter without joins.
 * The ID number is sensitive: stored encrypted (`idNumberEnc`), shown masked, unmasking audited.
 */
export interface Person {
  id: Opt<string>;
  tenantId: Opt<string>;
  externalId: string | null;
  kind: PersonKind;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: Gender;
  title: HcpTitle | null;
  adminRole: string | null;
  specialty: string | null;
  primaryInstitutionId: string | null;
  primaryDepartmentId: string | null;
  territoryId: string | null;
  tier: Tier | null;
  stage: LifecycleStage;
  /** Main mobile, also kept in contact_point for search; null when none. */
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  /** ISO date (YYYY-MM-DD). */
  birthday: string | null;
  idNumberEnc: string | null;
  /** Last four characters of the ID number, for the mask (e.g. ****1234). */
  idNumberLast4: string | null;
  custom: CustomValues;
  ownerId: string | null;
  mergedIntoId: string | null;
  deletedAt: Date | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const PersonSchema = new EntitySchema<Person>({
  name: 'Person',
  tableName: 'person',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'externalId'] }],
  indexes: [
    { properties: ['tenantId', 'territoryId', 'tier', 'name'] },
    { properties: ['tenantId', 'name'] },
    { properties: ['tenantId', 'namePinyin'] },
    { properties: ['tenantId', 'nameInitials'] },
    { properties: ['tenantId', 'primaryInstitutionId', 'primaryDepartmentId'] },
  ],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    externalId: { type: 'string', length: 100, nullable: true },
    kind: { type: 'string', length: 20 },
    name: { type: 'string', length: 100 },
    namePinyin: { type: 'string', length: 300 },
    nameInitials: { type: 'string', length: 50 },
    gender: { type: 'string', length: 10 },
    title: { type: 'string', length: 40, nullable: true },
    adminRole: { type: 'string', length: 100, nullable: true },
    specialty: { type: 'string', length: 100, nullable: true },
    primaryInstitutionId: { type: 'string', length: 36, nullable: true },
    primaryDepartmentId: { type: 'string', length: 36, nullable: true },
    territoryId: { type: 'string', length: 36, nullable: true },
    tier: { type: 'string', length: 1, nullable: true },
    stage: { type: 'string', length: 16 },
    mobile: { type: 'string', length: 30, nullable: true },
    email: { type: 'string', length: 254, nullable: true },
    wechat: { type: 'string', length: 100, nullable: true },
    birthday: { type: 'string', length: 10, nullable: true },
    idNumberEnc: { type: 'text', nullable: true, lazy: true, hidden: true },
    idNumberLast4: { type: 'string', length: 4, nullable: true },
    custom: { type: 'json' },
    ownerId: { type: 'string', length: 36, nullable: true },
    mergedIntoId: { type: 'string', length: 36, nullable: true },
    deletedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/** A person's place of work; one person may have several, exactly one primary. */
export interface Affiliation {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  institutionId: string;
  departmentId: string | null;
  /** Role at this institution, e.g. 科主任, 药剂科主任. */
  position: string | null;
  isPrimary: boolean;
  createdAt: Opt<Date>;
}

export const AffiliationSchema = new EntitySchema<Affiliation>({
  name: 'Affiliation',
  tableName: 'affiliation',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'personId'] }, { properties: ['tenantId', 'institutionId', 'departmentId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    institutionId: { type: 'string', length: 36 },
    departmentId: { type: 'string', length: 36, nullable: true },
    position: { type: 'string', length: 100, nullable: true },
    isPrimary: { type: 'boolean' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/**
 * A phone number, email or social account of a person or institution. `valueReversed` holds the
 * digits reversed, so "numbers ending in 5678" is an indexed prefix search.
 */
export interface ContactPoint {
  id: Opt<string>;
  tenantId: Opt<string>;
  ownerKind: CustomerKind;
  ownerId: string;
  kind: ContactKind;
  value: string;
  valueReversed: string;
  label: string | null;
  isPrimary: boolean;
  createdAt: Opt<Date>;
}

export const ContactPointSchema = new EntitySchema<ContactPoint>({
  name: 'ContactPoint',
  tableName: 'contact_point',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'ownerKind', 'ownerId'] }, { properties: ['tenantId', 'valueReversed'] }, { properties: ['tenantId', 'value'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    ownerKind: { type: 'string', length: 12 },
    ownerId: { type: 'string', length: 36 },
    kind: { type: 'string', length: 12 },
    value: { type: 'string', length: 254 },
    valueReversed: { type: 'string', length: 254 },
    label: { type: 'string', length: 50, nullable: true },
    isPrimary: { type: 'boolean' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** History of tier and lifecycle-stage changes of a customer. */
export interface LifecycleChange {
  id: Opt<string>;
  tenantId: Opt<string>;
  subjectKind: CustomerKind;
  subjectId: string;
  field: 'tier' | 'stage';
  fromValue: string | null;
  toValue: string | null;
  reason: string | null;
  changedBy: string | null;
  at: Date;
}

export const LifecycleChangeSchema = new EntitySchema<LifecycleChange>({
  name: 'LifecycleChange',
  tableName: 'lifecycle_change',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'subjectKind', 'subjectId', 'at'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    subjectKind: { type: 'string', length: 12 },
    subjectId: { type: 'string', length: 36 },
    field: { type: 'string', length: 8 },
    fromValue: { type: 'string', length: 20, nullable: true },
    toValue: { type: 'string', length: 20, nullable: true },
    reason: { type: 'string', length: 500, nullable: true },
    changedBy: { type: 'string', length: 36, nullable: true },
    at: { type: 'Date' },
  },
});
