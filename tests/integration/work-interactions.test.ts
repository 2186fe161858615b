/**
 * Logging interactions (issue 3): a visit with two HCPs creates its participants, products, a task
 * from the next step and an audit entry, and `interaction.created` leaves only after the commit —
 * nothing at all when the transaction rolls back. Custom fields, edits and the list's filters and
 * keyset paging too.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CustomFieldSchema } from '@/server/db/entities';
import { zonedDaysFromNow, zonedInstant } from '@/server/services/work/dates';
import { eventBus } from '@/server/trpc/release';
import { createTenantWithAdmin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, visit, type WorkWorld } from './work-fixtures';

forEachDatabase((db) => {
  let world: WorkWorld;
  let rep: { id: string; api: Caller };
  let colleague: { id: string; api: Caller };

  beforeAll(async () => {
    const { tenant } = await createTenantWithAdmin(`Interactions ${db.driver}`);
    world = await seedWorld(tenant.id);
    rep = await member(tenant.id, ['rep'], [world.north]);
    colleague = await member(tenant.id, ['rep'], [world.north]);
  });

  afterEach(() => vi.restoreAllMocks());

  const count = async (table: string, where: string, params: unknown[]) => Number((await db.sql<{ n: number }>(`select count(*) as n from ${table} where ${where}`, params))[0]!.n);

  describe('logging a visit with two HCPs', () => {
    it('creates participants, products, a task from the next step and an audit entry; the event leaves after commit', async () => {
      const seenAtDispatch: { name: string; payload: unknown; committed: number }[] = [];
      const dispatch = vi.spyOn(eventBus(), 'dispatch').mockImplementation(async (events) => {
        for (const e of events) {
          const id = (e.payload as { interactionId?: string }).interactionId ?? '';
          // A separate connection sees the row only if the transaction has committed.
          seenAtDispatch.push({ name: e.name, payload: e.payload, committed: await count('interaction', 'id = ?', [id]) });
        }
      });
      // The form sends the chosen day at 18:00 company time.
      const due = zonedInstant(zonedDaysFromNow(3, 'Asia/Shanghai'), '18:00', 'Asia/Shanghai');
      const { id, taskId } = await rep.api.interactions.log(
        visit(world, {
          personIds: [world.drWang, world.drLi],
          productIds: [world.productA, world.productB],
          keyMessages: ['每日一次口服', '  低血糖风险低 ', '每日一次口服'],
          nextStep: '送新版说明书',
          nextStepDue: due,
        }),
      );

      expect(dispatch).toHaveBeenCalledTimes(1);
      expect(seenAtDispatch).toEqual([{ name: 'interaction.created', payload: { tenantId: world.tenantId, interactionId: id, actorUserId: rep.id }, committed: 1 }]);

      const detail = await rep.api.interactions.get({ id });
      // People are listed by name (pinyin order).
      expect(detail.people.map((p) => p.name)).toEqual(['李秀英', '王建国']);
      expect(detail.products.map((p) => p.id).sort()).toEqual([world.productA, world.productB].sort());
      expect(detail.keyMessages).toEqual(['每日一次口服', '低血糖风险低']);
      // The place and the territory come from the first person's primary affiliation.
      expect(detail.institution).toEqual({ id: world.hospitalN, name: '北京协和医院' });
      expect(detail.department).toEqual({ id: world.deptN, name: '心内科' });
      expect(detail.territoryId).toBe(world.north);
      expect(detail.owner.id).toBe(rep.id);
      expect(await count('interaction_participant', 'interaction_id = ?', [id])).toBe(2);
      expect(await count('interaction_product', 'interaction_id = ?', [id])).toBe(2);

      expect(taskId).toBeTruthy();
      expect(detail.tasks).toMatchObject([{ id: taskId, title: '送新版说明书', status: 'open' }]);
      const [task] = await db.sql<Record<string, unknown>>('select * from task where id = ?', [taskId]);
      expect(task).toMatchObject({ owner_id: rep.id, subject_kind: 'person', subject_id: world.drWang, interaction_id: id, status: 'open' });
      expect(new Date(task!.due_at as string).getTime()).toBe(due.getTime());
      // Reminder: 09:00 Shanghai time on the due day.
      const remind = new Date(task!.remind_at as string);
      expect(remind.toISOString().slice(11, 16)).toBe('01:00');
      const myTasks = await rep.api.tasks.list({ cursor: null, view: 'open', limit: 20 });
      expect(myTasks.items.map((t) => t.id)).toContain(taskId);

      const audit = await db.sql<{ action: string; entity_id: string; actor_user_id: string }>(
        `select action, entity_id, actor_user_id from audit_entry where tenant_id = ? and entity_id in (?, ?) order by seq`,
        [world.tenantId, id, taskId],
      );
      expect(audit).toEqual([
        { action: 'interaction.created', entity_id: id, actor_user_id: rep.id },
        { action: 'task.created', entity_id: taskId, actor_user_id: rep.id },
      ]);
    });

    it('a transaction that fails writes nothing and emits nothing', async () => {
      const dispatch = vi.spyOn(eventBus(), 'dispatch').mockResolvedValue();
      vi.spyOn(console, 'error').mockImplementation(() => {});
      // The task insert (the last write of the mutation) fails inside the database.
      if (db.driver === 'sqlite') {
        await db.sql(`create trigger work_test_refuse_task before insert on task begin select raise(abort, 'task refused'); end`);
      } else {
        await db.sql(`create function work_test_refuse_task() returns trigger language plpgsql as $$ begin raise exception 'task refused'; end $$`);
        await db.sql(`create trigger work_test_refuse_task before insert on task for each row execute function work_test_refuse_task()`);
      }
      const before = { interactions: await count('interaction', 'tenant_id = ?', [world.tenantId]), audit: await count('audit_entry', 'tenant_id = ?', [world.tenantId]) };
      try {
        await expect(rep.api.interactions.log(visit(world, { notes: 'rolled back', nextStep: '回访' }))).rejects.toThrow();
      } finally {
        await db.sql(db.driver === 'sqlite' ? 'drop trigger work_test_refuse_task' : 'drop trigger work_test_refuse_task on task');
      }
      expect(await count('interaction', 'tenant_id = ?', [world.tenantId])).toBe(before.interactions);
      expect(await count('interaction', `notes = 'rolled back'`, [])).toBe(0);
      expect(await count('audit_entry', 'tenant_id = ?', [world.tenantId])).toBe(before.audit);
      expect(dispatch).not.toHaveBeenCalled();
    });
  });

  describe('validation', () => {
    it('refuses a contact in the future, a department of another hospital, unknown products and a due date without a next step', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ occurredAt: new Date(Date.now() + 3 * 3_600_000) }, 'occurredAt'],
        [{ institutionId: world.hospitalN, departmentId: world.deptS }, 'departmentId'],
        [{ productIds: ['no-such-product'] }, 'productIds'],
        [{ nextStepDue: new Date() }, 'nextStep'],
      ];
      for (const [overrides, field] of cases) {
        const f = await failureOf(rep.api.interactions.log(visit(world, overrides)));
        expect(f.appCode, field).toBe('VALIDATION');
        expect(Object.keys((f.error as { cause: { fieldErrors: object } }).cause.fieldErrors), field).toEqual([field]);
      }
    });

    it('checks the tenant’s interaction custom fields (required, type) and stores them', async () => {
      const em = await db.em(world.tenantId);
      em.create(CustomFieldSchema, { entity: 'interaction', key: 'visit_purpose', type: 'select', labelZh: '拜访目的', labelEn: 'Purpose', required: true, sensitive: false, options: [{ value: 'launch', label: { 'zh-CN': '新品推广', en: 'Launch' } }], position: 1, archivedAt: null });
      await em.flush();
      try {
        const missing = await failureOf(rep.api.interactions.log(visit(world)));
        expect(missing.appCode).toBe('VALIDATION');
        const wrong = await failureOf(rep.api.interactions.log(visit(world, { custom: { visit_purpose: 'bribe' } })));
        expect(Object.keys((wrong.error as { cause: { fieldErrors: object } }).cause.fieldErrors)).toEqual(['custom.visit_purpose']);
        const { id } = await rep.api.interactions.log(visit(world, { custom: { visit_purpose: 'launch' } }));
        expect((await rep.api.interactions.get({ id })).custom).toEqual({ visit_purpose: 'launch' });
      } finally {
        await db.sql(`delete from custom_field where tenant_id = ? and key = 'visit_purpose'`, [world.tenantId]);
      }
    });
  });

  describe('editing', () => {
    it('the owner edits people, products and text; the change is audited; a colleague may not', async () => {
      const { id } = await rep.api.interactions.log(visit(world));
      expect((await failureOf(colleague.api.interactions.update({ id, ...visit(world, { notes: 'mine now' }) }))).appCode).toBe('NOT_OWNER');
      const { taskId } = await rep.api.interactions.update({ id, ...visit(world, { personIds: [world.drLi], productIds: [world.productB], notes: '更正', nextStep: '约科室会' }) });
      const detail = await rep.api.interactions.get({ id });
      expect(detail.people.map((p) => p.id)).toEqual([world.drLi]);
      expect(detail.products.map((p) => p.id)).toEqual([world.productB]);
      expect(detail.notes).toBe('更正');
      // A next step added later becomes a task, once.
      expect(detail.tasks.map((t) => t.id)).toEqual([taskId]);
      await rep.api.interactions.update({ id, ...visit(world, { personIds: [world.drLi], productIds: [world.productB], notes: '更正', nextStep: '约科室会（改）' }) });
      expect((await rep.api.interactions.get({ id })).tasks).toHaveLength(1);
      const [entry] = await db.sql<{ changes: unknown }>(`select changes from audit_entry where entity_id = ? and action = 'interaction.updated' order by seq limit 1`, [id]);
      const changes = typeof entry!.changes === 'string' ? JSON.parse(entry!.changes) : entry!.changes;
      expect(changes).toMatchObject({ personIds: { from: [world.drWang], to: [world.drLi] }, productIds: { from: [world.productA], to: [world.productB] }, notes: { to: '更正' } });
    });
  });

  describe('the list', () => {
    let mine: string[];
    beforeAll(async () => {
      const { tenant } = await createTenantWithAdmin(`List ${db.driver}`);
      world = await seedWorld(tenant.id);
      rep = await member(tenant.id, ['rep'], [world.north]);
      colleague = await member(tenant.id, ['rep'], [world.north]);
      const day = (n: number) => new Date(Date.UTC(2025, 0, 10 + n, 2));
      mine = [];
      for (let n = 0; n < 5; n++) {
        mine.push((await rep.api.interactions.log(visit(world, { occurredAt: day(n), channel: n % 2 ? 'phone' : 'visit', productIds: n === 4 ? [world.productB] : [world.productA] }))).id);
      }
      await colleague.api.interactions.log(visit(world, { occurredAt: day(2), channel: 'wechat', productIds: [] }));
    });

    it('pages newest first with a keyset cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pageNo = 0; pageNo < 10; pageNo++) {
        const page: Awaited<ReturnType<typeof rep.api.interactions.list>> = await rep.api.interactions.list({ ownerId: rep.id, cursor, limit: 2 });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual([...mine].reverse());
    });

    it('filters by channel, product, owner, date range and territory', async () => {
      const ids = async (f: Record<string, unknown>) => (await rep.api.interactions.list({ cursor: null, limit: 50, ...f })).items.map((i) => i.id);
      expect(await ids({ channel: 'phone' })).toEqual([mine[3], mine[1]]);
      expect(await ids({ productId: world.productB })).toEqual([mine[4]]);
      expect(await ids({ ownerId: colleague.id })).toHaveLength(1);
      expect(await ids({ from: new Date(Date.UTC(2025, 0, 11)), to: new Date(Date.UTC(2025, 0, 13)), ownerId: rep.id })).toEqual([mine[2], mine[1]]);
      expect(await ids({ territoryId: world.north })).toHaveLength(6);
      expect(await ids({ territoryId: world.region })).toHaveLength(6);
      expect(await ids({ territoryId: world.south })).toEqual([]);
      const row = (await rep.api.interactions.list({ cursor: null, limit: 1 })).items[0]!;
      expect(row).toMatchObject({ institution: { name: '北京协和医院' }, people: [{ name: '王建国' }], owner: { id: rep.id } });
    });

    it('a person’s timeline and the dashboard’s recent list show the visits', async () => {
      const forWang = await rep.api.interactions.forCustomer({ cursor: null, kind: 'person', id: world.drWang, limit: 3 });
      expect(forWang.items).toHaveLength(3);
      expect(forWang.nextCursor).toBeTruthy();
      const forHospital = await rep.api.interactions.forCustomer({ cursor: null, kind: 'institution', id: world.hospitalN, limit: 50 });
      expect(forHospital.items).toHaveLength(6);
      expect((await rep.api.interactions.recent()).map((i) => i.id)).toEqual([...mine].reverse());
    });

    it('the HCP picker finds people by name, pinyin and initials, only in the user’s territories', async () => {
      const names = async (q: string, institutionId?: string) => (await rep.api.interactions.findPeople({ q, institutionId, limit: 10 })).map((p) => p.name);
      expect(await names('王')).toEqual(['王建国']);
      expect(await names('wangj')).toEqual(['王建国']);
      expect(await names('lxy')).toEqual(['李秀英']);
      expect(await names('赵')).toEqual([]);
      expect((await names('', world.hospitalN)).sort()).toEqual(['李秀英', '王建国'].sort());
      const [card] = await rep.api.interactions.findPeople({ q: '李秀', limit: 5 });
      expect(card!.affiliations).toEqual([{ institutionId: world.hospitalN, institutionName: '北京协和医院', departmentId: world.deptN, departmentName: '心内科', isPrimary: true, visible: true }]);
    });
  });
});
