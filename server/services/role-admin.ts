import { RoleGrantSchema } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { allPermissions } from '@/server/plugins/host';
import { ROLES, type Role } from '@/server/permissions';
import { recordAudit } from './audit';
import { auditMeta, type TenantContext } from './context-types';
import { grantsByRole } from './roles';

/** Permissions that keep the tenant administrable: the admin role never loses them. */
const LOCKED_FOR_ADMIN = new Set(['users.manage', 'roles.manage', 'plugins.manage']);

export async function roleMatrix(ctx: TenantContext) {
  const grants = await grantsByRole(ctx.em);
  return {
    roles: [...ROLES],
    permissions: allPermissions().map((p) => ({
      id: p.id,
      owner: p.owner,
      descriptionKey: p.descriptionKey ?? null,
      description: p.description ?? null,
      enabled: p.owner === 'core' || ctx.enabledPlugins.has(p.owner),
      grants: Object.fromEntries(ROLES.map((r) => [r, { granted: grants.get(r)!.has(p.id), byDefault: p.defaultRoles.includes(r), locked: r === 'admin' && LOCKED_FOR_ADMIN.has(p.id) }])),
    })),
  };
}

export async function setRoleGrant(ctx: TenantContext, role: Role, permission: string, granted: boolean) {
  const def = allPermissions().find((p) => p.id === permission);
  if (!def) throw new DomainError('UNKNOWN_PERMISSION', 'admin.errors.unknownPermission', { permission });
  if (role === 'admin' && LOCKED_FOR_ADMIN.has(permission) && !granted) {
    throw new DomainError('LOCKED_GRANT', 'admin.errors.lockedGrant', { permission }, 'PRECONDITION_FAILED');
  }
  const byDefault = def.defaultRoles.includes(role);
  const existing = await ctx.em.findOne(RoleGrantSchema, { role, permission });
  if (granted === byDefault) {
    if (existing) ctx.em.remove(existing);
  } else if (existing) {
    existing.granted = granted;
  } else {
    ctx.em.create(RoleGrantSchema, { role, permission, granted });
  }
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: granted ? 'role.grant.added' : 'role.grant.removed', entity: 'Role', entityId: role, changes: { permission } });
}
