import type { Context, MembershipInfo, SessionInfo } from '@/server/trpc/context';
import type { Tenant } from '@/server/db/entities';

/** The context a tenant procedure hands to services: session, tenant and membership are present. */
export type TenantContext = Context & {
  session: SessionInfo;
  tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'settings'>;
  membership: MembershipInfo;
};

export function auditMeta(ctx: TenantContext) {
  return { tenantId: ctx.tenant.id, actorUserId: ctx.session.user.id, ip: ctx.ip, requestId: ctx.requestId };
}
