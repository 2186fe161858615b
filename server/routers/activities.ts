import { z } from 'zod';
import { ACTIVITY_TYPES } from '@/server/db/entities';
import {
  addParticipant,
  createActivity,
  getActivity,
  listActivities,
  participationsForCustomer,
  removeParticipant,
  updateActivity,
  updateParticipant,
} from '@/server/services/work/activities';
import { requirePermission, router } from '@/server/trpc/init';
import { cursor, customer, customerKind, id, limit, optionalText, text } from './work-inputs';

const activityInput = z.object({
  name: text(200),
  type: z.enum(ACTIVITY_TYPES),
  startsAt: z.date().min(new Date('2000-01-01T00:00:00Z')),
  location: optionalText(200),
  description: optionalText(5000),
});

const participationInput = z.object({
  effectRating: z.number().int().min(1).max(5).nullish().transform((v) => v ?? null),
  notes: optionalText(500),
});

const manage = requirePermission('activities.manage');

export const activitiesRouter = router({
  list: manage
    .input(z.object({ type: z.enum(ACTIVITY_TYPES).nullish().transform((v) => v ?? null), cursor, limit }))
    .query(({ ctx, input }) => listActivities(ctx, input)),
  get: manage.input(z.object({ id })).query(({ ctx, input }) => getActivity(ctx, input.id)),
  create: manage.input(activityInput).mutation(({ ctx, input }) => createActivity(ctx, input)),
  update: manage.input(activityInput.extend({ id })).mutation(({ ctx, input: { id: activityId, ...input } }) => updateActivity(ctx, activityId, input)),
  addParticipant: manage
    .input(participationInput.extend({ activityId: id, subjectKind: customerKind, subjectId: id }))
    .mutation(({ ctx, input }) => addParticipant(ctx, input)),
  updateParticipant: manage
    .input(participationInput.extend({ id }))
    .mutation(({ ctx, input: { id: participationId, ...input } }) => updateParticipant(ctx, participationId, input)),
  removeParticipant: manage.input(z.object({ id })).mutation(({ ctx, input }) => removeParticipant(ctx, input.id)),
  /** A customer's activity history, for the customer's 360 page. */
  forCustomer: requirePermission('customers.read').input(z.object(customer)).query(({ ctx, input }) => participationsForCustomer(ctx, input.kind, input.id)),
});
