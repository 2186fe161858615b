import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { MembershipSchema, TenantPluginSchema, TenantSchema, TerritorySchema, UserSchema, type Tenant, type User } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { scopeToTenant } from '@/server/db/orm';
import { hashPassword } from '@/server/auth/password';
import type { DemoUsers } from '@/server/plugins/contract';
import { enabledPluginIds } from '@/server/plugins/enablement';
import { listPlugins, pluginsInDependencyOrder } from '@/server/plugins/host';
import { seedComplianceDemo } from '@/server/services/compliance/demo-data';
import type { Role } from '@/server/permissions';
import { loadRows } from './customers/bulk-writer';
import { generateCustomerData, type GenerationPlan, type Sizes } from './customers/generate';
import { HUAKANG, RUIAN, type CompanyProfile } from './customers/profiles';

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
export type DemoSlug = (typeof DEMO_TENANTS)[number]['slug'];

const member = (pinyin: string, name: string, role: 'rep' | 'manager') => ({ email: `${pinyin}@demo.rapport.local`, name, role });

/**
 * The rest of each company's field force, so the customer data has owners everywhere while the
 * demo logins see only their part: reps work two territories each, managers lead one region each.
 * Same password as the demo logins.
 */
export const DEMO_FIELD_TEAMS: Record<DemoSlug, { email: string; name: string; role: 'rep' | 'manager' }[]> = {
  huakang: [
    member('zhanglei', '张磊', 'rep'),
    member('wangjing', '王静', 'rep'),
    member('liuyang', '刘洋', 'rep'),
    member('yangfan', '杨帆', 'rep'),
    member('huangxiaoyan', '黄晓燕', 'rep'),
    member('wutao', '吴涛', 'rep'),
    member('sunli', '孙丽', 'rep'),
    member('majun', '马骏', 'rep'),
    member('guoting', '郭婷', 'rep'),
    member('linfeng', '林峰', 'rep'),
    member('zhengguoqiang', '郑国强', 'manager'),
    member('hemin', '何敏', 'manager'),
  ],
  ruian: [member('linxiaofeng', '林晓峰', 'rep')],
};

/**
 * Each company's customer data. The demo rep (李明) is the first rep: in 华康 he works the first two
 * Shanghai territories, in 瑞安 Guangzhou; the demo manager (陈雅琴) leads 华东大区 in 华康.
 */
export const DEMO_DATA: Record<DemoSlug, { profile: CompanyProfile; sizes: Sizes; reps: string[]; managers: string[] }> = {
  huakang: {
    profile: HUAKANG,
    sizes: { institutions: 420, persons: 3600, interactions: 6500, orders: 900, serviceRequests: 160, activities: 8, participants: 40, requirements: 30 },
    reps: ['rep@demo.rapport.local', ...DEMO_FIELD_TEAMS.huakang.filter((m) => m.role === 'rep').map((m) => m.email)],
    managers: ['manager@demo.rapport.local', ...DEMO_FIELD_TEAMS.huakang.filter((m) => m.role === 'manager').map((m) => m.email)],
  },
  ruian: {
    profile: RUIAN,
    sizes: { institutions: 45, persons: 320, interactions: 450, orders: 60, serviceRequests: 15, activities: 3, participants: 25, requirements: 5 },
    reps: ['rep@demo.rapport.local', ...DEMO_FIELD_TEAMS.ruian.map((m) => m.email)],
    managers: [],
  },
};

/** Fixed, so every demo database holds the same customers. */
export const DEMO_SEED = 20251;

/** What a demo company's customer data is generated from (user ids looked up by email). */
export function demoPlan(slug: DemoSlug, tenantId: string, userId: (email: string) => string, anchor: Date): GenerationPlan {
  const data = DEMO_DATA[slug];
  return {
    namespace: `demo:${slug}`,
    seed: DEMO_SEED,
    tenantId,
    anchor,
    profile: data.profile,
    sizes: data.sizes,
    team: { reps: data.reps.map(userId), managers: data.managers.map(userId) },
  };
}

/** Members of each company: 华康 has all five demo logins, 瑞安 only the admin and the rep. */
function membersOf(slug: DemoSlug): { email: string; roles: Role[] }[] {
  const logins = DEMO_USERS.filter((u) => slug === 'huakang' || ['admin', 'rep'].includes(u.roles[0]!));
  return [...logins.map((u) => ({ email: u.email, roles: u.roles })), ...DEMO_FIELD_TEAMS[slug].map((m) => ({ email: m.email, roles: [m.role] as Role[] }))];
}

/** The demo users by email, creating the missing ones (not flushed). */
async function ensureUsers(em: EntityManager): Promise<{ users: Map<string, User>; added: number }> {
  const wanted = [...DEMO_USERS, ...Object.values(DEMO_FIELD_TEAMS).flat().map((m) => ({ email: m.email, name: m.name, locale: null }))];
  const existing = new Map((await em.find(UserSchema, { email: { $in: wanted.map((u) => u.email) } })).map((u) => [u.email, u]));
  let hash: string | undefined;
  let added = 0;
  for (const u of wanted) {
    if (existing.has(u.email)) continue;
    hash ??= await hashPassword(DEMO_PASSWORD);
    existing.set(u.email, em.create(UserSchema, { id: newId(), email: u.email, name: u.name, passwordHash: hash, locale: u.locale, disabledAt: null, lastSignInAt: null }));
    added++;
  }
  return { users: existing, added };
}

/**
 * Seeds the two demo companies, their logins and field teams, and each company's customer data.
 * The admin and the rep belong to both companies, so the tenant switcher has something to switch.
 * Safe to run twice: what exists is kept, what is missing is added (a company's customer data is
 * written in one transaction, so it is either all there or not at all).
 */
export async function seedDemo(orm: MikroORM, opts: { anchor?: Date } = {}): Promise<{ created: boolean }> {
  const em = orm.em.fork();
  let created: boolean;
  const tenants: Tenant[] = [];
  const newTenants = new Set<string>();
  for (const t of DEMO_TENANTS) {
    let tenant = await em.findOne(TenantSchema, { slug: t.slug });
    if (!tenant) {
      tenant = em.create(TenantSchema, { id: newId(), slug: t.slug, name: t.name, settings: { defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai' } });
      newTenants.add(t.slug);
    }
    tenants.push(tenant);
  }
  const { users, added } = await ensureUsers(em);
  created = newTenants.size > 0 || added > 0;
  await em.flush();

  for (const [index, tenant] of tenants.entries()) {
    const slug = DEMO_TENANTS[index]!.slug;
    const tem = orm.em.fork();
    tem.setFilterParams('tenant', { tenantId: tenant.id });
    const memberIds = new Set((await tem.find(MembershipSchema, {})).map((m) => m.userId));
    for (const m of membersOf(slug)) {
      const user = users.get(m.email)!;
      if (memberIds.has(user.id)) continue;
      tem.create(MembershipSchema, { userId: user.id, roles: m.roles, disabledAt: null });
      created = true;
    }
    if (index === 0 && newTenants.has(slug)) {
      for (const p of listPlugins()) {
        tem.create(TenantPluginSchema, { pluginId: p.manifest.id, enabled: true, settings: { ...(p.manifest.settings.defaults as object) }, changedBy: null });
      }
    }
    await tem.flush();

    if ((await tem.count(TerritorySchema, {})) > 0) continue;
    // The data set's "now" is the seeding time (whole minutes): interactions cover the past year,
    // tasks fall due this week.
    const anchor = opts.anchor ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await loadRows(orm, {}, (writer) => generateCustomerData(writer, demoPlan(slug, tenant.id, (email) => users.get(email)!.id, anchor)));
    created = true;
  }
  // Consent notices and a year of consent history, rep filings, an approved impact assessment:
  // without filings every demo rep would be refused promotional visits.
  for (const tenant of tenants) {
    const complianceUser = users.get(DEMO_USERS.find((u) => u.roles.includes('compliance'))!.email)!;
    const cem = orm.em.fork();
    cem.setFilterParams('tenant', { tenantId: tenant.id });
    const demoRep = users.get(DEMO_USERS.find((u) => u.roles.includes('rep'))!.email)!;
    if ((await seedComplianceDemo(cem, tenant.id, { complianceUserId: complianceUser.id, filedUserIds: [demoRep.id] })).created) created = true;
  }
  // Each enabled plugin's own demo data, after core's (its hook is idempotent).
  for (const [index, tenant] of tenants.entries()) {
    const slug = DEMO_TENANTS[index]!.slug;
    const byRole = (role: Role) => users.get(DEMO_USERS.find((u) => u.roles.includes(role))!.email)!.id;
    const team = DEMO_FIELD_TEAMS[slug];
    const demoUsers: DemoUsers = {
      admin: byRole('admin'),
      manager: byRole('manager'),
      rep: byRole('rep'),
      trainer: byRole('trainer'),
      compliance: byRole('compliance'),
      fieldReps: [byRole('rep'), ...team.filter((m) => m.role === 'rep').map((m) => users.get(m.email)!.id)],
      fieldManagers: [byRole('manager'), ...team.filter((m) => m.role === 'manager').map((m) => users.get(m.email)!.id)],
    };
    const pem = orm.em.fork();
    pem.setFilterParams('tenant', { tenantId: tenant.id });
    const enabled = await enabledPluginIds(pem);
    for (const plugin of pluginsInDependencyOrder()) {
      if (!plugin.server.seedDemo || !enabled.has(plugin.manifest.id)) continue;
      await plugin.server.seedDemo({ tenantId: tenant.id, em: scopeToTenant(orm.em.fork(), tenant.id), userId: null, users: demoUsers, anchor: opts.anchor ?? new Date() });
    }
  }
  return { created };
}
