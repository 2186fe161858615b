import type { EntityManager } from '@mikro-orm/core';
import { MembershipSchema, NotificationSchema, TerritoryMemberSchema, TerritorySchema } from '@/server/db/entities';
import { isRole, type Role } from '@/server/permissions';
import { grantsByRole } from './roles';

/**
 * In-app notifications: core's one way to tell a member something happened (an SLA about to
 * breach, a meeting awaiting approval, a training assignment). Plugins call `notify` from
 * procedures, jobs and event handlers with a catalogue key of their own; members read them in the
 * header bell and on /notifications. The EntityManager must be scoped to the tenant.
 */
export interface NotifyInput {
  userIds: readonly string[];
  /** 'core' or the plugin id. */
  source: string;
  /** Full catalogue key, e.g. 'plugins.feedback.notify.slaBreached'. */
  messageKey: string;
  values?: Record<string, string | number>;
  /** Where the notification leads, an app path such as '/m/feedback/cases/<id>'. */
  href?: string | null;
  /** The same key for the same member is written once (jobs are delivered at least once). */
  dedupeKey?: string | null;
}

/** Writes one notification per distinct member; returns how many were new. */
export async function notify(em: EntityManager, input: NotifyInput): Promise<number> {
  const userIds = [...new Set(input.userIds)].filter(Boolean);
  if (!userIds.length) return 0;
  let fresh = userIds;
  if (input.dedupeKey) {
    const seen = await em.find(NotificationSchema, { userId: { $in: userIds }, dedupeKey: input.dedupeKey }, { fields: ['userId'] });
    const already = new Set(seen.map((n) => n.userId));
    fresh = userIds.filter((id) => !already.has(id));
  }
  const now = new Date();
  for (const userId of fresh) {
    em.create(NotificationSchema, {
      userId,
      source: input.source,
      messageKey: input.messageKey,
      values: input.values ?? {},
      href: input.href ?? null,
      dedupeKey: input.dedupeKey ?? null,
      createdAt: now,
      readAt: null,
    });
  }
  await em.flush();
  return fresh.length;
}

/**
 * The managers who lead any territory the member works (directly or above it in the tree),
 * excluding the member themself. Empty when the member has no territory or none has a manager.
 */
export async function managersOf(em: EntityManager, userId: string): Promise<string[]> {
  const own = await em.find(TerritoryMemberSchema, { userId }, { fields: ['territoryId'] });
  if (!own.length) return [];
  const territories = await em.find(TerritorySchema, { id: { $in: own.map((o) => o.territoryId) } }, { fields: ['id', 'path'] });
  const lineage = [...new Set(territories.flatMap((t) => t.path.split('/').filter(Boolean)))];
  if (!lineage.length) return [];
  const leads = await em.find(TerritoryMemberSchema, { territoryId: { $in: lineage }, role: 'manager' }, { fields: ['userId'] });
  const active = await activeMemberIds(em, leads.map((l) => l.userId));
  return [...new Set(leads.map((l) => l.userId))].filter((id) => id !== userId && active.has(id));
}

/** Active members whose roles grant `permission` in this tenant (default grants plus the tenant's overrides). */
export async function membersWithPermission(em: EntityManager, permission: string): Promise<string[]> {
  const byRole = await grantsByRole(em);
  const roles = new Set<Role>([...byRole.entries()].filter(([, grants]) => grants.has(permission)).map(([role]) => role));
  if (!roles.size) return [];
  const members = await em.find(MembershipSchema, { disabledAt: null }, { fields: ['userId', 'roles'] });
  return members.filter((m) => m.roles.some((r) => isRole(r) && roles.has(r))).map((m) => m.userId);
}

async function activeMemberIds(em: EntityManager, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await em.find(MembershipSchema, { userId: { $in: [...new Set(userIds)] }, disabledAt: null }, { fields: ['userId'] });
  return new Set(rows.map((r) => r.userId));
}

const PAGE = 30;

/** The member's notifications, newest first (keyset paging on createdAt + id). */
export async function listNotifications(em: EntityManager, userId: string, opts: { before?: { at: Date; id: string } | null; unreadOnly?: boolean } = {}) {
  const where = {
    userId,
    ...(opts.unreadOnly ? { readAt: null } : {}),
    ...(opts.before ? { $or: [{ createdAt: { $lt: opts.before.at } }, { createdAt: opts.before.at, id: { $lt: opts.before.id } }] } : {}),
  };
  const rows = await em.find(NotificationSchema, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    items: page.map((n) => ({ id: n.id, source: n.source, messageKey: n.messageKey, values: n.values, href: n.href, createdAt: n.createdAt, read: n.readAt !== null })),
    next: rows.length > PAGE && last ? { at: last.createdAt, id: last.id } : null,
  };
}

/** Unread count for the bell, capped so a flooded inbox costs one small query. */
export async function unreadCount(em: EntityManager, userId: string): Promise<number> {
  const rows = await em.find(NotificationSchema, { userId, readAt: null }, { fields: ['id'], limit: 100 });
  return rows.length;
}

/** Marks the given notifications (or all) of this member read; others' notifications are never touched. */
export async function markRead(em: EntityManager, userId: string, ids: string[] | 'all'): Promise<number> {
  const where = ids === 'all' ? { userId, readAt: null } : { userId, readAt: null, id: { $in: ids } };
  return em.nativeUpdate(NotificationSchema, where, { readAt: new Date() });
}
