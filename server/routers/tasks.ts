import { z } from 'zod';
import { assignableMembers, customerSubject } from '@/server/services/work/shared';
import { createTask, getTask, listMyTasks, myDueReminders, myTaskCounts, setTaskStatus, TASK_VIEWS, tasksForCustomer, updateTask } from '@/server/services/work/tasks';
import { requirePermission, router } from '@/server/trpc/init';
import { cursor, customer, customerKind, id, limit, optionalDate, optionalId, optionalText, text } from './work-inputs';

const taskInput = z.object({
  title: text(300),
  description: optionalText(5000),
  ownerId: optionalId,
  dueAt: optionalDate,
  remindAt: optionalDate,
});

const write = requirePermission('tasks.write');

export const tasksRouter = router({
  list: write.input(z.object({ view: z.enum(TASK_VIEWS), cursor, limit })).query(({ ctx, input }) => listMyTasks(ctx, input)),
  /** Counts and due reminders: the top of "my tasks" and the dashboard widget. */
  summary: write.query(async ({ ctx }) => ({ counts: await myTaskCounts(ctx), reminders: await myDueReminders(ctx, 10) })),
  get: write.input(z.object({ id })).query(({ ctx, input }) => getTask(ctx, input.id)),
  forCustomer: write.input(z.object({ ...customer, limit })).query(({ ctx, input }) => tasksForCustomer(ctx, input.kind, input.id, input.limit)),
  /** What the task form needs: the customer it is about (when opened from one) and possible owners. */
  formContext: write.input(z.object({ subject: z.object(customer).nullable() })).query(async ({ ctx, input }) => ({
    subject: input.subject ? await customerSubject(ctx, input.subject.kind, input.subject.id) : null,
    assignees: await assignableMembers(ctx, 'tasks.write'),
  })),
  create: write
    .input(taskInput.extend({ subjectKind: customerKind.nullish().transform((v) => v ?? null), subjectId: optionalId }))
    .mutation(({ ctx, input }) => createTask(ctx, input)),
  update: write.input(taskInput.extend({ id })).mutation(({ ctx, input: { id: taskId, ...input } }) => updateTask(ctx, taskId, input)),
  complete: write.input(z.object({ id })).mutation(({ ctx, input }) => setTaskStatus(ctx, input.id, 'done')),
  reopen: write.input(z.object({ id })).mutation(({ ctx, input }) => setTaskStatus(ctx, input.id, 'open')),
  cancel: write.input(z.object({ id })).mutation(({ ctx, input }) => setTaskStatus(ctx, input.id, 'cancelled')),
});
