import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { QueryOrder } from '@mikro-orm/core';
import { TaskSchema, type CustomerKind, type Task } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { notify } from '@/server/services/notifications';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { REMIND_TIME, zonedDate, zonedInstant } from './dates';
import { assertAssignable, changes, customerNames, customerSubject, decodeCursor, encodeCursor, isAdmin, userNames } from './shared';

export const TASK_VIEWS = ['open', 'overdue', 'done'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

interface NewTask {
  title: string;
  description: string | null;
  ownerId: string;
  dueAt: Date | null;
  remindAt: Date | null;
  subjectKind: CustomerKind | null;
  subjectId: string | null;
  interactionId: string | null;
}

/** Inserts a task and audits it (also used for a visit's next step). */
export async function insertTask(ctx: TenantContext, input: NewTask): Promise<Task> {
  const task = ctx.em.create(TaskSchema, { ...input, remindedAt: null, status: 'open', completedAt: null, createdBy: ctx.session.user.id });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'task.created', entity: 'Task', entityId: task.id, changes: { ...input } });
  return task;
}

/**
 * The reminder for a due date: the start of that working day in the company's time zone — if
 * that is still ahead, else none (a reminder that fires the moment the task is made is noise).
 */
export function reminderFor(dueAt: Date | null, timeZone: string, now = new Date()): Date | null {
  if (!dueAt) return null;
  const at = zonedInstant(zonedDate(dueAt, timeZone), REMIND_TIME, timeZone);
  return at > now && at < dueAt ? at : null;
}

async function decorate(ctx: TenantContext, rows: Task[]) {
  const [owners, subjects] = await Promise.all([
    userNames(ctx, rows.flatMap((t) => [t.ownerId, t.createdBy])),
    customerNames(ctx, rows.flatMap((t) => (t.subjectKind && t.subjectId ? [{ kind: t.subjectKind, id: t.subjectId }] : []))),
  ]);
  const now = Date.now();
  const me = ctx.session.user.id;
  return rows.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    status: t.status,
    dueAt: t.dueAt,
    remindAt: t.remindAt,
    remindedAt: t.remindedAt,
    completedAt: t.completedAt,
    overdue: t.status === 'open' && t.dueAt !== null && t.dueAt.getTime() < now,
    // Due reminders show at once, even before the reminder job has stamped them; once the task is
    // overdue, being overdue says more than the reminder.
    reminderDue: t.status === 'open' && t.remindAt !== null && t.remindAt.getTime() <= now && !(t.dueAt !== null && t.dueAt.getTime() < now),
    owner: { id: t.ownerId, name: owners.get(t.ownerId) ?? '' },
    createdBy: t.createdBy ? { id: t.createdBy, name: owners.get(t.createdBy) ?? '' } : null,
    subject: t.subjectKind && t.subjectId ? { kind: t.subjectKind, id: t.subjectId, name: subjects.get(`${t.subjectKind}:${t.subjectId}`) ?? '' } : null,
    interactionId: t.interactionId,
    canEdit: t.ownerId === me || t.createdBy === me || isAdmin(ctx),
  }));
}
export type TaskRow = Awaited<ReturnType<typeof decorate>>[number];

/**
 * "My tasks": open ones by due date (undated last), overdue ones, or done ones (latest first).
 * Keyset paging on the sort column and id.
 */
export async function listMyTasks(ctx: TenantContext, input: { view: TaskView; cursor: string | null; limit: number }) {
  const me = ctx.session.user.id;
  const now = new Date();
  const c = decodeCursor(input.cursor);
  let where: FilterQuery<Task>;
  let orderBy: Record<string, QueryOrder>;
  let sortKey: (t: Task) => Date | null;
  if (input.view === 'done') {
    where = { ownerId: me, status: { $in: ['done', 'cancelled'] } };
    if (c?.value instanceof Date) where = { ...where, $or: [{ completedAt: { $lt: c.value } }, { completedAt: c.value, id: { $lt: c.id } }] };
    orderBy = { completedAt: QueryOrder.DESC, id: QueryOrder.DESC };
    sortKey = (t) => t.completedAt;
  } else {
    where = input.view === 'overdue' ? { ownerId: me, status: 'open', dueAt: { $lt: now } } : { ownerId: me, status: 'open' };
    if (c) {
      const after =
        c.value instanceof Date
          ? [{ dueAt: { $gt: c.value } }, { dueAt: c.value, id: { $gt: c.id } }, ...(input.view === 'open' ? [{ dueAt: null }] : [])]
          : [{ dueAt: null, id: { $gt: c.id } }];
      where = { ...where, $or: after } as FilterQuery<Task>;
    }
    orderBy = { dueAt: QueryOrder.ASC_NULLS_LAST, id: QueryOrder.ASC };
    sortKey = (t) => t.dueAt;
  }
  const rows = await ctx.em.find(TaskSchema, where, { orderBy, limit: input.limit + 1 });
  const more = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return { items: await decorate(ctx, page), nextCursor: more && last ? encodeCursor(sortKey(last), last.id) : null };
}

/** Counts for the tabs and the dashboard widget. */
export async function myTaskCounts(ctx: TenantContext) {
  const me = ctx.session.user.id;
  const now = new Date();
  const [open, overdue, reminders] = await Promise.all([
    ctx.em.count(TaskSchema, { ownerId: me, status: 'open' }),
    ctx.em.count(TaskSchema, { ownerId: me, status: 'open', dueAt: { $lt: now } }),
    ctx.em.count(TaskSchema, dueReminders(me, now)),
  ]);
  return { open, overdue, reminders };
}

/** Open tasks of `ownerId` whose reminder time has come and that are not overdue yet. */
function dueReminders(ownerId: string, now: Date): FilterQuery<Task> {
  return { ownerId, status: 'open', remindAt: { $lte: now }, $or: [{ dueAt: null }, { dueAt: { $gte: now } }] };
}

/** Reminders that are due, oldest first: shown above everything else. */
export async function myDueReminders(ctx: TenantContext, limit: number) {
  const rows = await ctx.em.find(TaskSchema, dueReminders(ctx.session.user.id, new Date()), { orderBy: { remindAt: 'asc', id: 'asc' }, limit });
  return decorate(ctx, rows);
}

/** Tasks about one customer (the 360 page): open first, then the latest done. */
export async function tasksForCustomer(ctx: TenantContext, kind: CustomerKind, id: string, limit: number) {
  await customerSubject(ctx, kind, id);
  // 'open' sorts after 'done' and 'cancelled': descending puts open tasks first.
  const rows = await ctx.em.find(TaskSchema, { subjectKind: kind, subjectId: id }, { orderBy: { status: 'desc', dueAt: QueryOrder.ASC_NULLS_LAST, createdAt: 'desc' }, limit });
  return decorate(ctx, rows);
}

export interface TaskInput {
  title: string;
  description: string | null;
  ownerId: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
}

export async function createTask(ctx: TenantContext, input: TaskInput & { subjectKind: CustomerKind | null; subjectId: string | null }) {
  const ownerId = input.ownerId ?? ctx.session.user.id;
  await assertAssignable(ctx, ownerId, 'tasks.write');
  if (input.subjectKind && input.subjectId) await customerSubject(ctx, input.subjectKind, input.subjectId);
  const task = await insertTask(ctx, {
    title: input.title,
    description: input.description,
    ownerId,
    dueAt: input.dueAt,
    remindAt: input.remindAt,
    subjectKind: input.subjectKind && input.subjectId ? input.subjectKind : null,
    subjectId: input.subjectKind && input.subjectId ? input.subjectId : null,
    interactionId: null,
  });
  return (await decorate(ctx, [task]))[0]!;
}

/** A task its owner, its creator or an admin may change. */
async function editableTask(ctx: TenantContext, id: string): Promise<Task> {
  const task = await ctx.em.findOne(TaskSchema, { id });
  if (!task) throw errors.notFound('task');
  const me = ctx.session.user.id;
  if (task.ownerId !== me && task.createdBy !== me && !isAdmin(ctx)) {
    // Someone else's task is none of this user's business: the same answer as a missing one.
    throw errors.notFound('task');
  }
  return task;
}

/**
 * One task, for its owner, its creator, an admin — or anyone who may see the customer it is about
 * (the customer's timeline links to it).
 */
export async function getTask(ctx: TenantContext, id: string) {
  const task = await ctx.em.findOne(TaskSchema, { id });
  if (!task) throw errors.notFound('task');
  const me = ctx.session.user.id;
  if (task.ownerId !== me && task.createdBy !== me && !isAdmin(ctx)) {
    if (!task.subjectKind || !task.subjectId) throw errors.notFound('task');
    await customerSubject(ctx, task.subjectKind, task.subjectId).catch(() => {
      throw errors.notFound('task');
    });
  }
  return (await decorate(ctx, [task]))[0]!;
}

export async function updateTask(ctx: TenantContext, id: string, input: TaskInput) {
  const task = await editableTask(ctx, id);
  const ownerId = input.ownerId ?? task.ownerId;
  if (ownerId !== task.ownerId) await assertAssignable(ctx, ownerId, 'tasks.write');
  const next = { title: input.title, description: input.description, ownerId, dueAt: input.dueAt, remindAt: input.remindAt };
  const diff = changes(task, next);
  // A new reminder time is a new reminder.
  if (diff.remindAt) task.remindedAt = null;
  Object.assign(task, next);
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'task.updated', entity: 'Task', entityId: task.id, changes: diff });
  return (await decorate(ctx, [task]))[0]!;
}

const STATUS_ACTIONS = { done: 'task.completed', open: 'task.reopened', cancelled: 'task.cancelled' } as const;

/** Completes, reopens or cancels a task. Only an open task can be completed or cancelled. */
export async function setTaskStatus(ctx: TenantContext, id: string, status: keyof typeof STATUS_ACTIONS) {
  const task = await editableTask(ctx, id);
  const from = task.status;
  const allowed = status === 'open' ? from !== 'open' : from === 'open';
  if (!allowed) throw new DomainError('INVALID_TRANSITION', 'tasks.errors.transition', { from, to: status }, 'PRECONDITION_FAILED');
  task.status = status;
  task.completedAt = status === 'open' ? null : new Date();
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: STATUS_ACTIONS[status], entity: 'Task', entityId: task.id, changes: { status: { from, to: status } } });
  return (await decorate(ctx, [task]))[0]!;
}

/**
 * The reminder job's work for one tenant: stamps `remindedAt` on open tasks whose reminder time
 * has come. The stamp is the guard — a second run (or a redelivered job) finds nothing to do.
 */
export async function stampDueReminders(em: EntityManager, now = new Date()): Promise<number> {
  // In batches: each due task notifies its owner once (the dedupe key survives a redelivered job),
  // then is stamped so the next run skips it.
  let reminded = 0;
  for (;;) {
    const due = await em.find(TaskSchema, { status: 'open', remindAt: { $lte: now }, remindedAt: null }, { fields: ['id', 'title', 'ownerId'], limit: 200, orderBy: { remindAt: 'asc', id: 'asc' } });
    if (!due.length) return reminded;
    for (const task of due) {
      await notify(em, { userIds: [task.ownerId], source: 'core', messageKey: 'tasks.reminderNotification', values: { title: task.title }, href: `/tasks?id=${task.id}`, dedupeKey: `task-reminder:${task.id}` });
    }
    reminded += await em.nativeUpdate(TaskSchema, { id: { $in: due.map((t) => t.id) }, remindedAt: null }, { remindedAt: now });
    em.clear();
  }
}
