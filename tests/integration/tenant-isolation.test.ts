/**
 * Tenant A can never read or change tenant B's rows through any procedure (issue 2, "Must show").
 *
 * Both tenants get an admin, a rep, fixture-plugin notes, an open invitation, a role-grant change,
 * plugin settings and a failed job. Then A's admin calls every tenant-scoped procedure, passing
 * B's ids wherever a procedure takes one. Afterwards every row that belongs to B is compared
 * with a snapshot taken before: nothing may differ. A last check makes sure the test really
 * called every procedure (so a new procedure cannot slip past without an isolation check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureNoteSchema } from '@/tests/fixture-plugin/entities';
import { MembershipSchema, UserSessionSchema } from '@/server/db/entities';
import { InProcessDriver } from '@/server/jobs/in-process-driver';
import { setQueue } from '@/server/jobs/queue';
import { allJobDefinitions } from '@/server/plugins/host';
import {
  addMember,
  allProcedures,
  callerFor,
  callPath,
  createTenantWithAdmin,
  createUser,
  failureOf,
  forEachDatabase,
  signIn,
  uid,
  type Caller,
  type TestSession,
  notesApi,
} from '../support/db';

const PLUGIN = 'fixture-notes';
/** MikroORM refuses a filter without params before our own check (`tenant filter used without…`) runs. */
const FAIL_CLOSED = /No arguments provided for filter 'tenant'|without an active tenant/;

interface Side {
  tenantId: string;
  adminId: string;
  repId: string;
  adminMembershipId: string;
  repMembershipId: string;
  admin: TestSession;
  invitationId: string;
  invitationEmail: string;
  noteIds: string[];
  failedJobId: string;
}

/** Procedures that are not tenant-scoped at all (the invitation token is the credential). */
const NOT_TENANT_SCOPED = ['invite.describe', 'invite.accept'];

/**
 * Areas proven by their own isolation file, which checks in the same way that it called every
 * procedure of its area: `customers.` → customers-tenant-isolation.test.ts; the work areas
 * (interactions, tasks, products, orders, service, activities, requirements) →
 * work-tenant-isolation.test.ts; `compliance.` and the public `consentSelfService.` →
 * compliance-tenant-isolation.test.ts; `imports.` and `exports.` (and their file routes) →
 * imports-tenant-isolation.test.ts.
 */
const COVERED_ELSEWHERE = ['customers.', 'interactions.', 'tasks.', 'products.', 'orders.', 'service.', 'activities.', 'requirements.', 'compliance.', 'consentSelfService.', 'imports.', 'exports.', 'notifications.',
  // plugins.feedback.* → feedback-cases.test.ts ('gating and isolation').
  'plugins.feedback.',
  // plugins.meeting-sim.* → meeting-sim-isolation.test.ts.
  'plugins.meeting-sim.',
  // plugins.dept-meetings.* → dept-meetings-isolation.test.ts.
  'plugins.dept-meetings.'];

// The failed jobs this file creates on purpose log a warning each.
process.env.LOG_LEVEL = 'error';

forEachDatabase((db) => {
  const driver = new InProcessDriver(allJobDefinitions);
  let A: Side;
  let B: Side;
  let api: Caller;
  const called = new Set<string>();
  let snapshot: Record<string, unknown[]>;

  /** Calls as A's admin and records that the procedure was exercised. */
  const asA = (path: string, input?: unknown) => {
    called.add(path);
    return callPath(api, path, input);
  };

  async function makeSide(name: string): Promise<Side> {
    const { tenant, admin, membership } = await createTenantWithAdmin(name, { plugins: [PLUGIN] });
    const rep = await createUser(`${uid('rep-')}@example.test`);
    const repMembership = await addMember(tenant.id, rep.id, ['rep']);
    const session = await signIn(admin.id, tenant.id);
    const c = callerFor(session);
    const noteIds = [
      (await notesApi(c).create({ title: `${name} note 1`, body: `secret of ${name}` })).id,
      (await notesApi(c).create({ title: `${name} note 2`, body: `more secrets of ${name}` })).id,
    ];
    const invitationEmail = `${uid('invitee-')}@example.test`;
    const invitation = await c.admin.invitations.create({ email: invitationEmail, roles: ['rep'] });
    await c.admin.roles.setGrant({ role: 'rep', permission: 'jobs.manage', granted: true });
    await c.admin.modules.updateSettings({ pluginId: PLUGIN, settings: { banner: `${name} banner`, maxNotesOnDashboard: 7 } });
    // A job that fails at once (invalid payload): it stays in the failed list, owned by this tenant.
    const failedJobId = await driver.enqueue(`${PLUGIN}.stamp`, { tenantId: tenant.id, label: 42 });
    return {
      tenantId: tenant.id,
      adminId: admin.id,
      repId: rep.id,
      adminMembershipId: membership.id,
      repMembershipId: repMembership.id,
      admin: session,
      invitationId: invitation.id,
      invitationEmail,
      noteIds,
      failedJobId,
    };
  }

  /** Every row that belongs to B, read with raw SQL (no ORM filter can hide a change). */
  async function rowsOfB(): Promise<Record<string, unknown[]>> {
    const byTenant = ['membership', 'invitation', 'role_grant', 'tenant_plugin', 'audit_entry', 'fixture_notes_note', 'fixture_notes_job_run'];
    const out: Record<string, unknown[]> = {};
    out.tenant = await db.sql('select * from tenant where id = ?', [B.tenantId]);
    for (const table of byTenant) out[table] = await db.sql(`select * from ${table} where tenant_id = ? order by id`, [B.tenantId]);
    out.app_user = await db.sql('select * from app_user where id in (?, ?) order by id', [B.adminId, B.repId]);
    // last_seen_at moves with B's own requests (the idle time-out), which this test also makes.
    const sessions = await db.sql<Record<string, unknown>>('select * from user_session where user_id in (?, ?) order by id', [B.adminId, B.repId]);
    out.user_session = sessions.map(({ last_seen_at: _seen, ...rest }) => rest);
    return out;
  }

  beforeAll(async () => {
    setQueue(driver);
    await driver.startWorkers();
    A = await makeSide(`A-${db.driver}`);
    B = await makeSide(`B-${db.driver}`);
    await driver.drain();
    api = callerFor(A.admin);
    snapshot = await rowsOfB();
    expect(snapshot.fixture_notes_note).toHaveLength(2);
    expect(snapshot.invitation).toHaveLength(1);
    expect(snapshot.role_grant).toHaveLength(1);
  });

  afterAll(async () => {
    await driver.close();
    setQueue(undefined);
  });

  describe('reads show only the active tenant', () => {
    it('admin.users.list lists A’s members only', async () => {
      const rows = (await asA('admin.users.list')) as { membershipId: string; userId: string }[];
      expect(rows.map((r) => r.userId).sort()).toEqual([A.adminId, A.repId].sort());
      expect(rows.map((r) => r.membershipId).sort()).toEqual([A.adminMembershipId, A.repMembershipId].sort());
    });

    it('admin.invitations.list lists A’s invitations only', async () => {
      const rows = (await asA('admin.invitations.list')) as { id: string; email: string }[];
      expect(rows.map((r) => r.id)).toEqual([A.invitationId]);
    });

    it('admin.roles.matrix shows A’s grants, not B’s overrides', async () => {
      const matrix = (await asA('admin.roles.matrix')) as { permissions: { id: string; grants: Record<string, { granted: boolean }> }[] };
      const jobs = matrix.permissions.find((p) => p.id === 'jobs.manage')!;
      expect(jobs.grants.rep!.granted).toBe(true); // A's own override
      // B changes a grant A does not have: A's matrix must not show it.
      await callerFor(B.admin).admin.roles.setGrant({ role: 'trainer', permission: 'audit.read', granted: true });
      snapshot = await rowsOfB();
      const again = (await asA('admin.roles.matrix')) as typeof matrix;
      expect(again.permissions.find((p) => p.id === 'audit.read')!.grants.trainer!.granted).toBe(false);
    });

    it('admin.modules.list and admin.modules.settings show A’s state and settings', async () => {
      const modules = (await asA('admin.modules.list')) as { id: string; enabled: boolean; changedBy: string | null }[];
      const fixture = modules.find((m) => m.id === PLUGIN)!;
      expect(fixture.enabled).toBe(true);
      expect(fixture.changedBy).not.toBe(B.adminId);
      const settings = (await asA('admin.modules.settings', { pluginId: PLUGIN })) as { banner: string };
      expect(settings.banner).toBe(`A-${db.driver} banner`);
    });

    it('admin.tenant.get returns A', async () => {
      const t = (await asA('admin.tenant.get')) as { name: string };
      expect(t.name).toBe(`A-${db.driver}`);
    });

    it('admin.jobs.overview shows A’s failed jobs only', async () => {
      const overview = (await asA('admin.jobs.overview')) as { failed: { id: string; tenantId: string | null }[] };
      expect(overview.failed.map((f) => f.id)).toEqual([A.failedJobId]);
      // B sees its own, so the job is there to be hidden.
      const ofB = await callerFor(B.admin).admin.jobs.overview();
      expect(ofB.failed.map((f) => f.id)).toEqual([B.failedJobId]);
    });

    it('plugins.fixture-notes.list lists A’s notes only', async () => {
      const notes = (await asA(`plugins.${PLUGIN}.list`)) as { id: string; body: string }[];
      expect(notes.map((n) => n.id).sort()).toEqual([...A.noteIds].sort());
      expect(notes.some((n) => n.body.includes('B-'))).toBe(false);
    });

    it('account.me and account.tenants show only A', async () => {
      const me = (await asA('account.me')) as { tenant: { id: string } };
      expect(me.tenant.id).toBe(A.tenantId);
      const tenants = (await asA('account.tenants')) as { id: string }[];
      expect(tenants.map((t) => t.id)).toEqual([A.tenantId]);
      expect(await asA('account.ping')).toEqual({ ok: true });
    });
  });

  describe('B’s ids are not found from A', () => {
    it('admin.users.setRoles / remove refuse B’s memberships', async () => {
      for (const membershipId of [B.adminMembershipId, B.repMembershipId]) {
        expect((await failureOf(asA('admin.users.setRoles', { membershipId, roles: ['rep'] }))).appCode).toBe('NOT_FOUND');
        expect((await failureOf(asA('admin.users.remove', { membershipId }))).appCode).toBe('NOT_FOUND');
      }
    });

    it('admin.users.setDisabled / revokeSessions refuse B’s users', async () => {
      for (const userId of [B.adminId, B.repId]) {
        expect((await failureOf(asA('admin.users.setDisabled', { userId, disabled: true }))).appCode).toBe('NOT_FOUND');
        expect((await failureOf(asA('admin.users.revokeSessions', { userId }))).appCode).toBe('NOT_FOUND');
      }
      // B's admin still works: their session was not ended.
      expect((await callerFor(B.admin).account.me()).tenant?.id).toBe(B.tenantId);
    });

    it('admin.invitations.revoke refuses B’s invitation; inviting B’s invitee does not touch B’s invitation', async () => {
      expect((await failureOf(asA('admin.invitations.revoke', { id: B.invitationId }))).appCode).toBe('NOT_FOUND');
      const created = (await asA('admin.invitations.create', { email: B.invitationEmail, roles: ['rep'] })) as { id: string };
      const rows = await db.sql<{ tenant_id: string }>('select tenant_id from invitation where id = ?', [created.id]);
      expect(rows).toEqual([{ tenant_id: A.tenantId }]);
    });

    it('admin.roles.setGrant changes A only', async () => {
      await asA('admin.roles.setGrant', { role: 'manager', permission: 'audit.read', granted: true });
      await asA('admin.roles.setGrant', { role: 'trainer', permission: 'audit.read', granted: false });
      const rows = await db.sql<{ tenant_id: string }>(`select tenant_id from role_grant where role = 'manager' and permission = 'audit.read'`);
      expect(rows).toEqual([{ tenant_id: A.tenantId }]);
    });

    it('admin.modules.setEnabled / updateSettings change A only', async () => {
      await asA('admin.modules.updateSettings', { pluginId: PLUGIN, settings: { banner: 'changed by A', maxNotesOnDashboard: 3 } });
      await asA('admin.modules.setEnabled', { pluginId: PLUGIN, enabled: false });
      expect((await notesApi(callerFor(B.admin)).list()).length).toBe(2);
      await asA('admin.modules.setEnabled', { pluginId: PLUGIN, enabled: true });
      expect((await callerFor(B.admin).admin.modules.settings({ pluginId: PLUGIN })).banner).toBe(`B-${db.driver} banner`);
    });

    it('admin.jobs.retry refuses B’s failed job', async () => {
      expect((await failureOf(asA('admin.jobs.retry', { queue: `rapport-${PLUGIN}`, jobId: B.failedJobId }))).appCode).toBe('NOT_FOUND');
      const failed = await driver.failed(100);
      expect(failed.find((f) => f.id === B.failedJobId)).toBeDefined();
    });

    it('admin.tenant.update renames A only', async () => {
      await asA('admin.tenant.update', { name: 'A renamed', defaultLocale: 'en', timezone: 'Europe/Berlin' });
      const rows = await db.sql<{ id: string; name: string }>('select id, name from tenant order by name');
      expect(rows.find((r) => r.id === A.tenantId)!.name).toBe('A renamed');
      expect(rows.find((r) => r.id === B.tenantId)!.name).toBe(`B-${db.driver}`);
    });

    it('plugins.fixture-notes.create writes into A even when it names B’s people', async () => {
      const { id } = (await asA(`plugins.${PLUGIN}.create`, { title: 'about B', body: 'x', subjectId: B.repId })) as { id: string };
      const rows = await db.sql<{ tenant_id: string }>('select tenant_id from fixture_notes_note where id = ?', [id]);
      expect(rows).toEqual([{ tenant_id: A.tenantId }]);
      await driver.drain();
    });

    it('account.switchTenant refuses a tenant the user is not a member of', async () => {
      const f = await failureOf(asA('account.switchTenant', { tenantId: B.tenantId }));
      expect(f.code).toBe('FORBIDDEN');
      const rows = await db.sql<{ active_tenant_id: string }>('select active_tenant_id from user_session where id = ?', [A.admin.id]);
      expect(rows[0]!.active_tenant_id).toBe(A.tenantId);
    });

    it('user-scoped account procedures (locale, password, sign-out everywhere) stay with the user', async () => {
      await asA('account.setLocale', { locale: 'en' });
      await asA('account.changePassword', { current: 'correct-horse-battery-staple', next: 'another-long-password' });
      expect(await asA('account.signOutEverywhere')).toBeGreaterThanOrEqual(1);
    });
  });

  it('left every row of tenant B exactly as it was', async () => {
    await driver.drain();
    expect(await rowsOfB()).toEqual(snapshot);
  });

  it('exercised every tenant-scoped procedure', () => {
    const expected = allProcedures()
      .map((p) => p.path)
      .filter((p) => !NOT_TENANT_SCOPED.includes(p) && !COVERED_ELSEWHERE.some((area) => p.startsWith(area)));
    expect(expected.filter((p) => !called.has(p))).toEqual([]);
  });

  describe('the ORM tenant filter fails closed', () => {
    it('an EntityManager without an active tenant refuses to read tenant-owned entities', async () => {
      const em = await db.em();
      await expect(em.find(MembershipSchema, {})).rejects.toThrow(FAIL_CLOSED);
      await expect(em.find(FixtureNoteSchema, {})).rejects.toThrow(FAIL_CLOSED);
      await expect(em.count(FixtureNoteSchema, {})).rejects.toThrow(FAIL_CLOSED);
      // Global (non tenant-owned) entities stay readable.
      await expect(em.find(UserSessionSchema, { userId: A.adminId })).resolves.toBeDefined();
    });

    it('an EntityManager scoped to A cannot see B’s rows even when asked by id or tenantId', async () => {
      const em = await db.em(A.tenantId);
      expect(await em.find(FixtureNoteSchema, { id: { $in: B.noteIds } })).toEqual([]);
      expect(await em.find(FixtureNoteSchema, { tenantId: B.tenantId })).toEqual([]);
      expect(await em.findOne(MembershipSchema, { id: B.repMembershipId })).toBeNull();
      expect(await em.nativeUpdate(FixtureNoteSchema, { id: B.noteIds[0]! }, { title: 'hijacked' })).toBe(0);
      expect(await em.nativeDelete(FixtureNoteSchema, { id: B.noteIds[1]! })).toBe(0);
      const rows = await db.sql('select id from fixture_notes_note where tenant_id = ?', [B.tenantId]);
      expect(rows).toHaveLength(2);
    });

    it('inserting a row with another tenant’s tenantId throws', async () => {
      const em = await db.em(A.tenantId);
      em.create(FixtureNoteSchema, { tenantId: B.tenantId, title: 'planted', body: 'x', subjectId: null, authorId: A.adminId });
      await expect(em.flush()).rejects.toThrow(/another tenant/);
      const rows = await db.sql(`select id from fixture_notes_note where title = 'planted'`);
      expect(rows).toEqual([]);
    });

    it('changing a row’s tenantId (moving it to another tenant) throws', async () => {
      const em = await db.em(A.tenantId);
      const note = await em.findOneOrFail(FixtureNoteSchema, { id: A.noteIds[0]! });
      note.tenantId = B.tenantId;
      await expect(em.flush()).rejects.toThrow(/another tenant/);
      const rows = await db.sql<{ tenant_id: string }>('select tenant_id from fixture_notes_note where id = ?', [A.noteIds[0]!]);
      expect(rows).toEqual([{ tenant_id: A.tenantId }]);
    });

    it('inserting a tenant-owned row without an active tenant throws', async () => {
      const em = await db.em();
      em.create(FixtureNoteSchema, { title: 'orphan', body: 'x', subjectId: null, authorId: A.adminId });
      await expect(em.flush()).rejects.toThrow(/no active tenant/);
    });
  });
});
