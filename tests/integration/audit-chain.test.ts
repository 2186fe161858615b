/**
 * The audit log is a per-tenant SHA-256 hash chain, append-only in the database itself:
 * verifyAuditChain reports intact after real mutations; UPDATE, DELETE (and on PostgreSQL
 * TRUNCATE) are refused by triggers; and when the triggers are bypassed (as a DBA could), an
 * edited, re-hashed or deleted row is found and named by its seq.
 */
import { beforeAll, expect, it } from 'vitest';
import { m0001Init } from '@/prisma-free-db/migrations/core/0001_init';
import { AuditEntrySchema } from '@/server/db/entities';
import { entryHash, verifyAuditChain } from '@/server/services/audit';
import {
  addMember,
  callerFor,
  createTenantWithAdmin,
  createUser,
  forEachDatabase,
  signIn,
  uid,
  type Caller,
  type TestDatabase,
} from '../support/db';

const PLUGIN = 'fixture-notes';

/** Runs `fn` with audit_entry's append-only triggers out of the way, then puts them back. */
async function withoutAppendOnly(db: TestDatabase, fn: () => Promise<void>): Promise<void> {
  if (db.driver === 'postgresql') {
    await db.superuserSql('alter table audit_entry disable trigger audit_entry_append_only');
    try {
      await fn();
    } finally {
      await db.superuserSql('alter table audit_entry enable trigger audit_entry_append_only');
    }
    return;
  }
  const triggers = m0001Init.up.sqlite.filter((s) => /create trigger "audit_entry_no_(update|delete)"/.test(s));
  expect(triggers).toHaveLength(2);
  await db.sql('drop trigger audit_entry_no_update');
  await db.sql('drop trigger audit_entry_no_delete');
  try {
    await fn();
  } finally {
    for (const statement of triggers) await db.sql(statement);
  }
}

async function busyTenant(label: string): Promise<{ tenantId: string; api: Caller }> {
  const { tenant, admin } = await createTenantWithAdmin(label, { plugins: [PLUGIN] });
  const api = callerFor(await signIn(admin.id, tenant.id));
  const rep = await createUser(`${uid('rep-')}@example.test`);
  const membership = await addMember(tenant.id, rep.id, ['rep']);
  await api.admin.users.setRoles({ membershipId: membership.id, roles: ['rep', 'trainer'] });
  await api.admin.invitations.create({ email: `${uid('inv-')}@example.test`, roles: ['manager'] });
  await api.admin.roles.setGrant({ role: 'rep', permission: 'audit.read', granted: true });
  await api.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: false });
  await api.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: true });
  await api.admin.tenant.update({ name: `${label} renamed`, defaultLocale: 'en', timezone: 'UTC' });
  await api.admin.users.remove({ membershipId: membership.id });
  return { tenantId: tenant.id, api };
}

forEachDatabase((db) => {
  let tenantId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    tenantId = (await busyTenant(`Audit ${db.driver}`)).tenantId;
    otherTenantId = (await busyTenant(`Audit other ${db.driver}`)).tenantId;
  });

  it('every mutation left an entry; the chain is intact and numbered 1…n per tenant', async () => {
    const rows = await db.sql<{ seq: number; action: string }>('select seq, action from audit_entry where tenant_id = ? order by seq', [tenantId]);
    expect(rows.map((r) => r.action)).toEqual([
      'membership.roles.changed',
      'invitation.created',
      'role.grant.added',
      'plugin.disabled',
      'plugin.enabled',
      'tenant.settings.updated',
      'membership.removed',
    ]);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verifyAuditChain(await db.em(), tenantId)).toEqual({ intact: true, entries: 7 });
    expect(await verifyAuditChain(await db.em(), otherTenantId)).toEqual({ intact: true, entries: 7 });
  });

  it('UPDATE and DELETE on audit_entry fail while the triggers are in place', async () => {
    await expect(db.sql(`update audit_entry set action = 'x' where tenant_id = ?`, [tenantId])).rejects.toThrow(/append-only/);
    await expect(db.sql('delete from audit_entry where tenant_id = ?', [tenantId])).rejects.toThrow(/append-only/);
    const em = await db.em();
    await expect(em.nativeUpdate(AuditEntrySchema, { tenantId, seq: 1 }, { action: 'x' })).rejects.toThrow(/append-only/);
    await expect(em.nativeDelete(AuditEntrySchema, { tenantId })).rejects.toThrow(/append-only/);
    if (db.driver === 'postgresql') await expect(db.sql('truncate audit_entry')).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(await db.em(), tenantId)).toEqual({ intact: true, entries: 7 });
  });

  it('an edited row is reported by its seq', async () => {
    await withoutAppendOnly(db, () => db.sql(`update audit_entry set actor_user_id = 'someone-else' where tenant_id = ? and seq = 3`, [tenantId]).then(() => undefined));
    expect(await verifyAuditChain(await db.em(), tenantId)).toMatchObject({ intact: false, brokenAtSeq: 3, entries: 2 });
    // The other tenant's chain is not affected.
    expect(await verifyAuditChain(await db.em(), otherTenantId)).toMatchObject({ intact: true });
    // The triggers are back.
    await expect(db.sql(`update audit_entry set action = 'x' where tenant_id = ?`, [otherTenantId])).rejects.toThrow(/append-only/);
  });

  it('a row edited and re-hashed is caught by the next link; a deleted row by the gap', async () => {
    const em = await db.em();
    const [row] = await em.find(AuditEntrySchema, { tenantId: otherTenantId, seq: 4 }, { filters: false });
    const { id, hash: _old, ...rest } = row!;
    const forged = { ...rest, changes: { enabled: true } };
    await withoutAppendOnly(db, async () => {
      await em.nativeUpdate(AuditEntrySchema, { id }, { changes: forged.changes, hash: entryHash(forged) });
    });
    expect(await verifyAuditChain(await db.em(), otherTenantId)).toMatchObject({ intact: false, brokenAtSeq: 5, entries: 4 });

    const { tenantId: third } = await busyTenant(`Audit third ${db.driver}`);
    await withoutAppendOnly(db, () => db.sql('delete from audit_entry where tenant_id = ? and seq = 2', [third]).then(() => undefined));
    expect(await verifyAuditChain(await db.em(), third)).toMatchObject({ intact: false, brokenAtSeq: 3, entries: 1 });
  });
});
