/**
 * Demo and scale data on each database: what lands in the database is exactly what the generator
 * computes (counts per table, names, order totals), the generator is deterministic, the rows are
 * consistent with each other the way the customer services rely on (territories, primary
 * affiliations, search keys, phone suffix keys), re-running adds nothing, and record-level access
 * by territory gives the demo rep a part of the customers, not all of them.
 */
import { createHash } from 'node:crypto';
import type { EntitySchema } from '@mikro-orm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Row, RowSink } from '@/prisma-free-db/seeds/customers/bulk-writer';
import { generateCustomerData, type GenerationPlan } from '@/prisma-free-db/seeds/customers/generate';
import { DEMO_TENANTS, demoPlan, seedDemo, type DemoSlug } from '@/prisma-free-db/seeds/demo';
import { buildScaleData, scaleOptions, scalePlan, scaleTeam, type ScaleOptions } from '@/prisma-free-db/seeds/scale-data';
import { UserSchema } from '@/server/db/entities';
import { accessScope } from '@/server/services/customers/access';
import { nameKeys, reversedDigits } from '@/server/services/customers/pinyin';
import { forEachDatabase, type TestDatabase } from '../support/db';

/** Fixed "now", so expected and stored data line up to the millisecond. */
const ANCHOR = new Date('2025-06-30T04:00:00Z');

/** Collects what the generator produces, without a database. */
class Collector implements RowSink {
  readonly counts: Record<string, number> = {};
  readonly personNames: string[] = [];
  orderTotal = 0;
  private readonly digest = createHash('sha256');
  private hex: string | undefined;

  add<T extends object>(schema: EntitySchema<T>, row: Row<T>): void {
    const table = schema.meta.tableName!;
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    const r = row as Record<string, unknown>;
    if (table === 'person' && this.personNames.length < 20) this.personNames.push(r.name as string);
    if (table === 'purchase_order') this.orderTotal += Number(r.totalAmount);
    // Everything but the ciphertext (fresh IV each time) goes into the fingerprint.
    this.digest.update(JSON.stringify({ ...r, idNumberEnc: r.idNumberEnc ? 'enc' : null }));
  }

  /** A hash over every row (call once generation is done). */
  fingerprint(): string {
    return (this.hex ??= this.digest.digest('hex'));
  }
}

async function generated(plan: GenerationPlan): Promise<Collector> {
  const sink = new Collector();
  await generateCustomerData(sink, plan);
  return sink;
}

/** The same tables, counted in the database for one tenant. */
async function stored(db: TestDatabase, tenantId: string, tables: string[]) {
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await db.sql<{ n: number }>(`select count(*) as n from "${t}" where tenant_id = ?`, [tenantId]))[0]!.n);
  const personNames = (await db.sql<{ name: string }>('select name from person where tenant_id = ? order by id limit 20', [tenantId])).map((r) => r.name);
  const orderTotal = Number((await db.sql<{ s: number }>('select sum(total_amount) as s from purchase_order where tenant_id = ?', [tenantId]))[0]!.s ?? 0);
  return { counts, personNames, orderTotal };
}

async function expectStoredAsGenerated(db: TestDatabase, tenantId: string, expected: Collector) {
  const actual = await stored(db, tenantId, Object.keys(expected.counts));
  expect(actual.counts).toEqual(expected.counts);
  expect(actual.personNames).toEqual(expected.personNames);
  expect(actual.orderTotal).toBeCloseTo(expected.orderTotal, 1);
}

async function tenantId(db: TestDatabase, slug: string): Promise<string> {
  return (await db.sql<{ id: string }>('select id from tenant where slug = ?', [slug]))[0]!.id;
}

/** Rows breaking the rules the customer services rely on (each query must return 0). */
async function inconsistencies(db: TestDatabase, tenant: string): Promise<Record<string, number>> {
  const anchor = db.driver === 'sqlite' ? ANCHOR.getTime() : ANCHOR;
  const checks: Record<string, [string, unknown[]]> = {
    'person territory ≠ primary institution territory': [`select count(*) as n from person p join institution i on i.id = p.primary_institution_id where p.tenant_id = ? and (p.territory_id is null or p.territory_id <> i.territory_id)`, [tenant]],
    'person without exactly one primary affiliation': [`select count(*) as n from person p where p.tenant_id = ? and (select count(*) from affiliation a where a.tenant_id = p.tenant_id and a.person_id = p.id and a.is_primary = ${db.driver === 'sqlite' ? 1 : 'true'}) <> 1`, [tenant]],
    'primary affiliation ≠ person.primary*': [`select count(*) as n from affiliation a join person p on p.id = a.person_id where a.tenant_id = ? and a.is_primary = ${db.driver === 'sqlite' ? 1 : 'true'} and (a.institution_id <> p.primary_institution_id or coalesce(a.department_id, '') <> coalesce(p.primary_department_id, ''))`, [tenant]],
    'primary department of another institution': [`select count(*) as n from person p join department d on d.id = p.primary_department_id where p.tenant_id = ? and d.institution_id <> p.primary_institution_id`, [tenant]],
    'interaction territory ≠ institution territory': [`select count(*) as n from interaction x join institution i on i.id = x.institution_id where x.tenant_id = ? and x.territory_id <> i.territory_id`, [tenant]],
    'participant time ≠ interaction time': [`select count(*) as n from interaction_participant p join interaction x on x.id = p.interaction_id where p.tenant_id = ? and p.occurred_at <> x.occurred_at`, [tenant]],
    'participant who is not a person of the tenant': [`select count(*) as n from interaction_participant p left join person x on x.id = p.person_id and x.tenant_id = p.tenant_id where p.tenant_id = ? and x.id is null`, [tenant]],
    'mobile without its primary contact point': [`select count(*) as n from person p where p.tenant_id = ? and p.mobile is not null and not exists (select 1 from contact_point c where c.tenant_id = p.tenant_id and c.owner_kind = 'person' and c.owner_id = p.id and c.kind = 'mobile' and c.value = p.mobile and c.is_primary = ${db.driver === 'sqlite' ? 1 : 'true'})`, [tenant]],
    'duplicate mobile numbers': [`select count(*) as n from (select mobile from person where tenant_id = ? and mobile is not null group by mobile having count(*) > 1) d`, [tenant]],
    'order total ≠ sum of its lines': [`select count(*) as n from purchase_order o where o.tenant_id = ? and abs(o.total_amount - (select sum(l.line_total) from order_line l where l.tenant_id = o.tenant_id and l.order_id = o.id)) > 0.001`, [tenant]],
    // Otherwise the reminder job would send a year of reminders the moment the app starts.
    'past reminder not marked sent': [`select count(*) as n from task t where t.tenant_id = ? and t.reminded_at is null and t.remind_at <= ?`, [tenant, anchor]],
  };
  const out: Record<string, number> = {};
  for (const [name, [sql, params]] of Object.entries(checks)) out[name] = Number((await db.sql<{ n: number }>(sql, params))[0]!.n);
  return out;
}

async function expectConsistent(db: TestDatabase, tenant: string) {
  const found = await inconsistencies(db, tenant);
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, 0])));
}

const demoExpected = new Map<DemoSlug, Promise<Collector>>();
function expectedDemo(slug: DemoSlug): Promise<Collector> {
  let pending = demoExpected.get(slug);
  if (!pending) {
    pending = generated(demoPlan(slug, 'tenant', (email) => email, ANCHOR));
    demoExpected.set(slug, pending);
  }
  return pending;
}

const SCALE: ScaleOptions = scaleOptions({ customers: 2000, interactions: 10_000, tenants: 2, seed: 7, anchor: ANCHOR });

describe('generator', () => {
  it('is deterministic: the same plan gives the same rows, another seed other rows', async () => {
    const plan = scalePlan({ ...SCALE, customers: 500, interactions: 1500, institutions: 60, orders: 200 }, 1, 'tenant', (email) => email);
    const [a, b, c] = await Promise.all([generated(plan), generated(plan), generated({ ...plan, seed: 8 })]);
    expect(a.fingerprint()).toBe(b.fingerprint());
    expect(c.fingerprint()).not.toBe(a.fingerprint());
    expect(a.counts.person).toBe(500);
    expect(a.counts.interaction).toBe(1500);
  });
});

forEachDatabase((db) => {
  let huakang: string;
  let ruian: string;

  beforeAll(async () => {
    const orm = await db.orm();
    expect((await seedDemo(orm, { anchor: ANCHOR })).created).toBe(true);
    huakang = await tenantId(db, DEMO_TENANTS[0].slug);
    ruian = await tenantId(db, DEMO_TENANTS[1].slug);
  }, 60_000);

  it('demo seed: each company holds exactly what its plan generates, and they differ', async () => {
    const [hk, ra] = await Promise.all([expectedDemo('huakang'), expectedDemo('ruian')]);
    await expectStoredAsGenerated(db, huakang, hk);
    await expectStoredAsGenerated(db, ruian, ra);
    expect(hk.counts.institution).toBeGreaterThanOrEqual(300);
    expect(hk.counts.person).toBeGreaterThanOrEqual(3000);
    expect(ra.counts.person).toBeLessThan(hk.counts.person! / 5);
    const products = await db.sql<{ code: string; tenant_id: string }>('select code, tenant_id from product where tenant_id in (?, ?)', [huakang, ruian]);
    expect(products.filter((p) => p.tenant_id === ruian).every((p) => p.code.startsWith('RA-'))).toBe(true);
    expect(products.filter((p) => p.tenant_id === huakang).every((p) => p.code.startsWith('HK-'))).toBe(true);
  });

  it('demo seed: rows are consistent with each other', async () => {
    await expectConsistent(db, huakang);
    await expectConsistent(db, ruian);
  });

  it('demo seed: search keys are the ones the services compute', async () => {
    const people = await db.sql<{ name: string; name_pinyin: string; name_initials: string }>('select name, name_pinyin, name_initials from person where tenant_id = ?', [huakang]);
    for (const p of people) expect({ name: p.name, full: p.name_pinyin, initials: p.name_initials }).toEqual({ name: p.name, ...nameKeys(p.name) });
    expect(people.some((p) => p.name.length === 2)).toBe(true);
    const places = await db.sql<{ name: string; name_pinyin: string; name_initials: string }>('select name, name_pinyin, name_initials from institution where tenant_id = ?', [huakang]);
    for (const i of places) expect({ full: i.name_pinyin, initials: i.name_initials }).toEqual(nameKeys(i.name, 'organisation'));
    const phones = await db.sql<{ value: string; value_reversed: string }>('select value, value_reversed from contact_point where tenant_id = ?', [huakang]);
    expect(phones.length).toBeGreaterThan(people.length / 2);
    for (const c of phones) expect(c.value_reversed).toBe(reversedDigits(c.value));
    for (const m of (await db.sql<{ mobile: string }>('select mobile from person where tenant_id = ? and mobile is not null', [huakang])).map((r) => r.mobile)) {
      expect(m).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('demo seed: the rep sees some but not all people; the manager more, not all', async () => {
    const em = await db.em(huakang);
    const userId = async (email: string) => (await em.findOneOrFail(UserSchema, { email })).id;
    const visible = async (email: string, role: 'rep' | 'manager') => {
      const scope = await accessScope({ em: await db.em(huakang), session: { user: { id: await userId(email) } }, membership: { roles: [role] } });
      if (scope.all) throw new Error('expected a territory scope');
      if (!scope.territoryIds.length) return 0;
      const marks = scope.territoryIds.map(() => '?').join(', ');
      return Number((await db.sql<{ n: number }>(`select count(*) as n from person where tenant_id = ? and territory_id in (${marks})`, [huakang, ...scope.territoryIds]))[0]!.n);
    };
    const all = Number((await db.sql<{ n: number }>('select count(*) as n from person where tenant_id = ?', [huakang]))[0]!.n);
    const rep = await visible('rep@demo.rapport.local', 'rep');
    const manager = await visible('manager@demo.rapport.local', 'manager');
    expect(rep).toBeGreaterThan(50);
    expect(rep).toBeLessThan(all / 4);
    expect(manager).toBeGreaterThan(rep);
    expect(manager).toBeLessThan(all);
    // The rep's own interactions are in the rep's territories.
    const repId = await userId('rep@demo.rapport.local');
    expect(Number((await db.sql<{ n: number }>('select count(*) as n from interaction where tenant_id = ? and owner_id = ?', [huakang, repId]))[0]!.n)).toBeGreaterThan(100);
  });

  it('demo seed: the demo rep holds a valid filing; the other reps show an expiring, an expired and a missing one', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const repId = (await (await db.em(huakang)).findOneOrFail(UserSchema, { email: 'rep@demo.rapport.local' })).id;
    const filings = await db.sql<{ user_id: string; valid_until: string }>('select user_id, valid_until from rep_filing where tenant_id = ?', [huakang]);
    expect(filings.find((f) => f.user_id === repId)!.valid_until > today).toBe(true);
    expect(filings.filter((f) => f.valid_until < today)).toHaveLength(1);
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(filings.filter((f) => f.valid_until >= today && f.valid_until <= soon)).toHaveLength(1);
    const reps = await db.sql<{ user_id: string; roles: unknown }>('select user_id, roles from membership where tenant_id = ?', [huakang]);
    const repCount = reps.filter((m) => String(typeof m.roles === 'string' ? m.roles : JSON.stringify(m.roles)).includes('"rep"')).length;
    expect(filings).toHaveLength(repCount - 1);
  });

  it('demo seed: a second run adds nothing', async () => {
    const tables = Object.keys((await expectedDemo('huakang')).counts);
    const before = await stored(db, huakang, [...tables]);
    const users = Number((await db.sql<{ n: number }>('select count(*) as n from app_user'))[0]!.n);
    expect((await seedDemo(await db.orm(), { anchor: ANCHOR })).created).toBe(false);
    expect(await stored(db, huakang, [...tables])).toEqual(before);
    expect(Number((await db.sql<{ n: number }>('select count(*) as n from app_user'))[0]!.n)).toBe(users);
  });

  it('scale data: exactly the requested counts per company, as generated, next to the demo data', async () => {
    const demoBefore = await stored(db, huakang, ['person', 'interaction']);
    const result = await buildScaleData(await db.orm(), SCALE);
    expect(result.tenants.map((t) => t.slug)).toEqual(['scale-1', 'scale-2']);
    for (const [i, t] of result.tenants.entries()) {
      const actual = await stored(db, t.id, ['person', 'institution', 'interaction', 'purchase_order', 'membership']);
      expect(actual.counts).toMatchObject({ person: 2000, institution: 200, interaction: 10_000, purchase_order: 2000 });
      const expected = await generated(scalePlan(SCALE, i + 1, t.id, (email) => email));
      await expectStoredAsGenerated(db, t.id, expected);
      await expectConsistent(db, t.id);
    }
    // The noise company has different people.
    const names = await Promise.all(result.tenants.map((t) => stored(db, t.id, [])));
    expect(names[0]!.personNames).not.toEqual(names[1]!.personNames);
    expect(await stored(db, huakang, ['person', 'interaction'])).toEqual(demoBefore);
  });

  it('scale data: a re-run replaces the companies instead of adding to them', async () => {
    const small = scaleOptions({ customers: 300, interactions: 600, tenants: 1, seed: 7, anchor: ANCHOR });
    const [first] = (await buildScaleData(await db.orm(), small)).tenants;
    const again = (await buildScaleData(await db.orm(), small)).tenants[0]!;
    expect(again.id).toBe(first!.id);
    const counts = (await stored(db, again.id, ['person', 'interaction', 'membership', 'territory'])).counts;
    expect(counts).toMatchObject({ person: 300, interaction: 600 });
    expect(counts.membership).toBe(scaleTeam(1, small.interactions).users.length);
    await expectStoredAsGenerated(db, again.id, await generated(scalePlan(small, 1, again.id, (email) => email)));
    // Logins exist once each.
    const reps = await db.sql<{ n: number }>(`select count(*) as n from app_user where email = 'rep1@scale.rapport.local'`);
    expect(Number(reps[0]!.n)).toBe(1);
  });
});
