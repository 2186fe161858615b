import type { EntityManager } from '@mikro-orm/core';
import { MembershipSchema, TenantSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import type { Role } from '@/server/permissions';
import { isRole } from '@/server/permissions';
import { accessScope, type AccessScope } from '@/server/services/customers/access';
import { grantsByRole } from '@/server/services/roles';
import type { TenantContext } from '@/server/services/context-types';
import type { AfterCommit } from '@/server/trpc/after-commit';
import type { PluginRunContext } from '@/server/plugins/contract';

/**
 * Who acts, wherever the plugin's code runs: a procedure, a server-rendered page, another plugin's
 * call through a capability, or a job (no user). Services take this, never the raw request.
 */
export interface Actor {
  em: EntityManager;
  tenantId: string;
  userId: string | null;
  roles: readonly Role[];
  permissions: ReadonlySet<string>;
  timezone: string;
  ip: string | null;
  requestId: string | null;
  afterCommit: Pick<AfterCommit, 'enqueue'> | null;
}

export function actorOf(ctx: TenantContext): Actor {
  return {
    em: ctx.em,
    tenantId: ctx.tenant.id,
    userId: ctx.session.user.id,
    roles: ctx.membership.roles,
    permissions: ctx.permissions,
    timezone: ctx.tenant.settings.timezone,
    ip: ctx.ip,
    requestId: ctx.requestId,
    afterCommit: ctx.afterCommit,
  };
}

async function permissionsFor(em: EntityManager, roles: readonly Role[]): Promise<Set<string>> {
  const byRole = await grantsByRole(em);
  const out = new Set<string>();
  for (const r of roles) for (const p of byRole.get(r) ?? []) out.add(p);
  return out;
}

/** An actor for code outside a request (pages, capabilities): roles read from the membership. */
export async function actorFor(em: EntityManager, tenantId: string, userId: string | null): Promise<Actor> {
  const membership = userId ? await em.findOne(MembershipSchema, { userId, disabledAt: null }) : null;
  const roles = (membership?.roles ?? []).filter(isRole);
  const tenant = await em.findOne(TenantSchema, { id: tenantId }, { fields: ['id', 'settings'] });
  return {
    em,
    tenantId,
    userId,
    roles,
    permissions: await permissionsFor(em, roles),
    timezone: tenant?.settings.timezone ?? 'Asia/Shanghai',
    ip: null,
    requestId: null,
    afterCommit: null,
  };
}

export async function actorForView(props: { tenantId: string; userId: string }): Promise<Actor> {
  return actorFor(await forkEm(props.tenantId), props.tenantId, props.userId);
}

export function actorForRun(ctx: PluginRunContext): Promise<Actor> {
  return actorFor(ctx.em, ctx.tenantId, ctx.userId);
}

/** The customer scope of the actor (a job sees everything of its tenant). */
export function scopeOf(actor: Actor): Promise<AccessScope> {
  if (!actor.userId) return Promise.resolve({ all: true });
  return accessScope({ em: actor.em, session: { user: { id: actor.userId } }, membership: { roles: actor.roles } });
}

export function auditMetaOf(actor: Actor) {
  return { tenantId: actor.tenantId, actorUserId: actor.userId, ip: actor.ip, requestId: actor.requestId };
}
