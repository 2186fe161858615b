/**
 * A company with a small sales organisation, shared by the customer tests:
 *
 *   华东大区 (region, manager: `manager`)
 *     └ 上海 (province) └ 上海市 (city) ├ 浦东 (territory, rep: `rep`)
 *                                      └ 徐汇 (territory, rep: `rep2`)
 *   华北大区 (region)
 *     └ 北京 (province) └ 北京市 (city) └ 朝阳 (territory, rep: `northRep`)
 *
 * plus an admin and a compliance officer, each with a signed-in caller.
 */
import type { Role } from '@/server/permissions';
import { addMember, callerFor, createTenantWithAdmin, createUser, signIn, uid, type Caller } from '../support/db';

export interface Company {
  tenantId: string;
  users: Record<'admin' | 'manager' | 'rep' | 'rep2' | 'northRep' | 'compliance', { id: string; api: Caller }>;
  territories: Record<'east' | 'shanghai' | 'shanghaiCity' | 'pudong' | 'xuhui' | 'north' | 'beijing' | 'beijingCity' | 'chaoyang', string>;
}

export async function setupCompany(name: string, opts: { plugins?: string[] } = {}): Promise<Company> {
  const { tenant, admin } = await createTenantWithAdmin(name, { plugins: opts.plugins, adminLocale: 'en' });
  const adminApi = callerFor(await signIn(admin.id, tenant.id));
  const member = async (role: Role) => {
    const u = await createUser(`${uid(`${role}-`)}@example.test`, undefined, { locale: 'en' });
    await addMember(tenant.id, u.id, [role]);
    return { id: u.id, api: callerFor(await signIn(u.id, tenant.id)) };
  };
  const users = {
    admin: { id: admin.id, api: adminApi },
    manager: await member('manager'),
    rep: await member('rep'),
    rep2: await member('rep'),
    northRep: await member('rep'),
    compliance: await member('compliance'),
  };
  const t = adminApi.customers.territories;
  const east = (await t.create({ parentId: null, level: 'region', name: '华东大区', code: 'E' })).id;
  const shanghai = (await t.create({ parentId: east, level: 'province', name: '上海', code: null })).id;
  const shanghaiCity = (await t.create({ parentId: shanghai, level: 'city', name: '上海市', code: null })).id;
  const pudong = (await t.create({ parentId: shanghaiCity, level: 'territory', name: '浦东', code: 'SH-PD' })).id;
  const xuhui = (await t.create({ parentId: shanghaiCity, level: 'territory', name: '徐汇', code: 'SH-XH' })).id;
  const north = (await t.create({ parentId: null, level: 'region', name: '华北大区', code: 'N' })).id;
  const beijing = (await t.create({ parentId: north, level: 'province', name: '北京', code: null })).id;
  const beijingCity = (await t.create({ parentId: beijing, level: 'city', name: '北京市', code: null })).id;
  const chaoyang = (await t.create({ parentId: beijingCity, level: 'territory', name: '朝阳', code: 'BJ-CY' })).id;
  await t.assign({ territoryId: east, userId: users.manager.id, role: 'manager' });
  await t.assign({ territoryId: pudong, userId: users.rep.id, role: 'rep' });
  await t.assign({ territoryId: xuhui, userId: users.rep2.id, role: 'rep' });
  await t.assign({ territoryId: chaoyang, userId: users.northRep.id, role: 'rep' });
  return { tenantId: tenant.id, users, territories: { east, shanghai, shanghaiCity, pudong, xuhui, north, beijing, beijingCity, chaoyang } };
}

type CreateResult = { status: 'created'; id: string } | { status: 'duplicates'; duplicates: unknown };

export function createdId(r: CreateResult): string {
  if (r.status !== 'created') throw new Error(`expected a created record, got duplicates: ${JSON.stringify(r.duplicates)}`);
  return r.id;
}

/** An institution in a territory (created by the admin). */
export async function hospital(c: Company, name: string, territoryId: string, extra: Record<string, unknown> = {}): Promise<string> {
  return createdId(await c.users.admin.api.customers.institutions.create({ name, type: 'hospital', hospitalLevel: '3A', territoryId, allowDuplicate: true, ...extra } as never));
}

export async function department(c: Company, institutionId: string, name: string): Promise<string> {
  return (await c.users.admin.api.customers.departments.create({ institutionId, name })).id;
}

/** A person working at `institutionId` (primary), created by the admin. */
export async function doctor(c: Company, name: string, institutionId: string, extra: Record<string, unknown> = {}): Promise<string> {
  return createdId(
    await c.users.admin.api.customers.people.create({
      name,
      kind: 'hcp',
      title: 'attending',
      affiliations: [{ institutionId, departmentId: (extra.departmentId as string | undefined) ?? null, isPrimary: true }],
      allowDuplicate: true,
      ...extra,
    } as never),
  );
}

export const FIRST_PAGE = { sort: { field: 'name' as const, dir: 'asc' as const }, columns: ['institution', 'tier'], cursor: null, limit: 50 };
