/**
 * The benchmark data set (issues 3 and 8): `tenants` companies of the same size — "规模测试 1" is the
 * one benchmarks measure, the others are noise every query must filter out — each with a nationwide
 * territory tree, a field force of reps and regional managers, and `customers` people at
 * `institutions` institutions, `interactions` interactions over a year, `orders` orders.
 * Deterministic by seed. Re-running replaces the rows it wrote before (only those tables; rows
 * other modules added, such as append-only consent history, are left alone).
 *
 * Logins (password `rapport-scale` unless given): for company t, admin<t>, manager<t>, rep<t>,
 * trainer<t>, compliance<t> @scale.rapport.local. rep<t> works the first two territories (Shanghai),
 * manager<t> leads 华东大区; rep<t>-NNN and manager<t>-N are the rest of the field force (one rep
 * per 2,500 interactions a year, so a rep's lists look like a rep's).
 */
import type { MikroORM } from '@mikro-orm/core';
import { MembershipSchema, TenantPluginSchema, TenantSchema, UserSchema } from '@/server/db/entities';
import { hashPassword } from '@/server/auth/password';
import { listPlugins } from '@/server/plugins/host';
import type { Role } from '@/server/permissions';
import { migrateUp } from '../migrate';
import { loadRows, withRawConnection, type BulkWriter, type RawConnection } from './customers/bulk-writer';
import { CUSTOMER_DATA_SCHEMAS, generateCustomerData, territoryShape, type GenerationPlan, type Sizes } from './customers/generate';
import { NATIONWIDE } from './customers/profiles';
import { IdSpace, TABLE } from './customers/random';

export const SCALE_PASSWORD = 'rapport-scale';
export const SCALE_EMAIL_DOMAIN = 'scale.rapport.local';

export interface ScaleOptions {
  customers: number;
  interactions: number;
  institutions: number;
  orders: number;
  tenants: number;
  seed: number;
  password: string;
  /** The data set's "now" (interactions fall in the year before). */
  anchor: Date;
  /** Rows per INSERT statement (at most). */
  batchRows?: number;
  log?: (line: string) => void;
}

/** Options with the defaults of issue 8's large set scaled to `customers`. */
export function scaleOptions(given: Partial<ScaleOptions> & { customers?: number }): ScaleOptions {
  const customers = given.customers ?? 100_000;
  const today = new Date();
  return {
    customers,
    interactions: given.interactions ?? customers * 10,
    institutions: given.institutions ?? Math.max(1, Math.round(customers / 10)),
    orders: given.orders ?? customers,
    tenants: given.tenants ?? 2,
    seed: given.seed ?? 42,
    password: given.password ?? SCALE_PASSWORD,
    anchor: given.anchor ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())),
    batchRows: given.batchRows,
    log: given.log,
  };
}

export function scaleSizes(o: ScaleOptions): Sizes {
  return {
    institutions: o.institutions,
    persons: o.customers,
    interactions: o.interactions,
    orders: o.orders,
    serviceRequests: Math.round(o.customers * 0.05),
    activities: Math.max(3, Math.round(o.customers / 2000)),
    participants: 40,
    requirements: Math.round(o.institutions * 0.05),
  };
}

export interface ScaleUser {
  email: string;
  name: string;
  role: Role;
}

/** Interactions a rep logs in a year (about ten a working day): the field force grows with them. */
const INTERACTIONS_PER_REP = 2500;

/**
 * Company t's logins: one per role, then the rest of the field force — enough reps for the
 * interactions (at least one per two territories; more share territories), one manager per region.
 */
export function scaleTeam(t: number, interactions: number): { users: ScaleUser[]; reps: string[]; managers: string[] } {
  const { leaves, regions } = territoryShape(NATIONWIDE);
  const email = (local: string) => `${local}@${SCALE_EMAIL_DOMAIN}`;
  const reps = [email(`rep${t}`)];
  const repCount = Math.max(Math.ceil(leaves / 2), Math.ceil(interactions / INTERACTIONS_PER_REP));
  for (let n = 2; n <= repCount; n++) reps.push(email(`rep${t}-${String(n).padStart(3, '0')}`));
  const managers = [email(`manager${t}`)];
  for (let n = 2; n <= regions; n++) managers.push(email(`manager${t}-${n}`));
  const users: ScaleUser[] = [
    { email: email(`admin${t}`), name: `管理员${t}`, role: 'admin' },
    { email: email(`trainer${t}`), name: `培训师${t}`, role: 'trainer' },
    { email: email(`compliance${t}`), name: `合规专员${t}`, role: 'compliance' },
    ...reps.map((e, i) => ({ email: e, name: `代表${t}-${String(i + 1).padStart(3, '0')}`, role: 'rep' as const })),
    ...managers.map((e, i) => ({ email: e, name: `经理${t}-${i + 1}`, role: 'manager' as const })),
  ];
  return { users, reps, managers };
}

/** What company t's customer data is generated from (user ids looked up by email). */
export function scalePlan(options: ScaleOptions, t: number, tenantId: string, userId: (email: string) => string): GenerationPlan {
  const team = scaleTeam(t, options.interactions);
  return {
    namespace: `scale:${options.seed}:${t}`,
    seed: options.seed,
    tenantId,
    anchor: options.anchor,
    profile: NATIONWIDE,
    sizes: scaleSizes(options),
    team: { reps: team.reps.map(userId), managers: team.managers.map(userId) },
  };
}

export interface ScaleResult {
  tenants: { id: string; slug: string; name: string; counts: Record<string, number> }[];
  /** Rows written per table, all companies together. */
  counts: Record<string, number>;
  rows: number;
  loadSeconds: number;
  analyzeSeconds: number;
}

function inList(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

interface Company {
  t: number;
  slug: string;
  name: string;
  team: ReturnType<typeof scaleTeam>;
}

/** Builds (or rebuilds) the scale companies. Migrates first. The ORM must be otherwise idle. */
export async function buildScaleData(orm: MikroORM, options: ScaleOptions): Promise<ScaleResult> {
  const log = options.log ?? (() => {});
  await migrateUp(orm);
  const passwordHash = await hashPassword(options.password);
  const companies: Company[] = Array.from({ length: options.tenants }, (_, i) => ({ t: i + 1, slug: `scale-${i + 1}`, name: `规模测试 ${i + 1}`, team: scaleTeam(i + 1, options.interactions) }));
  const result: ScaleResult = { tenants: [], counts: {}, rows: 0, loadSeconds: 0, analyzeSeconds: 0 };

  const started = performance.now();
  let restore: (conn: RawConnection) => Promise<void> = async () => {};
  const prepare = async (conn: RawConnection) => {
    restore = await tuneForLoad(conn);
  };
  const writer = await loadRows(orm, { batchRows: options.batchRows, commitEvery: 100_000, prepare }, async (writer, conn) => {
    const existing = new Map(
      (await conn.all<{ id: string; slug: string }>(`select id, slug from tenant where slug in (${inList(companies.length)})`, companies.map((c) => c.slug))).map((r) => [r.slug, r.id]),
    );
    if (existing.size) {
      log(`Replacing the data of ${existing.size} existing scale compan${existing.size === 1 ? 'y' : 'ies'}…`);
      await clearCompanies(orm, conn, [...existing.values()]);
    }
    const userIds = await upsertUsers(conn, writer, companies, passwordHash);
    const progress = progressLog(log, writer, started);
    for (const company of companies) {
      result.tenants.push(await writeCompany(writer, company, existing.get(company.slug), userIds, options, progress));
    }
  });
  result.loadSeconds = (performance.now() - started) / 1000;
  result.counts = Object.fromEntries(writer.counts);
  result.rows = writer.total;

  const analyzing = performance.now();
  log('Updating planner statistics (ANALYZE)…');
  await withRawConnection(orm, async (conn) => {
    await analyze(conn);
    await restore(conn);
  });
  result.analyzeSeconds = (performance.now() - analyzing) / 1000;
  return result;
}

/** Deletes what an earlier run wrote for these companies (only the tables this generator writes). */
async function clearCompanies(orm: MikroORM, conn: RawConnection, tenantIds: string[]): Promise<void> {
  for (const schema of [...CUSTOMER_DATA_SCHEMAS, MembershipSchema, TenantPluginSchema]) {
    const table = orm.getMetadata().get(schema.meta.className).tableName;
    await conn.run(`delete from "${table}" where tenant_id in (${inList(tenantIds.length)})`, tenantIds);
  }
}

/** The logins of every company: existing accounts keep their id and get the password given now. */
async function upsertUsers(conn: RawConnection, writer: BulkWriter, companies: Company[], passwordHash: string): Promise<Map<string, string>> {
  const users = companies.flatMap((c) => c.team.users.map((u, i) => ({ ...u, index: c.t * 1000 + i })));
  const ids = new Map<string, string>();
  for (let i = 0; i < users.length; i += 500) {
    const chunk = users.slice(i, i + 500);
    const rows = await conn.all<{ id: string; email: string }>(`select id, email from app_user where email in (${inList(chunk.length)})`, chunk.map((u) => u.email));
    for (const r of rows) ids.set(r.email, r.id);
  }
  const space = new IdSpace('scale:users');
  const now = new Date();
  for (const u of users) {
    const existing = ids.get(u.email);
    if (existing) {
      await conn.run('update app_user set name = ?, password_hash = ? where id = ?', [u.name, passwordHash, existing]);
      continue;
    }
    const id = space.id(TABLE.user, u.index);
    ids.set(u.email, id);
    await writer.add(UserSchema, { id, email: u.email, name: u.name, passwordHash, locale: null, disabledAt: null, lastSignInAt: null, createdAt: now, updatedAt: now });
  }
  return ids;
}

type Progress = (company: Company) => GenerationPlan['progress'];

/** A progress line at most every two seconds, with the write rate since the previous line. */
function progressLog(log: (line: string) => void, writer: BulkWriter, started: number): Progress {
  let lastLine = started;
  let lastRows = 0;
  return (company) => (phase, done, total) => {
    const t = performance.now();
    if (t - lastLine < 2000 && done < total) return;
    const rate = ((writer.total - lastRows) * 1000) / (t - lastLine);
    lastLine = t;
    lastRows = writer.total;
    log(`[${company.name}] ${phase} ${done.toLocaleString('en')} / ${total.toLocaleString('en')} · ${Math.round(rate).toLocaleString('en')} rows/s · ${((t - started) / 1000).toFixed(1)} s`);
  };
}

/** One company: its tenant row (new or kept), memberships, enabled plugins and customer data. */
async function writeCompany(writer: BulkWriter, company: Company, existingId: string | undefined, userIds: Map<string, string>, options: ScaleOptions, progress: Progress): Promise<ScaleResult['tenants'][number]> {
  const before = new Map(writer.counts);
  const space = new IdSpace(`scale:${options.seed}:${company.t}`);
  const now = new Date();
  const tenantId = existingId ?? new IdSpace('scale:tenants').id(TABLE.tenant, company.t);
  if (!existingId) {
    await writer.add(TenantSchema, { id: tenantId, slug: company.slug, name: company.name, settings: { defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai' }, createdAt: now, updatedAt: now });
  }
  // Memberships reference the tenant and the users: those rows go first.
  await writer.flush();
  for (const [i, u] of company.team.users.entries()) {
    await writer.add(MembershipSchema, { id: space.id(TABLE.membership, i), tenantId, userId: userIds.get(u.email)!, roles: [u.role], disabledAt: null, createdAt: now, updatedAt: now });
  }
  for (const [i, p] of listPlugins().entries()) {
    await writer.add(TenantPluginSchema, { id: space.id(TABLE.tenantPlugin, i), tenantId, pluginId: p.manifest.id, enabled: true, settings: { ...(p.manifest.settings.defaults as object) }, changedBy: null, createdAt: now, updatedAt: now });
  }
  await generateCustomerData(writer, { ...scalePlan(options, company.t, tenantId, (email) => userIds.get(email)!), progress: progress(company) });
  await writer.flush();
  const counts: Record<string, number> = {};
  for (const [table, n] of writer.counts) if (n > (before.get(table) ?? 0)) counts[table] = n - (before.get(table) ?? 0);
  return { id: tenantId, slug: company.slug, name: company.name, counts };
}

/**
 * Bulk-load settings for this connection (a crash mid-load loses the load, never older data).
 * Returns what puts the connection back as it was: it goes back to the ORM's pool.
 */
async function tuneForLoad(conn: RawConnection): Promise<(conn: RawConnection) => Promise<void>> {
  if (conn.dialect === 'postgresql') {
    await conn.run('set synchronous_commit = off');
    return (c) => c.run('reset synchronous_commit');
  }
  const [{ synchronous } = { synchronous: 2 }] = await conn.all<{ synchronous: number }>('PRAGMA synchronous');
  const [{ cache_size: cacheSize } = { cache_size: -2000 }] = await conn.all<{ cache_size: number }>('PRAGMA cache_size');
  await conn.run('PRAGMA synchronous = OFF');
  await conn.run('PRAGMA cache_size = -65536');
  return async (c) => {
    await c.run(`PRAGMA synchronous = ${Number(synchronous)}`);
    await c.run(`PRAGMA cache_size = ${Number(cacheSize)}`);
  };
}

/** Statistics for the query planner (benchmarks measure plans, not guesses). */
async function analyze(conn: RawConnection): Promise<void> {
  if (conn.dialect === 'postgresql') {
    await conn.run('analyze');
    return;
  }
  await conn.run('PRAGMA analysis_limit = 2000');
  await conn.run('ANALYZE');
  await conn.run('PRAGMA wal_checkpoint(TRUNCATE)');
}
