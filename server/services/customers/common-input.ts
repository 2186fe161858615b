import { z } from 'zod';
import { CONTACT_KINDS, LIFECYCLE_STAGES, TIERS } from '@/server/db/entities';
import { customFieldKey } from './custom-field-input';

/** Input pieces shared by people and institutions. */

/** Optional free text: trimmed, empty becomes null. */
export const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s), { message: 'date' });

const PHONE = /^[+\d][\d\s()-]{4,29}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const contactInput = z
  .object({
    kind: z.enum(CONTACT_KINDS),
    value: z.string().trim().min(1).max(254),
    label: optText(50),
  })
  .superRefine((c, issue) => {
    if ((c.kind === 'mobile' || c.kind === 'phone') && !PHONE.test(c.value)) issue.addIssue({ code: 'invalid_format', format: 'phone', path: ['value'], input: c.value });
    if (c.kind === 'email' && !EMAIL.test(c.value)) issue.addIssue({ code: 'invalid_format', format: 'email', path: ['value'], input: c.value });
  });
export type ContactInput = z.infer<typeof contactInput>;

/** Values of tenant-defined fields, checked against the definitions in the service. */
export const customValuesInput = z.record(customFieldKey, z.union([z.string().max(5000), z.number(), z.boolean(), z.array(z.string().max(200)).max(100), z.null()]));

export const tierInput = z.enum(TIERS).nullish();
export const stageInput = z.enum(LIFECYCLE_STAGES);
export const lifecycleReason = optText(500);
