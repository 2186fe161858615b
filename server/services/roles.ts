import type { EntityManager } from '@mikro-orm/core';
import { RoleGrantSchema } from '@/server/db/entities';
import { allPermissions } from '@/server/plugins/host';
import { ROLES, type Role } from '@/server/permissions';

/** Default grants from code (core and every registered plugin), then the tenant's own changes. */
export async function grantsByRole(em: EntityManager): Promise<Map<Role, Set<string>>> {
  const result = new Map<Role, Set<string>>(ROLES.map((r) => [r, new Set<string>()]));
  for (const perm of allPermissions()) for (const role of perm.defaultRoles) result.get(role)?.add(perm.id);
  const overrides = await em.find(RoleGrantSchema, {});
  for (const o of overrides) {
    const set = result.get(o.role as Role);
    if (!set) continue;
    if (o.granted) set.add(o.permission);
    else set.delete(o.permission);
  }
  return result;
}

export async function grantsForRoles(em: EntityManager, roles: readonly Role[]): Promise<Set<string>> {
  const byRole = await grantsByRole(em);
  const out = new Set<string>();
  for (const r of roles) for (const p of byRole.get(r) ?? []) out.add(p);
  return out;
}
