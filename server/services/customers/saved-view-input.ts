import { z } from 'zod';
import { entityId } from './territory-input';
import { institutionViewDefinition, peopleViewDefinition } from './list-input';

const name = z.string().trim().min(1).max(100);

export const savedViewCreateInput = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('person'), name, definition: peopleViewDefinition, isDefault: z.boolean().default(false) }),
  z.object({ entity: z.literal('institution'), name, definition: institutionViewDefinition, isDefault: z.boolean().default(false) }),
]);
export type SavedViewCreateInput = z.infer<typeof savedViewCreateInput>;

/** Rename and/or replace what the view shows; `entity` says which definition shape applies. */
export const savedViewUpdateInput = z.discriminatedUnion('entity', [
  z.object({ id: entityId, entity: z.literal('person'), name: name.optional(), definition: peopleViewDefinition.optional() }),
  z.object({ id: entityId, entity: z.literal('institution'), name: name.optional(), definition: institutionViewDefinition.optional() }),
]);
export type SavedViewUpdateInput = z.infer<typeof savedViewUpdateInput>;

export const savedViewEntityInput = z.object({ entity: z.enum(['person', 'institution']) });
export const savedViewDefaultInput = z.object({ id: entityId, isDefault: z.boolean() });
