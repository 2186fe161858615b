/**
 * Tasks and their reminders (issue 3): "my tasks" views, complete / reopen / cancel, who may change
 * a task, and the reminder job — run per company by the queue, idempotent: a second run (or a
 * redelivered job) reminds nobody twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { taskReminders } from '@/server/jobs/core-jobs';
import { InProcessDriver } from '@/server/jobs/in-process-driver';
import { ALL_TENANTS } from '@/server/jobs/runner';
import { createTenantWithAdmin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

const HOUR = 3_600_000;

forEachDatabase((db) => {
  let world: WorkWorld;
  let rep: { id: string; api: Caller };
  let colleague: { id: string; api: Caller };

  beforeAll(async () => {
    const { tenant } = await createTenantWithAdmin(`Tasks ${db.driver}`);
    world = await seedWorld(tenant.id);
    rep = await member(tenant.id, ['rep'], [world.north]);
    colleague = await member(tenant.id, ['rep'], [world.north]);
  });

  describe('the reminder job', () => {
    const driver = new InProcessDriver(() => [taskReminders]);
    afterAll(() => driver.close());

    async function tick() {
      // What the scheduler does every few minutes: one tick, fanned out to every company.
      await driver.enqueue(taskReminders.name, { tenantId: ALL_TENANTS });
      await driver.drain();
    }
    const stamps = async (ids: string[]) =>
      Object.fromEntries((await db.sql<{ id: string; reminded_at: unknown }>(`select id, reminded_at from task where id in (${ids.map(() => '?').join(',')})`, ids)).map((r) => [r.id, r.reminded_at === null ? null : new Date(r.reminded_at as string).getTime()]));

    it('stamps due reminders of open tasks once, in every company; a second run changes nothing', async () => {
      await driver.startWorkers();
      const due1 = await rep.api.tasks.create({ title: '回访王主任', remindAt: new Date(Date.now() - HOUR), dueAt: new Date(Date.now() + HOUR) });
      const due2 = await colleague.api.tasks.create({ title: '准备科室会资料', remindAt: new Date(Date.now() - 2 * HOUR) });
      const future = await rep.api.tasks.create({ title: '下周再说', remindAt: new Date(Date.now() + 24 * HOUR) });
      const done = await rep.api.tasks.create({ title: '已完成', remindAt: new Date(Date.now() - HOUR) });
      await rep.api.tasks.complete({ id: done.id });
      const other = await createTenantWithAdmin(`Tasks other ${db.driver}`);
      const otherRep = await member(other.tenant.id, ['rep']);
      const elsewhere = await otherRep.api.tasks.create({ title: '别家公司的提醒', remindAt: new Date(Date.now() - HOUR) });
      const ids = [due1.id, due2.id, future.id, done.id, elsewhere.id];

      await tick();
      const first = await stamps(ids);
      expect(first[due1.id]).not.toBeNull();
      expect(first[due2.id]).not.toBeNull();
      expect(first[elsewhere.id]).not.toBeNull();
      expect(first[future.id]).toBeNull();
      expect(first[done.id]).toBeNull();

      await tick();
      expect(await stamps(ids)).toEqual(first);
      // Run by hand, too: nothing left to remind.
      expect(await taskReminders.handle({ tenantId: world.tenantId }, { tenantId: world.tenantId, em: await forkEm(world.tenantId), jobId: 'manual', attempt: 1 })).toEqual({ reminded: 0 });

      // The owner sees the reminder at the top of "my tasks" (and on the dashboard).
      const summary = await rep.api.tasks.summary();
      expect(summary.reminders.map((t) => t.id)).toEqual([due1.id]);
      expect(summary.reminders[0]).toMatchObject({ reminderDue: true, overdue: false });
      expect(summary.counts).toMatchObject({ reminders: 1 });

      // A new reminder time is a new reminder: it will go out again.
      await rep.api.tasks.update({ id: due1.id, title: '回访王主任', remindAt: new Date(Date.now() - 60_000), dueAt: new Date(Date.now() + HOUR) });
      expect((await stamps([due1.id]))[due1.id]).toBeNull();
      await tick();
      expect((await stamps([due1.id]))[due1.id]).not.toBeNull();
    });
  });

  describe('my tasks', () => {
    it('lists open (by due date, undated last), overdue and done tasks, paged', async () => {
      const { tenant } = await createTenantWithAdmin(`My tasks ${db.driver}`);
      const me = await member(tenant.id, ['rep']);
      const at = (h: number | null) => (h === null ? null : new Date(Date.now() + h * HOUR));
      const made: Record<string, string> = {};
      for (const [title, due] of [['undated', null], ['late', -5], ['later', 48], ['soon', 2], ['very late', -50]] as const) {
        made[title] = (await me.api.tasks.create({ title, dueAt: at(due) })).id;
      }
      const titles = async (view: 'open' | 'overdue' | 'done', limit = 2) => {
        const out: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 10; i++) {
          const page: Awaited<ReturnType<typeof me.api.tasks.list>> = await me.api.tasks.list({ view, cursor, limit });
          out.push(...page.items.map((t) => t.title));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        return out;
      };
      expect(await titles('open')).toEqual(['very late', 'late', 'soon', 'later', 'undated']);
      expect(await titles('overdue', 1)).toEqual(['very late', 'late']);
      await me.api.tasks.complete({ id: made.late! });
      await me.api.tasks.cancel({ id: made.undated! });
      expect(await titles('done')).toEqual(['undated', 'late']);
      expect(await titles('open')).toEqual(['very late', 'soon', 'later']);
      await me.api.tasks.reopen({ id: made.late! });
      expect(await titles('overdue')).toEqual(['very late', 'late']);
      expect((await me.api.tasks.summary()).counts).toEqual({ open: 4, overdue: 2, reminders: 0 });
    });

    it('only open tasks can be completed or cancelled; only closed ones reopened', async () => {
      const t = await rep.api.tasks.create({ title: '一次性' });
      await rep.api.tasks.complete({ id: t.id });
      expect((await failureOf(rep.api.tasks.complete({ id: t.id }))).appCode).toBe('INVALID_TRANSITION');
      expect((await failureOf(rep.api.tasks.cancel({ id: t.id }))).appCode).toBe('INVALID_TRANSITION');
      await rep.api.tasks.reopen({ id: t.id });
      expect((await failureOf(rep.api.tasks.reopen({ id: t.id }))).appCode).toBe('INVALID_TRANSITION');
      const actions = await db.sql<{ action: string }>(`select action from audit_entry where entity_id = ? order by seq`, [t.id]);
      expect(actions.map((a) => a.action)).toEqual(['task.created', 'task.completed', 'task.reopened']);
    });

    it('someone else’s task is not found; an assigned task belongs to its owner and its creator', async () => {
      const mine = await rep.api.tasks.create({ title: '私事' });
      expect((await failureOf(colleague.api.tasks.complete({ id: mine.id }))).appCode).toBe('NOT_FOUND');
      expect((await failureOf(colleague.api.tasks.update({ id: mine.id, title: '改掉' }))).appCode).toBe('NOT_FOUND');

      const assigned = await rep.api.tasks.create({ title: '请帮忙送资料', ownerId: colleague.id, subjectKind: 'person', subjectId: world.drLi });
      expect(assigned).toMatchObject({ owner: { id: colleague.id }, createdBy: { id: rep.id }, subject: { kind: 'person', id: world.drLi, name: '李秀英' } });
      expect((await colleague.api.tasks.list({ cursor: null, view: 'open', limit: 50 })).items.map((t) => t.id)).toContain(assigned.id);
      await colleague.api.tasks.complete({ id: assigned.id });
      expect((await rep.api.tasks.forCustomer({ kind: 'person', id: world.drLi, limit: 10 })).map((t) => [t.id, t.status])).toContainEqual([assigned.id, 'done']);

      // Owners must be colleagues who work on tasks.
      const compliance = await member(world.tenantId, ['compliance']);
      expect((await failureOf(rep.api.tasks.create({ title: 'x', ownerId: compliance.id }))).appCode).toBe('VALIDATION');
      expect((await failureOf(rep.api.tasks.create({ title: 'x', ownerId: 'not-a-member' }))).appCode).toBe('VALIDATION');
      const form = await rep.api.tasks.formContext({ subject: { kind: 'person', id: world.drLi } });
      expect(form.subject).toMatchObject({ name: '李秀英' });
      expect(form.assignees.map((a) => a.id)).toEqual(expect.arrayContaining([rep.id, colleague.id]));
      expect(form.assignees.map((a) => a.id)).not.toContain(compliance.id);
      // The customer's timeline links here: whoever sees the customer may open the task.
      expect((await colleague.api.tasks.get({ id: assigned.id })).title).toBe('请帮忙送资料');
      const outsider = await member(world.tenantId, ['rep'], [world.south]);
      expect((await failureOf(outsider.api.tasks.get({ id: assigned.id }))).appCode).toBe('NOT_FOUND');
      expect((await failureOf(outsider.api.tasks.get({ id: mine.id }))).appCode).toBe('NOT_FOUND');
    });
  });

  it('tasks keep their company: the ORM refuses to read one across tenants', async () => {
    const t = await rep.api.tasks.create({ title: '只属于本公司' });
    const other = await createTenantWithAdmin(`Tasks iso ${db.driver}`);
    const em = await forkEm(other.tenant.id);
    expect(await em.findOne(TaskSchema, { id: t.id })).toBeNull();
  });
});
