/**
 * Core notifications: who a member's managers are (from the territory tree), who holds a
 * permission, notify written once per dedupe key, each member reading and clearing only their own
 * inbox in the active company, and task reminders arriving as notifications.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forkEm } from '@/server/db/orm';
import { managersOf, membersWithPermission, notify } from '@/server/services/notifications';
import { stampDueReminders } from '@/server/services/work/tasks';
import { createTenantWithAdmin, failureOf, forEachDatabase } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

forEachDatabase((db) => {
  let world: WorkWorld;
  let tenantId: string;
  let rep: Awaited<ReturnType<typeof member>>;
  let regionManager: Awaited<ReturnType<typeof member>>;
  let southManager: Awaited<ReturnType<typeof member>>;
  let compliance: Awaited<ReturnType<typeof member>>;

  beforeAll(async () => {
    const created = await createTenantWithAdmin(`Notify ${db.driver}`);
    tenantId = created.tenant.id;
    world = await seedWorld(tenantId);
    rep = await member(tenantId, ['rep'], [world.north]);
    regionManager = await member(tenantId, ['manager'], [world.region]);
    southManager = await member(tenantId, ['manager'], [world.south]);
    compliance = await member(tenantId, ['compliance']);
  });

  it('finds the managers leading the member’s territory or anything above it, not other branches', async () => {
    const em = await forkEm(tenantId);
    expect(await managersOf(em, rep.id)).toEqual([regionManager.id]);
    expect((await managersOf(em, southManager.id)).sort()).toEqual([regionManager.id]);
    expect(await managersOf(em, compliance.id)).toEqual([]);
  });

  it('lists the active members whose roles grant a permission', async () => {
    const em = await forkEm(tenantId);
    const auditors = await membersWithPermission(em, 'audit.read');
    expect(auditors).toContain(compliance.id);
    expect(auditors).not.toContain(rep.id);
  });

  it('writes a notification once per member and dedupe key; members see and clear only their own', async () => {
    const em = await forkEm(tenantId);
    const input = { userIds: [rep.id, regionManager.id, rep.id], source: 'core', messageKey: 'tasks.reminderNotification', values: { title: '拜访王主任' }, href: '/tasks', dedupeKey: `t-${db.driver}` };
    expect(await notify(em, input)).toBe(2);
    expect(await notify(await forkEm(tenantId), input)).toBe(0);

    expect(await rep.api.notifications.unreadCount()).toBe(1);
    const mine = await rep.api.notifications.list({ unreadOnly: false });
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ messageKey: 'tasks.reminderNotification', values: { title: '拜访王主任' }, read: false });

    // Marking someone else's notification read changes nothing.
    const managersId = (await regionManager.api.notifications.list({ unreadOnly: false })).items[0]!.id;
    expect((await rep.api.notifications.markRead({ ids: [managersId] })).updated).toBe(0);
    expect(await regionManager.api.notifications.unreadCount()).toBe(1);

    expect((await rep.api.notifications.markRead({ all: true })).updated).toBe(1);
    expect(await rep.api.notifications.unreadCount()).toBe(0);
    expect((await rep.api.notifications.list({ unreadOnly: true })).items).toHaveLength(0);
  });

  it('keeps each company’s notifications apart', async () => {
    const before = (await rep.api.notifications.list({ unreadOnly: false })).items.length;
    const other = await createTenantWithAdmin(`Notify other ${db.driver}`);
    // A notification for the same person, written in another company, never shows here.
    expect(await notify(await forkEm(other.tenant.id), { userIds: [rep.id], source: 'core', messageKey: 'tasks.reminderNotification', values: { title: 'x' } })).toBe(1);
    expect((await rep.api.notifications.list({ unreadOnly: false })).items).toHaveLength(before);
    expect(await rep.api.notifications.unreadCount()).toBe(0);
  });

  it('refuses a malformed request without changing anything', async () => {
    const before = await regionManager.api.notifications.unreadCount();
    expect((await failureOf(regionManager.api.notifications.markRead({ ids: [] } as never))).code).toBe('BAD_REQUEST');
    expect(await regionManager.api.notifications.unreadCount()).toBe(before);
  });

  describe('task reminders', () => {
    it('notify the task owner once when the reminder falls due', async () => {
      const task = await rep.api.tasks.create({ title: '回访李主任', remindAt: new Date(Date.now() - 60_000) });
      expect(await stampDueReminders(await forkEm(tenantId))).toBeGreaterThanOrEqual(1);
      expect(await stampDueReminders(await forkEm(tenantId))).toBe(0);
      const items = (await rep.api.notifications.list({ unreadOnly: true })).items.filter((n) => n.href === `/tasks?id=${task.id}`);
      expect(items).toHaveLength(1);
      expect(items[0]!.values).toEqual({ title: '回访李主任' });
    });
  });
});
