import type { MikroORM } from '@mikro-orm/core';
import { MembershipSchema, TenantPluginSchema, TenantSchema, UserSchema } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { hashPassword } from '@/server/auth/password';
import { listPlugins } from '@/server/plugins/host';
import type { Role } from '@/server/permissions';

/** Demo-only accounts. They exist only in this seed, never in migrations or production code. */
export const DEMO_PASSWORD = 'rapport-demo';
export const DEMO_USERS: { email: string; name: string; roles: Role[]; locale: 'zh-CN' | 'en' | null }[] = [
  { email: 'admin@demo.rapport.local', name: '周建国', roles: ['admin'], locale: null },
  { email: 'manager@demo.rapport.local', name: '陈雅琴', roles: ['manager'], locale: null },
  { email: 'rep@demo.rapport.local', name: '李明', roles: ['rep'], locale: null },
  { email: 'trainer@demo.rapport.local', name: '王芳', roles: ['trainer'], locale: null },
  { email: 'compliance@demo.rapport.local', name: '赵立新', roles: ['compliance'], locale: null },
];

export const DEMO_TENANTS = [
  { slug: 'huakang', name: '华康医药（演示）' },
  { slug: 'ruian', name: '瑞安生物（演示）' },
] as const;

/**
 * Seeds the two demo companies and the five demo logins. The admin and the rep belong to both
 * companies, so the tenant switcher has something to switch. Safe to run twice.
 */
export async function seedDemo(orm: MikroORM): Promise<{ created: boolean }> {
  const em = orm.em.fork();
  if (await em.findOne(TenantSchema, { slug: DEMO_TENANTS[0].slug })) return { created: false };
  const hash = await hashPassword(DEMO_PASSWORD);
  const tenants = DEMO_TENANTS.map((t) => em.create(TenantSchema, { id: newId(), slug: t.slug, name: t.name, settings: { defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai' } }));
  const users = DEMO_USERS.map((u) => em.create(UserSchema, { id: newId(), email: u.email, name: u.name, passwordHash: hash, locale: u.locale, disabledAt: null, lastSignInAt: null }));
  await em.flush();

  for (const [index, tenant] of tenants.entries()) {
    const tem = orm.em.fork();
    tem.setFilterParams('tenant', { tenantId: tenant.id });
    for (const [i, u] of DEMO_USERS.entries()) {
      // The second company has only the admin and the rep.
      if (index === 1 && !['admin', 'rep'].includes(u.roles[0]!)) continue;
      tem.create(MembershipSchema, { userId: users[i]!.id, roles: u.roles, disabledAt: null });
    }
    if (index === 0) {
      for (const p of listPlugins()) {
        tem.create(TenantPluginSchema, { pluginId: p.manifest.id, enabled: true, settings: { ...(p.manifest.settings.defaults as object) }, changedBy: null });
      }
    }
    await tem.flush();
  }
  return { created: true };
}
