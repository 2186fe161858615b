import { z } from 'zod';
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES } from '@/server/db/entities';
import { entityId } from './territory-input';

/** A field key: stable, lower-case, used as the JSON key of stored values. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,59}$/;
export const customFieldKey = z.string().max(60).regex(CUSTOM_FIELD_KEY);

const label = z.string().trim().min(1).max(100);

const option = z.object({
  /** Absent for a new option: the server derives a stable value from its label. */
  value: z.string().trim().min(1).max(60).optional(),
  label: z.object({ 'zh-CN': label, en: label }),
  archived: z.boolean().optional(),
});

export const customFieldCreateInput = z.object({
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  /** Optional: derived from the English label when absent. Never changes afterwards. */
  key: customFieldKey.optional(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  labelZh: label,
  labelEn: label,
  required: z.boolean().default(false),
  sensitive: z.boolean().default(false),
  options: z.array(option).max(100).default([]),
});
export type CustomFieldCreateInput = z.infer<typeof customFieldCreateInput>;

/** Labels, required flag and options only: key, type and sensitivity never change (stored values depend on them). */
export const customFieldUpdateInput = z.object({
  id: entityId,
  labelZh: label.optional(),
  labelEn: label.optional(),
  required: z.boolean().optional(),
  options: z.array(option).max(100).optional(),
});
export type CustomFieldUpdateInput = z.infer<typeof customFieldUpdateInput>;

export const customFieldReorderInput = z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES), ids: z.array(entityId).min(1).max(200) });
export const customFieldEntityInput = z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES) });
