import { z } from 'zod';
import { SERVICE_STATUSES, SERVICE_TYPES } from '@/server/db/entities';
import {
  createServiceRequest,
  getServiceRequest,
  listServiceRequests,
  serviceRequestsForCustomer,
  transitionServiceRequest,
  updateServiceRequest,
} from '@/server/services/work/service-requests';
import { assignableMembers, customerSubject } from '@/server/services/work/shared';
import { requirePermission, router } from '@/server/trpc/init';
import { cursor, customer, customerKind, id, limit, optionalDate, optionalId, optionalText, text } from './work-inputs';

const serviceInput = z.object({
  type: z.enum(SERVICE_TYPES),
  title: text(300),
  description: optionalText(5000),
  ownerId: optionalId,
  dueAt: optionalDate,
});

const read = requirePermission('service.read');
const write = requirePermission('service.write');

export const serviceRouter = router({
  list: read
    .input(
      z.object({
        status: z.enum(SERVICE_STATUSES).nullish().transform((v) => v ?? null),
        type: z.enum(SERVICE_TYPES).nullish().transform((v) => v ?? null),
        owner: optionalId,
        overdue: z.boolean(),
        cursor,
        limit,
      }),
    )
    .query(({ ctx, input }) => listServiceRequests(ctx, input)),
  get: read.input(z.object({ id })).query(({ ctx, input }) => getServiceRequest(ctx, input.id)),
  forCustomer: read.input(z.object({ ...customer, limit })).query(({ ctx, input }) => serviceRequestsForCustomer(ctx, input.kind, input.id, input.limit)),
  /** What the request form needs: the customer (access-checked) and who can handle service. */
  formContext: write.input(z.object({ subjectKind: customerKind, subjectId: id })).query(async ({ ctx, input }) => ({
    subject: await customerSubject(ctx, input.subjectKind, input.subjectId),
    assignees: await assignableMembers(ctx, 'service.write'),
  })),
  create: write.input(serviceInput.extend({ subjectKind: customerKind, subjectId: id })).mutation(({ ctx, input }) => createServiceRequest(ctx, input)),
  update: write.input(serviceInput.extend({ id })).mutation(({ ctx, input: { id: requestId, ...input } }) => updateServiceRequest(ctx, requestId, input)),
  transition: write
    .input(z.object({ id, to: z.enum(SERVICE_STATUSES), note: optionalText(5000) }))
    .mutation(({ ctx, input }) => transitionServiceRequest(ctx, input.id, input.to, input.note)),
});
