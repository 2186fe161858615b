import { getOrm, forkEm } from '@/server/db/orm';
import { TenantSchema, UserSchema, MembershipSchema } from '@/server/db/entities';
import { listCustomers, countCustomers } from '@/server/services/customers/lists';
import { searchCustomers } from '@/server/services/customers/search';
import { customersByTier } from '@/server/services/customers/dashboard';
import { activeFields } from '@/server/services/customers/custom-fields';
import type { Role } from '@/server/permissions';

async function main() {
  await getOrm();
  const em0 = await forkEm();
  const tenant = await em0.findOneOrFail(TenantSchema, { slug: 'scale-1' });
  const mk = async (email: string) => {
    const em = await forkEm(tenant.id);
    const u = await em.findOneOrFail(UserSchema, { email });
    const m = await em.findOneOrFail(MembershipSchema, { userId: u.id });
    return { em, tenant: { id: tenant.id }, session: { user: { id: u.id } }, membership: { roles: m.roles as Role[] }, permissions: new Set<string>(), afterCommit: { emit() {} } };
  };
  const time = async (label: string, f: () => Promise<unknown>) => {
    await f();
    const t0 = performance.now();
    const n = 5;
    let r: unknown;
    for (let i = 0; i < n; i++) r = await f();
    const ms = (performance.now() - t0) / n;
    const rows = (r as { rows?: unknown[] })?.rows?.length ?? (Array.isArray(r) ? r.length : JSON.stringify(r).slice(0, 60));
    console.log(`${label.padEnd(60)} ${ms.toFixed(1).padStart(8)} ms  ${rows}`);
  };
  for (const who of ['admin1@scale.rapport.local', 'manager1@scale.rapport.local', 'rep1@scale.rapport.local']) {
    const fresh = () => mk(who);
    console.log('--', who);
    const defs = await activeFields((await fresh()).em, 'person');
    const page = { sort: { field: 'name' as const, dir: 'asc' as const }, columns: ['institution', 'department', 'title', 'tier', 'stage', 'mobile'], cursor: null, limit: 50 };
    await time('people.list first page (name asc)', async () => listCustomers(await fresh(), 'person', { filters: {}, ...page }));
    let cursor: string | null = null;
    const c0 = await fresh();
    for (let i = 0; i < 20; i++) cursor = (await listCustomers(c0, 'person', { filters: {}, ...page, cursor })).nextCursor;
    await time('people.list page 21 (keyset)', async () => listCustomers(await fresh(), 'person', { filters: {}, ...page, cursor }));
    await time('people.list createdAt desc', async () => listCustomers(await fresh(), 'person', { filters: {}, ...page, sort: { field: 'createdAt', dir: 'desc' } }));
    await time('people.list tier A + title chief', async () => listCustomers(await fresh(), 'person', { filters: { tier: ['A'], title: ['chief'] }, ...page }));
    await time('people.list q=zh', async () => listCustomers(await fresh(), 'person', { filters: { q: 'zh' }, ...page }));
    await time('people.list q=2-char name 张伟', async () => listCustomers(await fresh(), 'person', { filters: { q: '张伟' }, ...page }));
    if (defs[0]) await time(`people.list custom filter ${defs[0].key} (${defs[0].type})`, async () => listCustomers(await fresh(), 'person', { filters: { custom: [{ key: defs[0]!.key, ...(defs[0]!.type === 'boolean' ? { bool: true } : defs[0]!.type.includes('select') ? { values: [defs[0]!.options[0]!.value] } : { text: 'a' }) }] }, ...page }));
    await time('people.count (capped)', async () => countCustomers(await fresh(), 'person', {}));
    await time('people.count tier A', async () => countCustomers(await fresh(), 'person', { tier: ['A'] }));
    await time('search 张伟', async () => searchCustomers(await fresh(), '张伟', 'all', 10));
    await time('search zw', async () => searchCustomers(await fresh(), 'zw', 'all', 10));
    await time('search phone 5678', async () => searchCustomers(await fresh(), '5678', 'person', 10));
    await time('dashboard byTier', async () => customersByTier(await fresh()));
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
