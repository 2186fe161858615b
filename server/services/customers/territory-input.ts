import { z } from 'zod';
import { TERRITORY_LEVELS, TERRITORY_ROLES } from '@/server/db/entities';

export const entityId = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(100);
const code = z.string().trim().max(50).nullish().transform((v) => v || null);

export const territoryCreateInput = z.object({
  parentId: entityId.nullable(),
  level: z.enum(TERRITORY_LEVELS),
  name,
  code,
});
export type TerritoryCreateInput = z.infer<typeof territoryCreateInput>;

/** Rename, re-code, or move under another parent (`parentId` given; null = make it a root). */
export const territoryUpdateInput = z.object({
  id: entityId,
  name: name.optional(),
  code,
  parentId: entityId.nullable().optional(),
});
export type TerritoryUpdateInput = z.infer<typeof territoryUpdateInput>;

export const territoryAssignInput = z.object({ territoryId: entityId, userId: entityId, role: z.enum(TERRITORY_ROLES) });
export const territoryUnassignInput = z.object({ territoryId: entityId, userId: entityId });
