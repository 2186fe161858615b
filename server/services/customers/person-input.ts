import { z } from 'zod';
import { GENDERS, HCP_TITLES, PERSON_KINDS } from '@/server/db/entities';
import { contactInput, customValuesInput, isoDate, lifecycleReason, optText, stageInput, tierInput } from './common-input';
import { entityId } from './territory-input';

/**
 * Mainland resident ID (18 characters with an ISO 7064 check digit, or the old 15-digit form);
 * other documents (passports, Hong Kong / Macao / Taiwan permits) as 6–30 letters and digits.
 */
function validIdNumber(raw: string): boolean {
  const s = raw.toUpperCase();
  if (/^\d{17}[\dX]$/.test(s)) {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = weights.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
    return '10X98765432'[sum % 11] === s[17];
  }
  return /^[A-Z0-9]{6,30}$/.test(s) && !/^\d{16,19}$/.test(s);
}

export const idNumberInput = z
  .string()
  .trim()
  .max(30)
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .refine(validIdNumber, { message: 'idNumber' });

export const affiliationInput = z.object({
  institutionId: entityId,
  departmentId: entityId.nullish().transform((v) => v ?? null),
  /** Role at this institution, e.g. 科主任. */
  position: optText(100),
  isPrimary: z.boolean().default(false),
});
export type AffiliationInput = z.infer<typeof affiliationInput>;

const fields = {
  externalId: optText(100),
  name: z.string().trim().min(1).max(100),
  gender: z.enum(GENDERS),
  kind: z.enum(PERSON_KINDS),
  title: z.enum(HCP_TITLES).nullish().transform((v) => v ?? null),
  adminRole: optText(100),
  specialty: optText(100),
  /** Several allowed, one primary (the first when none is marked). */
  affiliations: z.array(affiliationInput).max(10),
  /** Used only for a person without affiliations; otherwise the primary institution's territory applies. */
  territoryId: entityId.nullish().transform((v) => v ?? null),
  tier: tierInput.transform((v) => v ?? null),
  stage: stageInput,
  /** Phones, email, WeChat and other channels; replaces the stored set on update. */
  contacts: z.array(contactInput).max(20),
  birthday: isoDate.nullish().transform((v) => v ?? null),
  /** Plain text in, encrypted at rest; null clears it, absent (on update) keeps it. */
  idNumber: idNumberInput.nullish(),
  custom: customValuesInput,
};

export const personCreateInput = z.object({
  ...fields,
  gender: fields.gender.default('unknown'),
  kind: fields.kind.default('hcp'),
  affiliations: fields.affiliations.default([]),
  stage: fields.stage.default('identified'),
  contacts: fields.contacts.default([]),
  custom: fields.custom.default({}),
  /** Create even though possible duplicates were found (the user looked at them). */
  allowDuplicate: z.boolean().default(false),
});
export type PersonCreateInput = z.infer<typeof personCreateInput>;

export const personUpdateInput = z
  .object(fields)
  .partial()
  .extend({
    id: entityId,
    /** Why tier or stage changed, when they do (kept in the history). */
    lifecycleReason,
  });
export type PersonUpdateInput = z.infer<typeof personUpdateInput>;
