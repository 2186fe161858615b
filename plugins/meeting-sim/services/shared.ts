import type { EntityManager } from '@mikro-orm/core';
import { MembershipSchema, UserSchema } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import type { TranslateValues } from '@/server/i18n/translate';
import type { TenantContext } from '@/server/services/context-types';
import { moduleSettings } from '@/server/services/plugins';
import { PLUGIN_ID, P, settingsSchema, manifest, type MeetingSimSettings } from '../manifest';

export type Ctx = TenantContext;

export function simError(code: string, key: string, values: TranslateValues = {}, status: DomainError['status'] = 'BAD_REQUEST', fieldErrors: DomainError['fieldErrors'] = {}) {
  return new DomainError(code, `plugins.${PLUGIN_ID}.errors.${key}`, values, status, fieldErrors);
}

export const notFound = (what: 'scenario' | 'run' | 'session' | 'assignment' | 'cohort' | 'meeting' | 'member') =>
  simError('NOT_FOUND', `notFound.${what}`, {}, 'NOT_FOUND');

export async function simSettings(em: EntityManager): Promise<MeetingSimSettings> {
  const raw = await moduleSettings({ em }, PLUGIN_ID);
  const parsed = settingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : manifest.settings.defaults;
}

export const isTrainer = (ctx: Ctx) => ctx.permissions.has(P.train);

/** Display names of users (id → name). */
export async function namesOf(em: EntityManager, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(ids)].filter(Boolean);
  if (!list.length) return new Map();
  const users = await em.find(UserSchema, { id: { $in: list } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** Active members of the tenant holding one of `roles` (id, name), by name. */
export async function membersWithRoles(em: EntityManager, roles: string[]): Promise<{ id: string; name: string; roles: string[] }[]> {
  const members = (await em.find(MembershipSchema, { disabledAt: null })).filter((m) => m.roles.some((r) => roles.includes(r)));
  const names = await namesOf(em, members.map((m) => m.userId));
  return members.map((m) => ({ id: m.userId, name: names.get(m.userId) ?? '—', roles: m.roles })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export async function isMember(em: EntityManager, userId: string): Promise<boolean> {
  return Boolean(await em.findOne(MembershipSchema, { userId, disabledAt: null }));
}

export const runCtx = (ctx: Ctx) => ({ tenantId: ctx.tenant.id, em: ctx.em, userId: ctx.session.user.id });
