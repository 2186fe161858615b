/**
 * Server-side sessions: the next-auth JWT only names a user_session row, and every request
 * re-checks that row. Removing a membership, disabling a user, signing out everywhere and the
 * idle / absolute time-outs end sessions at the user's next request; switching tenant changes
 * what every procedure sees.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MembershipSchema, UserSchema, UserSessionSchema } from '@/server/db/entities';
import { env } from '@/server/env';
import {
  addMember,
  callerFor,
  createTenant,
  createTenantWithAdmin,
  createUser,
  failureOf,
  forEachDatabase,
  httpQuery,
  sessionCookie,
  signIn,
  uid,
  type Caller,
  type TestSession,
} from '../support/db';
import type { Role } from '@/server/permissions';

forEachDatabase((db) => {
  let tenantId: string;
  let adminApi: Caller;

  beforeAll(async () => {
    const { tenant, admin } = await createTenantWithAdmin(`Sessions ${db.driver}`);
    tenantId = tenant.id;
    adminApi = callerFor(await signIn(admin.id, tenant.id));
  });

  async function member(roles: Role[] = ['rep'], inTenant = tenantId) {
    const user = await createUser(`${uid('m-')}@example.test`);
    const membership = await addMember(inTenant, user.id, roles);
    const session = await signIn(user.id, inTenant);
    return { user, membership, session };
  }

  async function expectEnded(session: TestSession, reason: string) {
    const f = await failureOf(callerFor(session).account.ping());
    expect(f).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'SESSION_ENDED' });
    const em = await db.em();
    const row = await em.findOneOrFail(UserSessionSchema, { id: session.id });
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row.revokeReason).toBe(reason);
  }

  async function sessionRow(id: string) {
    return (await db.em()).findOneOrFail(UserSessionSchema, { id });
  }

  it('a live session answers, and a request after a quiet minute moves lastSeenAt forward', async () => {
    const { session } = await member();
    expect(await callerFor(session).account.ping()).toEqual({ ok: true });
    const quiet = new Date(Date.now() - 5 * 60_000);
    await (await db.em()).nativeUpdate(UserSessionSchema, { id: session.id }, { lastSeenAt: quiet });
    await callerFor(session).account.ping();
    expect((await sessionRow(session.id)).lastSeenAt.getTime()).toBeGreaterThan(quiet.getTime() + 60_000);
  });

  it('removing a membership ends every session of that user at their next request', async () => {
    const { user, membership, session } = await member();
    const second = await signIn(user.id, tenantId);
    const api = callerFor(session);
    expect((await api.account.me()).tenant?.id).toBe(tenantId);

    await adminApi.admin.users.remove({ membershipId: membership.id });

    await expectEnded(session, 'membership_removed');
    await expectEnded(second, 'membership_removed');
    // Over HTTP the client gets 401 with the stable code and the reason in its language.
    const en = await httpQuery('account.me', undefined, { cookie: session.cookie, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(401);
    expect(en.error?.data.appCode).toBe('SESSION_ENDED');
    expect(en.error?.message).toContain('you were removed from the company');
    const zh = await httpQuery('account.me', undefined, { cookie: session.cookie, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.error?.message).toContain('您已被移出该公司');
    expect((await db.sql('select id from membership where id = ?', [membership.id])).length).toBe(0);
  });

  it('disabling a member ends their sessions in this company; re-enabling does not revive them', async () => {
    const { user, session } = await member(['manager']);
    await callerFor(session).account.ping();
    await adminApi.admin.users.setDisabled({ userId: user.id, disabled: true });
    await expectEnded(session, 'membership_disabled');
    await adminApi.admin.users.setDisabled({ userId: user.id, disabled: false });
    await expectEnded(session, 'membership_disabled');
    const fresh = await signIn(user.id, tenantId);
    expect(await callerFor(fresh).account.ping()).toEqual({ ok: true });
  });

  it('disabling a member in one company leaves their work in another company alone, and closes the first', async () => {
    const { user } = await member(['rep']);
    const other = await createTenant('另一家公司');
    await addMember(other.id, user.id, ['rep']);
    const elsewhere = await signIn(user.id, other.id);
    await adminApi.admin.users.setDisabled({ userId: user.id, disabled: true });
    const api = callerFor(elsewhere);
    expect(await api.account.ping()).toEqual({ ok: true });
    const tenants = await api.account.tenants();
    expect(tenants.map((t) => t.id)).toEqual([other.id]);
    expect((await failureOf(api.account.switchTenant({ tenantId }))).appCode).toBe('FORBIDDEN');
    await adminApi.admin.users.setDisabled({ userId: user.id, disabled: false });
  });

  it('a user disabled behind the session’s back (no revocation) is refused at the next request', async () => {
    const { user, session } = await member();
    await (await db.em()).nativeUpdate(UserSchema, { id: user.id }, { disabledAt: new Date() });
    await expectEnded(session, 'user_disabled');
  });

  it('account.signOutEverywhere ends all of the user’s sessions and nobody else’s', async () => {
    const { user, session } = await member();
    const other = await signIn(user.id, tenantId);
    const bystander = await member();
    expect(await callerFor(session).account.signOutEverywhere()).toBe(2);
    await expectEnded(session, 'signed_out_everywhere');
    await expectEnded(other, 'signed_out_everywhere');
    expect(await callerFor(bystander.session).account.ping()).toEqual({ ok: true });
  });

  it('admin.users.revokeSessions ends a member’s sessions', async () => {
    const { user, session } = await member();
    expect(await adminApi.admin.users.revokeSessions({ userId: user.id })).toBe(1);
    await expectEnded(session, 'signed_out_everywhere');
  });

  it('the idle time-out ends a session left alone for too long, not one just inside it', async () => {
    const idleMs = env().SESSION_IDLE_MINUTES * 60_000;
    const { session } = await member();
    const em = await db.em();
    await em.nativeUpdate(UserSessionSchema, { id: session.id }, { lastSeenAt: new Date(Date.now() - idleMs + 60_000) });
    expect(await callerFor(session).account.ping()).toEqual({ ok: true });
    await em.nativeUpdate(UserSessionSchema, { id: session.id }, { lastSeenAt: new Date(Date.now() - idleMs - 1000) });
    await expectEnded(session, 'idle');
  });

  it('the absolute time-out ends a session past expiresAt even when it is in use', async () => {
    const { session } = await member();
    await callerFor(session).account.ping();
    await (await db.em()).nativeUpdate(UserSessionSchema, { id: session.id }, { expiresAt: new Date(Date.now() - 1000) });
    await expectEnded(session, 'expired');
  });

  it('a JWT whose session row does not exist, or one signed with another secret, is no session', async () => {
    const ghost = await failureOf(callerFor(await sessionCookie('00000000-0000-0000-0000-000000000000')).account.ping());
    expect(ghost).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'SESSION_ENDED' });
    const { session } = await member();
    const forged = await failureOf(callerFor(await sessionCookie(session.id, 'not-the-server-secret')).account.ping());
    expect(forged).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
    const garbage = await failureOf(callerFor('next-auth.session-token=not-a-jwt').account.ping());
    expect(garbage).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
  });

  describe('switching tenant', () => {
    it('changes what admin.users.list returns, and refuses a tenant the user is not a member of', async () => {
      const other = await createTenant(`Other ${db.driver}`);
      const stranger = await createTenant(`Stranger ${db.driver}`);
      const { user, session } = await member(['admin']);
      await addMember(other.id, user.id, ['admin']);
      const colleague = await createUser(`${uid('colleague-')}@example.test`);
      await addMember(other.id, colleague.id, ['rep']);
      const api = callerFor(session);

      const here = await api.admin.users.list();
      expect(here.some((m) => m.userId === colleague.id)).toBe(false);
      expect((await api.account.tenants()).map((t) => t.id).sort()).toEqual([tenantId, other.id].sort());

      await api.account.switchTenant({ tenantId: other.id });
      const there = await api.admin.users.list();
      expect(there.map((m) => m.userId).sort()).toEqual([user.id, colleague.id].sort());
      expect((await api.account.me()).tenant?.id).toBe(other.id);
      expect((await sessionRow(session.id)).activeTenantId).toBe(other.id);
      const audit = await db.sql<{ action: string; actor_user_id: string }>(
        `select action, actor_user_id from audit_entry where tenant_id = ? and action = 'session.tenant.switched'`,
        [other.id],
      );
      expect(audit).toEqual([{ action: 'session.tenant.switched', actor_user_id: user.id }]);

      const refused = await failureOf(api.account.switchTenant({ tenantId: stranger.id }));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
      expect((await api.account.me()).tenant?.id).toBe(other.id);

      // Losing the active tenant's membership (without a revocation) leaves the user signed in
      // but with no tenant: tenant procedures answer NO_ACTIVE_TENANT, never the old tenant's data.
      await (await db.em(other.id)).nativeDelete(MembershipSchema, { userId: user.id });
      const f = await failureOf(api.admin.users.list());
      expect(f).toMatchObject({ code: 'FORBIDDEN', appCode: 'NO_ACTIVE_TENANT' });
    });
  });
});
