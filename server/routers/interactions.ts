import { z } from 'zod';
import { INTERACTION_CHANNELS, INTERACTION_OUTCOMES } from '@/server/db/entities';
import { findPeople } from '@/server/services/work/customer-lookup';
import {
  getInteraction,
  interactionFilterOptions,
  interactionFormContext,
  interactionsForCustomer,
  listInteractions,
  logInteraction,
  myRecentInteractions,
  updateInteraction,
} from '@/server/services/work/interactions';
import { requirePermission, router } from '@/server/trpc/init';
import { cursor, customer, customValues, id, limit, optionalDate, optionalId, optionalText } from './work-inputs';

const interactionInput = z.object({
  channel: z.enum(INTERACTION_CHANNELS),
  occurredAt: z.date().min(new Date('2000-01-01T00:00:00Z')),
  personIds: z.array(id).min(1).max(20),
  institutionId: optionalId,
  departmentId: optionalId,
  productIds: z.array(id).max(20).default([]),
  keyMessages: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  notes: optionalText(5000),
  outcome: z.enum(INTERACTION_OUTCOMES).nullish().transform((v) => v ?? null),
  nextStep: optionalText(500),
  nextStepDue: optionalDate,
  custom: customValues.optional(),
});

export const interactionsRouter = router({
  log: requirePermission('interactions.write').input(interactionInput).mutation(({ ctx, input }) => logInteraction(ctx, input)),
  update: requirePermission('interactions.write')
    .input(interactionInput.extend({ id }))
    .mutation(({ ctx, input: { id: interactionId, ...input } }) => updateInteraction(ctx, interactionId, input)),
  get: requirePermission('interactions.read').input(z.object({ id })).query(({ ctx, input }) => getInteraction(ctx, input.id)),
  list: requirePermission('interactions.read')
    .input(
      z.object({
        from: optionalDate,
        to: optionalDate,
        channel: z.enum(INTERACTION_CHANNELS).nullish().transform((v) => v ?? null),
        ownerId: optionalId,
        productId: optionalId,
        territoryId: optionalId,
        cursor,
        limit,
      }),
    )
    .query(({ ctx, input }) => listInteractions(ctx, input)),
  forCustomer: requirePermission('interactions.read')
    .input(z.object({ ...customer, cursor, limit }))
    .query(({ ctx, input }) => interactionsForCustomer(ctx, input.kind, input.id, input.cursor, input.limit)),
  /** The user's latest five (dashboard widget). */
  recent: requirePermission('interactions.read').query(({ ctx }) => myRecentInteractions(ctx, 5)),
  filterOptions: requirePermission('interactions.read').query(({ ctx }) => interactionFilterOptions(ctx)),
  formContext: requirePermission('interactions.write')
    .input(z.object({ personIds: z.array(id).max(20), institutionId: optionalId }))
    .query(({ ctx, input }) => interactionFormContext(ctx, input)),
  /** The visit form's HCP picker: people in the user's territories, with their places of work. */
  findPeople: requirePermission('customers.read')
    .input(z.object({ q: z.string().max(100), institutionId: optionalId, limit }))
    .query(({ ctx, input }) => findPeople(ctx, input)),
});
