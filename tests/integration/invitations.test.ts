/**
 * Invitations (public procedures: the one-time token is the credential): a new person creates
 * an account and joins; an existing account joins with its password; a token works once, and a
 * revoked, expired or unknown one does not.
 */
import { beforeAll, expect, it } from 'vitest';
import { InvitationSchema } from '@/server/db/entities';
import { callerFor, createTenantWithAdmin, createUser, failureOf, forEachDatabase, signIn, TEST_PASSWORD, uid, type Caller } from '../support/db';

forEachDatabase((db) => {
  let tenantId: string;
  let api: Caller;
  const anonymous = callerFor(null);

  beforeAll(async () => {
    const { tenant, admin } = await createTenantWithAdmin(`Invitations ${db.driver}`);
    tenantId = tenant.id;
    api = callerFor(await signIn(admin.id, tenant.id));
  });

  async function invite(email: string, roles: ('rep' | 'manager')[] = ['rep']) {
    const { id, path } = await api.admin.invitations.create({ email, roles });
    return { id, token: path.split('/').pop()! };
  }

  const membershipsOf = (email: string) =>
    db.sql<{ roles: unknown }>('select m.roles from membership m join app_user u on u.id = m.user_id where u.email = ? and m.tenant_id = ?', [email, tenantId]);

  it('a new person creates an account and joins with the invited roles, once', async () => {
    const email = `${uid('new-')}@example.test`;
    const { token } = await invite(email, ['manager']);
    expect(await anonymous.invite.describe({ token })).toMatchObject({ email, existingAccount: false, roles: ['manager'] });
    expect(await failureOf(anonymous.invite.accept({ token, password: 'long-enough-password' }))).toMatchObject({ appCode: 'NAME_REQUIRED' });
    await anonymous.invite.accept({ token, name: '新同事', password: 'long-enough-password' });
    expect(await membershipsOf(email)).toHaveLength(1);
    expect(await anonymous.invite.describe({ token })).toBeNull();
    expect(await failureOf(anonymous.invite.accept({ token, name: 'Again', password: 'long-enough-password' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'INVITATION_INVALID' });
    const audit = await db.sql(`select id from audit_entry where tenant_id = ? and action = 'invitation.accepted'`, [tenantId]);
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('an existing account joins only with its own password', async () => {
    const user = await createUser(`${uid('known-')}@example.test`);
    const { token } = await invite(user.email);
    expect(await anonymous.invite.describe({ token })).toMatchObject({ existingAccount: true });
    expect(await failureOf(anonymous.invite.accept({ token, password: 'not-the-password' }))).toMatchObject({ appCode: 'WRONG_PASSWORD' });
    expect(await membershipsOf(user.email)).toHaveLength(0);
    await anonymous.invite.accept({ token, password: TEST_PASSWORD });
    expect(await membershipsOf(user.email)).toHaveLength(1);
  });

  it('revoked, superseded, expired and unknown tokens do not work', async () => {
    const email = `${uid('late-')}@example.test`;
    const first = await invite(email);
    const second = await invite(email); // supersedes the first
    expect(await anonymous.invite.describe({ token: first.token })).toBeNull();
    await api.admin.invitations.revoke({ id: second.id });
    expect(await anonymous.invite.describe({ token: second.token })).toBeNull();

    const third = await invite(email);
    await (await db.em(tenantId)).nativeUpdate(InvitationSchema, { id: third.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await failureOf(anonymous.invite.accept({ token: third.token, name: 'Late', password: 'long-enough-password' }))).toMatchObject({ appCode: 'INVITATION_INVALID' });
    expect(await failureOf(anonymous.invite.accept({ token: 'x'.repeat(43), name: 'Nobody', password: 'long-enough-password' }))).toMatchObject({ appCode: 'INVITATION_INVALID' });
    expect(await membershipsOf(email)).toHaveLength(0);
    expect(await db.sql('select id from app_user where email = ?', [email])).toEqual([]);
  });
});
