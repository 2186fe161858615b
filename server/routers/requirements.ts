import { z } from 'zod';
import { REQUIREMENT_KINDS, REQUIREMENT_STATUSES } from '@/server/db/entities';
import { createRequirement, requirementsForCustomer, updateRequirement } from '@/server/services/work/requirements';
import { requirePermission, router } from '@/server/trpc/init';
import { customer, customerKind, id, text } from './work-inputs';

/** Custom requirements are part of the customer profile: read and written with the customer's permissions. */
export const requirementsRouter = router({
  forCustomer: requirePermission('customers.read').input(z.object(customer)).query(({ ctx, input }) => requirementsForCustomer(ctx, input.kind, input.id)),
  create: requirePermission('customers.write')
    .input(z.object({ subjectKind: customerKind, subjectId: id, kind: z.enum(REQUIREMENT_KINDS), description: text(2000) }))
    .mutation(({ ctx, input }) => createRequirement(ctx, input)),
  update: requirePermission('customers.write')
    .input(z.object({ id, kind: z.enum(REQUIREMENT_KINDS), description: text(2000), status: z.enum(REQUIREMENT_STATUSES) }))
    .mutation(({ ctx, input: { id: requirementId, ...input } }) => updateRequirement(ctx, requirementId, input)),
});
