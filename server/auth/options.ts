import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { UserSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { env } from '@/server/env';
import { recordAudit, SYSTEM_TENANT } from '@/server/services/audit';
import { dummyHash, verifyPassword } from './password';
import { normaliseEmail, recordSignInAttempt, signInLockState } from './rate-limit';
import { createUserSession, revokeSession } from './sessions';
import { clientIp } from './request-meta';

export function authSecret(): string {
  const secret = env().NEXTAUTH_SECRET;
  if (secret) return secret;
  if (process.env.NODE_ENV === 'production') throw new Error('NEXTAUTH_SECRET must be set in production (npm run demo sets one)');
  return 'rapport-development-secret-change-me';
}

/** Thrown inside authorize when the account or IP is locked; the route answers 429 before this. */
export class SignInLocked extends Error {}

/**
 * next-auth with email + password. The JWT holds only `sid`, the id of a user_session row; every
 * request re-checks that row (server/auth/sessions.ts), which is what makes revocation work.
 */
let cached: NextAuthOptions | undefined;
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}

function buildOptions(): NextAuthOptions {
  return {
  secret: authSecret(),
  session: { strategy: 'jwt', maxAge: env().SESSION_ABSOLUTE_HOURS * 3600 },
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const email = normaliseEmail(String(credentials?.email ?? ''));
        const password = String(credentials?.password ?? '');
        const headers = new Headers(req?.headers as Record<string, string> | undefined);
        const ip = clientIp(headers);
        if (!email || !password || email.length > 254 || password.length > 1024) return null;
        const em = await forkEm();
        if ((await signInLockState(em, email, ip)).locked) throw new SignInLocked('locked');
        const user = await em.findOne(UserSchema, { email }, { populate: ['passwordHash'] });
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
        await recordSignInAttempt(em, email, ip, Boolean(user && ok && !user.disabledAt));
        if (!user || !ok || user.disabledAt) {
          await recordAudit(em, {
            tenantId: SYSTEM_TENANT,
            actorUserId: user?.id ?? null,
            action: 'auth.signin.failed',
            entity: 'User',
            entityId: user?.id ?? null,
            changes: { email, reason: !user ? 'unknown-account' : user.disabledAt ? 'disabled' : 'bad-password' },
            ip,
          });
          return null;
        }
        const session = await createUserSession(em, user, { ip, userAgent: headers.get('user-agent') });
        user.lastSignInAt = new Date();
        await em.flush();
        await recordAudit(em, {
          tenantId: session.activeTenantId ?? SYSTEM_TENANT,
          actorUserId: user.id,
          action: 'auth.signin.succeeded',
          entity: 'UserSession',
          entityId: session.id,
          ip,
        });
        return { id: user.id, email: user.email, name: user.name, sid: session.id };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user && 'sid' in user) token.sid = (user as { sid: string }).sid;
      return token;
    },
    async session({ session }) {
      // The client only learns that it is signed in; identity and tenant come from tRPC.
      return { expires: session.expires };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === 'string') {
        const em = await forkEm();
        await revokeSession(em, token.sid, 'signed_out');
      }
    },
  },
  };
}
