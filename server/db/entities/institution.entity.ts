import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { HospitalLevel, InstitutionType, LifecycleStage, Tier } from './customer-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/** The code lists live in customer-enums.ts (free of ORM imports, for client components). */
export { HOSPITAL_LEVELS, INSTITUTION_TYPES, LIFECYCLE_STAGES, TIERS, type HospitalLevel, type InstitutionType, type LifecycleStage, type Tier } from './customer-enums';

/** Values of tenant-defined custom fields, keyed by the field's stable key. */
export type CustomValues = Record<string, string | number | boolean | string[] | null>;

export interface Institution {
  id: Opt<string>;
  tenantId: Opt<string>;
  externalId: string | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  type: InstitutionType;
  hospitalLevel: HospitalLevel | null;
  /** Head office, for a branch. */
  parentId: string | null;
  territoryId: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  phone: string | null;
  website: string | null;
  legalRepresentative: string | null;
  registeredPlace: string | null;
  mainContactId: string | null;
  procurementScale: string | null;
  budgetRange: string | null;
  procurementCycle: string | null;
  tier: Tier | null;
  stage: LifecycleStage;
  custom: CustomValues;
  mergedIntoId: string | null;
  deletedAt: Date | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const InstitutionSchema = new EntitySchema<Institution>({
  name: 'Institution',
  tableName: 'institution',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'externalId'] }],
  indexes: [
    { properties: ['tenantId', 'territoryId', 'tier'] },
    { properties: ['tenantId', 'name'] },
    { properties: ['tenantId', 'namePinyin'] },
    { properties: ['tenantId', 'nameInitials'] },
    { properties: ['tenantId', 'parentId'] },
  ],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    externalId: { type: 'string', length: 100, nullable: true },
    name: { type: 'string', length: 200 },
    namePinyin: { type: 'string', length: 400 },
    nameInitials: { type: 'string', length: 100 },
    type: { type: 'string', length: 20 },
    hospitalLevel: { type: 'string', length: 10, nullable: true },
    parentId: { type: 'string', length: 36, nullable: true },
    territoryId: { type: 'string', length: 36, nullable: true },
    province: { type: 'string', length: 50, nullable: true },
    city: { type: 'string', length: 50, nullable: true },
    district: { type: 'string', length: 50, nullable: true },
    street: { type: 'string', length: 200, nullable: true },
    phone: { type: 'string', length: 50, nullable: true },
    website: { type: 'string', length: 200, nullable: true },
    legalRepresentative: { type: 'string', length: 100, nullable: true },
    registeredPlace: { type: 'string', length: 200, nullable: true },
    mainContactId: { type: 'string', length: 36, nullable: true },
    procurementScale: { type: 'string', length: 100, nullable: true },
    budgetRange: { type: 'string', length: 100, nullable: true },
    procurementCycle: { type: 'string', length: 100, nullable: true },
    tier: { type: 'string', length: 1, nullable: true },
    stage: { type: 'string', length: 16 },
    custom: { type: 'json' },
    mergedIntoId: { type: 'string', length: 36, nullable: true },
    deletedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/** A department (科室) of an institution. */
export interface Department {
  id: Opt<string>;
  tenantId: Opt<string>;
  institutionId: string;
  name: string;
  specialty: string | null;
  phone: string | null;
  headPersonId: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const DepartmentSchema = new EntitySchema<Department>({
  name: 'Department',
  tableName: 'department',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'institutionId', 'name'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    institutionId: { type: 'string', length: 36 },
    name: { type: 'string', length: 100 },
    specialty: { type: 'string', length: 100, nullable: true },
    phone: { type: 'string', length: 50, nullable: true },
    headPersonId: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});
