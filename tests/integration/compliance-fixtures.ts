/**
 * Shared by the compliance tests: a company with an admin, a compliance officer, a manager and a
 * rep (each with a signed-in caller), people inserted directly (the customer forms are not what
 * these tests are about), and published consent notices.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersonSchema, TerritoryMemberSchema, TerritorySchema, type ConsentPurpose } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { newId } from '@/server/db/tenant-scope';
import type { Role } from '@/server/permissions';
import { addMember, callerFor, createTenantWithAdmin, createUser, signIn, uid, type Caller } from '../support/db';

// Evidence files and access bundles go to a throwaway data directory, never the checkout's data/.
if (!process.env.RAPPORT_DATA_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-compliance-'));
  process.env.RAPPORT_DATA_DIR = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

export interface ComplianceCompany {
  tenantId: string;
  users: Record<'admin' | 'compliance' | 'manager' | 'rep', { id: string; api: Caller }>;
  /** The rep's territory: people in it are visible to the rep. */
  territoryId: string;
}

export async function complianceCompany(name: string, opts: { plugins?: string[]; locale?: 'zh-CN' | 'en' } = {}): Promise<ComplianceCompany> {
  const { tenant, admin } = await createTenantWithAdmin(name, { plugins: opts.plugins ?? ['fixture-notes'], adminLocale: opts.locale ?? 'en' });
  const member = async (role: Role) => {
    const u = await createUser(`${uid(`${role}-`)}@example.test`, undefined, { locale: opts.locale ?? 'en' });
    await addMember(tenant.id, u.id, [role], { filed: false }); // filings are what these tests manage
    return { id: u.id, api: callerFor(await signIn(u.id, tenant.id)) };
  };
  const em = await forkEm(tenant.id);
  const territoryId = newId();
  em.create(TerritorySchema, { id: territoryId, parentId: null, level: 'territory', name: '浦东', code: uid('T-'), path: `/${territoryId}/` });
  const rep = await member('rep');
  em.create(TerritoryMemberSchema, { territoryId, userId: rep.id, role: 'rep' });
  await em.flush();
  return {
    tenantId: tenant.id,
    territoryId,
    users: {
      admin: { id: admin.id, api: callerFor(await signIn(admin.id, tenant.id)) },
      compliance: await member('compliance'),
      manager: await member('manager'),
      rep,
    },
  };
}

/** A person, inserted directly; without a `territoryId` only admins and compliance see them. */
export async function insertPerson(tenantId: string, name: string, extra: Partial<Record<keyof typeof PersonSchema.meta.properties, unknown>> = {}): Promise<string> {
  const em = await forkEm(tenantId);
  const p = em.create(PersonSchema, {
    externalId: null,
    kind: 'hcp',
    name,
    namePinyin: '',
    nameInitials: '',
    gender: 'unknown',
    title: 'attending',
    adminRole: null,
    specialty: null,
    primaryInstitutionId: null,
    primaryDepartmentId: null,
    territoryId: null,
    tier: null,
    stage: 'active',
    mobile: '13800001234',
    email: null,
    wechat: null,
    birthday: null,
    idNumberEnc: null,
    idNumberLast4: null,
    custom: {},
    ownerId: null,
    mergedIntoId: null,
    deletedAt: null,
    createdBy: null,
    ...(extra as object),
  });
  await em.flush();
  return p.id;
}

/** Drafts and publishes a notice for a purpose; returns its id. */
export async function publishNotice(api: Caller, purpose: ConsentPurpose, locale: 'zh-CN' | 'en' = 'zh-CN', reconsentRequired = true): Promise<string> {
  const { id } = await api.compliance.notices.create({ purpose, locale, title: `${purpose} notice`, body: `What we do with your data for ${purpose}.` });
  await api.compliance.notices.activate({ id, reconsentRequired });
  return id;
}

export const WECHAT_PROMO = { purpose: 'promotional', channel: 'wechat' } as const;
