import { z } from 'zod';
import { HOSPITAL_LEVELS, INSTITUTION_TYPES } from '@/server/db/entities';
import { contactInput, customValuesInput, lifecycleReason, optText, stageInput, tierInput } from './common-input';
import { entityId } from './territory-input';

const fields = {
  externalId: optText(100),
  name: z.string().trim().min(1).max(200),
  type: z.enum(INSTITUTION_TYPES),
  /** Hospitals and clinics only; ignored (stored as null) for other types. */
  hospitalLevel: z.enum(HOSPITAL_LEVELS).nullish().transform((v) => v ?? null),
  /** Head office, for a branch. */
  parentId: entityId.nullish().transform((v) => v ?? null),
  territoryId: entityId.nullish().transform((v) => v ?? null),
  province: optText(50),
  city: optText(50),
  district: optText(50),
  street: optText(200),
  legalRepresentative: optText(100),
  registeredPlace: optText(200),
  mainContactId: entityId.nullish().transform((v) => v ?? null),
  procurementScale: optText(100),
  budgetRange: optText(100),
  procurementCycle: optText(100),
  tier: tierInput.transform((v) => v ?? null),
  stage: stageInput,
  /** Switchboard, website, WeChat official account…; replaces the stored set on update. */
  contacts: z.array(contactInput).max(20),
  custom: customValuesInput,
};

export const institutionCreateInput = z.object({
  ...fields,
  type: fields.type.default('hospital'),
  stage: fields.stage.default('identified'),
  contacts: fields.contacts.default([]),
  custom: fields.custom.default({}),
  allowDuplicate: z.boolean().default(false),
});
export type InstitutionCreateInput = z.infer<typeof institutionCreateInput>;

export const institutionUpdateInput = z
  .object(fields)
  .partial()
  .extend({ id: entityId, lifecycleReason });
export type InstitutionUpdateInput = z.infer<typeof institutionUpdateInput>;

export const departmentCreateInput = z.object({
  institutionId: entityId,
  name: z.string().trim().min(1).max(100),
  specialty: optText(100),
  phone: optText(50),
  headPersonId: entityId.nullish().transform((v) => v ?? null),
});
export const departmentUpdateInput = departmentCreateInput.omit({ institutionId: true }).partial().extend({ id: entityId });
