/**
 * Customers for the work tests, written straight through the ORM (the customer procedures have
 * their own tests): a region with two territories, a hospital with a department in each, HCPs,
 * products, and users assigned to territories.
 */
import {
  AffiliationSchema,
  DepartmentSchema,
  InstitutionSchema,
  PersonSchema,
  ProductSchema,
  TerritoryMemberSchema,
  TerritorySchema,
} from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { newId } from '@/server/db/tenant-scope';
import type { Role } from '@/server/permissions';
import { nameKeys } from '@/server/services/customers/pinyin';
import { addMember, callerFor, createUser, signIn, uid, type Caller } from '../support/db';

export interface WorkWorld {
  tenantId: string;
  region: string;
  north: string;
  south: string;
  /** 北京协和医院 (north) with 心内科; 中山医院 (south) with 内分泌科. */
  hospitalN: string;
  deptN: string;
  hospitalS: string;
  deptS: string;
  /** Two HCPs at the north hospital, one at the south one. */
  drWang: string;
  drLi: string;
  drZhao: string;
  productA: string;
  productB: string;
}

export async function seedWorld(tenantId: string): Promise<WorkWorld> {
  const em = await forkEm(tenantId);
  const territory = (name: string, parent: { id: string; path: string } | null, level: 'region' | 'territory') => {
    const id = newId();
    const path = `${parent?.path ?? '/'}${id}/`;
    em.create(TerritorySchema, { id, parentId: parent?.id ?? null, level, name, code: null, path });
    return { id, path };
  };
  const region = territory('华北大区', null, 'region');
  const north = territory('北京一区', region, 'territory');
  const south = territory('上海一区', region, 'territory');
  const institution = (name: string, territoryId: string) => {
    const keys = nameKeys(name, 'organisation');
    return em.create(InstitutionSchema, {
      id: newId(), externalId: null, name, namePinyin: keys.full, nameInitials: keys.initials, type: 'hospital', hospitalLevel: '3A', parentId: null, territoryId,
      province: null, city: null, district: null, street: null, phone: null, website: null, legalRepresentative: null, registeredPlace: null, mainContactId: null,
      procurementScale: null, budgetRange: null, procurementCycle: null, tier: 'A', stage: 'active', custom: {}, mergedIntoId: null, deletedAt: null, createdBy: null,
    }).id;
  };
  const hospitalN = institution('北京协和医院', north.id);
  const hospitalS = institution('中山医院', south.id);
  const deptN = em.create(DepartmentSchema, { id: newId(), institutionId: hospitalN, name: '心内科', specialty: null, phone: null, headPersonId: null }).id;
  const deptS = em.create(DepartmentSchema, { id: newId(), institutionId: hospitalS, name: '内分泌科', specialty: null, phone: null, headPersonId: null }).id;
  const person = (name: string, institutionId: string, departmentId: string, territoryId: string) => {
    const keys = nameKeys(name);
    const id = em.create(PersonSchema, {
      id: newId(), externalId: null, kind: 'hcp', name, namePinyin: keys.full, nameInitials: keys.initials, gender: 'unknown', title: 'chief', adminRole: null, specialty: null,
      primaryInstitutionId: institutionId, primaryDepartmentId: departmentId, territoryId, tier: 'A', stage: 'active', mobile: null, email: null, wechat: null, birthday: null,
      idNumberEnc: null, idNumberLast4: null, custom: {}, ownerId: null, mergedIntoId: null, deletedAt: null, createdBy: null,
    }).id;
    em.create(AffiliationSchema, { personId: id, institutionId, departmentId, position: null, isPrimary: true });
    return id;
  };
  const drWang = person('王建国', hospitalN, deptN, north.id);
  const drLi = person('李秀英', hospitalN, deptN, north.id);
  const drZhao = person('赵敏', hospitalS, deptS, south.id);
  const productA = em.create(ProductSchema, { id: newId(), code: `A-${uid()}`, name: '降糖宁片', genericName: null, spec: '10mg×28片', category: 'rx', status: 'active' }).id;
  const productB = em.create(ProductSchema, { id: newId(), code: `B-${uid()}`, name: '心安胶囊', genericName: null, spec: '0.25g×24粒', category: 'rx', status: 'active' }).id;
  await em.flush();
  return { tenantId, region: region.id, north: north.id, south: south.id, hospitalN, deptN, hospitalS, deptS, drWang, drLi, drZhao, productA, productB };
}

/** A member of the tenant with `roles`, assigned to `territories` (as rep, or manager for managers). */
export async function member(tenantId: string, roles: Role[], territories: string[] = [], opts: { filed?: boolean } = {}): Promise<{ id: string; api: Caller }> {
  const user = await createUser(`${uid(`${roles[0]}-`)}@example.test`);
  await addMember(tenantId, user.id, roles, opts);
  if (territories.length) {
    const em = await forkEm(tenantId);
    for (const territoryId of territories) em.create(TerritoryMemberSchema, { territoryId, userId: user.id, role: roles.includes('manager') ? 'manager' : 'rep' });
    await em.flush();
  }
  return { id: user.id, api: callerFor(await signIn(user.id, tenantId)) };
}

/** A visit with the usual fields; override what a test cares about. */
export function visit(world: WorkWorld, overrides: Record<string, unknown> = {}) {
  return {
    channel: 'visit' as const,
    occurredAt: new Date(Date.now() - 60 * 60 * 1000),
    personIds: [world.drWang],
    productIds: [world.productA],
    keyMessages: ['每日一次口服'],
    notes: '讨论了新适应症。',
    outcome: 'positive' as const,
    ...overrides,
  };
}
