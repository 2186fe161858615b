/**
 * Service requests (issue 3): the workflow open → in progress → resolved → closed, reopen; invalid
 * moves are refused server-side and change nothing; every move is audited with its note; the list
 * filters by status, type, owner and overdue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceStatus } from '@/server/db/entities';
import { createTenantWithAdmin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

forEachDatabase((db) => {
  let world: WorkWorld;
  let rep: { id: string; api: Caller };
  let colleague: { id: string; api: Caller };

  beforeAll(async () => {
    const { tenant } = await createTenantWithAdmin(`Service ${db.driver}`);
    world = await seedWorld(tenant.id);
    rep = await member(tenant.id, ['rep'], [world.north]);
    colleague = await member(tenant.id, ['rep'], [world.north]);
  });

  const open = (title = '血糖仪读数异常', extra: Record<string, unknown> = {}) =>
    rep.api.service.create({ subjectKind: 'person', subjectId: world.drWang, type: 'technical_support', title, ...extra });
  const status = async (id: string) => (await db.sql<{ status: string }>('select status from service_request where id = ?', [id]))[0]!.status;

  describe('the workflow', () => {
    it('goes open → in progress → resolved → closed → reopened, stamping and auditing each step', async () => {
      const created = await open();
      expect(created).toMatchObject({ status: 'open', owner: null, next: ['in_progress', 'resolved'] });

      const started = await rep.api.service.transition({ id: created.id, to: 'in_progress' });
      // Starting an unassigned request takes it.
      expect(started).toMatchObject({ status: 'in_progress', owner: { id: rep.id } });

      expect((await failureOf(rep.api.service.transition({ id: created.id, to: 'resolved' }))).appCode).toBe('VALIDATION');
      const resolved = await rep.api.service.transition({ id: created.id, to: 'resolved', note: '更换试纸批次后正常' });
      expect(resolved).toMatchObject({ status: 'resolved', resolution: '更换试纸批次后正常' });
      expect(resolved.resolvedAt).toBeInstanceOf(Date);

      const closed = await rep.api.service.transition({ id: created.id, to: 'closed' });
      expect(closed.closedAt).toBeInstanceOf(Date);

      expect((await failureOf(rep.api.service.transition({ id: created.id, to: 'open' }))).appCode).toBe('VALIDATION');
      const reopened = await rep.api.service.transition({ id: created.id, to: 'open', note: '客户反馈问题复现' });
      expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, closedAt: null });

      const audit = await db.sql<{ action: string; changes: unknown }>(`select action, changes from audit_entry where entity_id = ? order by seq`, [created.id]);
      const parsed = audit.map((a) => ({ action: a.action, changes: typeof a.changes === 'string' ? JSON.parse(a.changes) : a.changes }));
      expect(parsed.map((a) => a.action)).toEqual(['service.created', 'service.transitioned', 'service.transitioned', 'service.transitioned', 'service.transitioned']);
      expect(parsed.slice(1).map((a) => a.changes)).toEqual([
        { status: { from: 'open', to: 'in_progress' }, note: null },
        { status: { from: 'in_progress', to: 'resolved' }, note: '更换试纸批次后正常' },
        { status: { from: 'resolved', to: 'closed' }, note: null },
        { status: { from: 'closed', to: 'open' }, note: '客户反馈问题复现' },
      ]);
    });

    it('refuses every move the workflow does not allow, and changes nothing', async () => {
      const invalid: [ServiceStatus[], ServiceStatus][] = [
        [[], 'open'],
        [[], 'closed'],
        [['in_progress'], 'in_progress'],
        [['in_progress'], 'open'],
        [['in_progress'], 'closed'],
        [['resolved'], 'resolved'],
        [['resolved'], 'in_progress'],
        [['resolved', 'closed'], 'resolved'],
        [['resolved', 'closed'], 'in_progress'],
        [['resolved', 'closed'], 'closed'],
      ];
      for (const [path, to] of invalid) {
        const { id } = await open(`path ${path.join('>')} then ${to}`);
        for (const step of path) await rep.api.service.transition({ id, to: step, note: 'ok' });
        const before = await status(id);
        const f = await failureOf(rep.api.service.transition({ id, to, note: 'nope' }));
        expect({ code: f.code, appCode: f.appCode }, `${before} → ${to}`).toEqual({ code: 'PRECONDITION_FAILED', appCode: 'INVALID_TRANSITION' });
        expect(await status(id)).toBe(before);
      }
      expect(Number((await db.sql<{ n: number }>(`select count(*) as n from audit_entry where action = 'service.transitioned' and cast(changes as text) like '%nope%'`))[0]!.n)).toBe(0);
    });
  });

  it('edits are audited; an owner must be a colleague who handles service', async () => {
    const { id } = await open('退货申请', { type: 'return' });
    const trainer = await member(world.tenantId, ['trainer']);
    expect((await failureOf(rep.api.service.update({ id, type: 'return', title: '退货申请', ownerId: trainer.id }))).appCode).toBe('VALIDATION');
    const updated = await rep.api.service.update({ id, type: 'after_sales', title: '售后：包装破损', ownerId: colleague.id, dueAt: new Date(Date.now() + 86_400_000) });
    expect(updated).toMatchObject({ type: 'after_sales', owner: { id: colleague.id } });
    const [entry] = await db.sql<{ changes: unknown }>(`select changes from audit_entry where entity_id = ? and action = 'service.updated'`, [id]);
    const changes = typeof entry!.changes === 'string' ? JSON.parse(entry!.changes) : entry!.changes;
    expect(Object.keys(changes).sort()).toEqual(['dueAt', 'ownerId', 'title', 'type']);
    const form = await rep.api.service.formContext({ subjectKind: 'person', subjectId: world.drWang });
    expect(form.subject).toMatchObject({ kind: 'person', id: world.drWang, name: '王建国' });
    expect(form.assignees.map((a) => a.id)).toEqual(expect.arrayContaining([rep.id, colleague.id]));
    expect(form.assignees.map((a) => a.id)).not.toContain(trainer.id);
  });

  it('the list filters by status, type, owner and overdue', async () => {
    const { tenant } = await createTenantWithAdmin(`Service list ${db.driver}`);
    world = await seedWorld(tenant.id);
    rep = await member(tenant.id, ['rep'], [world.north]);
    colleague = await member(tenant.id, ['rep'], [world.north]);
    const late = await open('逾期', { dueAt: new Date(Date.now() - 86_400_000), ownerId: colleague.id });
    const later = await open('未到期', { dueAt: new Date(Date.now() + 86_400_000), type: 'product_consultation' });
    const doneLate = await open('已解决（逾期）', { dueAt: new Date(Date.now() - 86_400_000) });
    await rep.api.service.transition({ id: doneLate.id, to: 'resolved', note: '已处理' });
    const ids = async (f: Record<string, unknown>) => (await rep.api.service.list({ cursor: null, overdue: false, limit: 50, ...f })).items.map((i) => i.id).sort();
    expect(await ids({ overdue: true })).toEqual([late.id]);
    expect(await ids({ status: 'resolved' })).toEqual([doneLate.id]);
    expect(await ids({ type: 'product_consultation' })).toEqual([later.id]);
    expect(await ids({ owner: colleague.id })).toEqual([late.id]);
    expect(await ids({ owner: 'unassigned' })).toEqual([later.id, doneLate.id].sort());
    expect((await rep.api.service.list({ cursor: null, overdue: true, limit: 50 })).items[0]).toMatchObject({ overdue: true, subject: { kind: 'person', name: '王建国' } });
    const page1 = await rep.api.service.list({ cursor: null, overdue: false, limit: 2 });
    const page2 = await rep.api.service.list({ overdue: false, limit: 2, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((i) => i.id).sort()).toEqual([late.id, later.id, doneLate.id].sort());
    expect(page2.nextCursor).toBeNull();
    expect((await rep.api.service.forCustomer({ kind: 'person', id: world.drWang, limit: 10 })).length).toBe(3);
  });
});
