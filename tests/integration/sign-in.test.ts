/**
 * Sign-in through the real next-auth credentials provider: argon2 verification, a user_session
 * per sign-in, and throttling per account (5 failures / 15 min) and per IP (4× that), recorded
 * in sign_in_attempt and in the audit log. (The 429 answer is the auth route's job.)
 */
import type { RequestInternal, User } from 'next-auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignInAttemptSchema, UserSchema, UserSessionSchema } from '@/server/db/entities';
import { env } from '@/server/env';
import { authOptions, SignInLocked } from '@/server/auth/options';
import { SYSTEM_TENANT, verifyAuditChain } from '@/server/services/audit';
import { addMember, createTenant, createUser, forEachDatabase, TEST_PASSWORD, uid } from '../support/db';

type Authorize = (credentials: Record<string, string> | undefined, req: Pick<RequestInternal, 'headers'>) => Promise<(User & { sid?: string }) | null>;

/** next-auth v4 keeps the user's options (with the real `authorize`) under `.options`. */
function authorize(): Authorize {
  const provider = authOptions().providers[0] as unknown as { id: string; options: { authorize: Authorize } };
  expect(provider.id).toBe('credentials');
  return provider.options.authorize;
}

function attempt(email: string, password: string, ip: string) {
  return authorize()({ email, password }, { headers: { 'x-forwarded-for': ip, 'user-agent': 'vitest' } });
}

/** A documentation-range IPv4 address no other test uses. */
let ipSeq = 0;
const freshIp = () => `198.51.100.${++ipSeq}`;

forEachDatabase((db) => {
  let tenantId: string;

  beforeAll(async () => {
    tenantId = (await createTenant(`Sign-in ${db.driver}`)).id;
  });

  async function account(opts: { disabled?: boolean } = {}) {
    const user = await createUser(`${uid('u-')}@example.test`, TEST_PASSWORD, opts);
    await addMember(tenantId, user.id, ['rep']);
    return user;
  }

  async function failedAttemptsOf(email: string) {
    return db.sql<{ ip: string }>('select ip from sign_in_attempt where email = ? and success = ?', [email, db.driver === 'sqlite' ? 0 : false]);
  }

  async function failureAudits(email: string) {
    const rows = await db.sql<{ changes: unknown; action: string }>(`select action, changes from audit_entry where tenant_id = ? and action = 'auth.signin.failed'`, [SYSTEM_TENANT]);
    return rows
      .map((r) => ({ ...r, changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as { email: string; reason: string } }))
      .filter((r) => r.changes.email === email);
  }

  it('the right password signs in: a session row in the user’s tenant, audited', async () => {
    const user = await account();
    const result = await attempt(user.email.toUpperCase(), TEST_PASSWORD, freshIp());
    expect(result).toMatchObject({ id: user.id, email: user.email });
    const em = await db.em();
    const session = await em.findOneOrFail(UserSessionSchema, { id: result!.sid! });
    expect(session).toMatchObject({ userId: user.id, activeTenantId: tenantId, revokedAt: null });
    expect((await em.findOneOrFail(UserSchema, { id: user.id })).lastSignInAt).toBeInstanceOf(Date);
    const audit = await db.sql(`select actor_user_id from audit_entry where tenant_id = ? and action = 'auth.signin.succeeded'`, [tenantId]);
    expect(audit).toContainEqual({ actor_user_id: user.id });
  });

  it('five wrong passwords lock the account: the sixth try fails even with the right password, from any IP', async () => {
    const user = await account();
    const ip = freshIp();
    const max = env().SIGNIN_MAX_FAILURES;
    for (let i = 0; i < max; i++) expect(await attempt(user.email, `wrong-password-${i}`, ip)).toBeNull();

    await expect(attempt(user.email, TEST_PASSWORD, ip)).rejects.toBeInstanceOf(SignInLocked);
    await expect(attempt(user.email, TEST_PASSWORD, freshIp())).rejects.toBeInstanceOf(SignInLocked);

    // Failures are recorded (locked tries are refused before they count) and audited.
    expect(await failedAttemptsOf(user.email)).toHaveLength(max);
    const audits = await failureAudits(user.email);
    expect(audits).toHaveLength(max);
    expect(audits.every((a) => a.changes.reason === 'bad-password')).toBe(true);
    expect((await db.sql(`select id from user_session where user_id = ?`, [user.id])).length).toBe(0);
    expect(await verifyAuditChain(await db.em(), SYSTEM_TENANT)).toMatchObject({ intact: true });
  });

  it('a different account is not locked, from another IP or from the same one', async () => {
    const locked = await account();
    const ip = freshIp();
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES; i++) await attempt(locked.email, 'wrong-password', ip);
    await expect(attempt(locked.email, TEST_PASSWORD, ip)).rejects.toBeInstanceOf(SignInLocked);

    const other = await account();
    expect(await attempt(other.email, TEST_PASSWORD, freshIp())).toMatchObject({ id: other.id });
    const neighbour = await account();
    expect(await attempt(neighbour.email, TEST_PASSWORD, ip)).toMatchObject({ id: neighbour.id });
  });

  it('the lock lifts once the failures leave the window', async () => {
    const user = await account();
    const ip = freshIp();
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES; i++) await attempt(user.email, 'wrong-password', ip);
    await expect(attempt(user.email, TEST_PASSWORD, ip)).rejects.toBeInstanceOf(SignInLocked);
    const past = new Date(Date.now() - (env().SIGNIN_WINDOW_MINUTES * 60_000 + 1000));
    await (await db.em()).nativeUpdate(SignInAttemptSchema, { email: user.email }, { at: past });
    expect(await attempt(user.email, TEST_PASSWORD, ip)).toMatchObject({ id: user.id });
  });

  describe('per IP', () => {
    it('many failures from one IP across accounts lock that IP for everyone, not other IPs', async () => {
      const ip = freshIp();
      const max = env().SIGNIN_MAX_FAILURES;
      // 4 × max failures spread over unknown accounts: no single account reaches its own limit.
      for (let a = 0; a < 5; a++) {
        const email = `${uid('ghost-')}@example.test`;
        for (let i = 0; i < (4 * max) / 5; i++) expect(await attempt(email, 'guess', ip)).toBeNull();
      }
      const victim = await account();
      await expect(attempt(victim.email, TEST_PASSWORD, ip)).rejects.toBeInstanceOf(SignInLocked);
      expect(await attempt(victim.email, TEST_PASSWORD, freshIp())).toMatchObject({ id: victim.id });
    });
  });

  it('a disabled account cannot sign in with the right password, and the reason is audited', async () => {
    const user = await account({ disabled: true });
    expect(await attempt(user.email, TEST_PASSWORD, freshIp())).toBeNull();
    expect((await failureAudits(user.email)).map((a) => a.changes.reason)).toEqual(['disabled']);
  });

  it('an unknown account fails like a wrong password, and blank or oversized input is refused early', async () => {
    const email = `${uid('nobody-')}@example.test`;
    expect(await attempt(email, TEST_PASSWORD, freshIp())).toBeNull();
    expect((await failureAudits(email)).map((a) => a.changes.reason)).toEqual(['unknown-account']);
    expect(await attempt('', TEST_PASSWORD, freshIp())).toBeNull();
    expect(await attempt(email, 'x'.repeat(5000), freshIp())).toBeNull();
    expect(await failedAttemptsOf(email)).toHaveLength(1);
  });
});
