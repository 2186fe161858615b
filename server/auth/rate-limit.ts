import type { EntityManager } from '@mikro-orm/core';
import { SignInAttemptSchema } from '@/server/db/entities';
import { env } from '@/server/env';

/** Failures allowed per IP in the window: higher than per account, since a hospital shares one NAT address. */
const IP_FACTOR = 4;

export interface LockState {
  locked: boolean;
  retryAfterSeconds: number;
}

/**
 * Sign-in throttling from the sign_in_attempt table, so every web server sees the same counts.
 * Locked when an account, or an IP, has too many failures inside the window.
 */
export async function signInLockState(em: EntityManager, email: string, ip: string): Promise<LockState> {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_MINUTES: minutes } = env();
  const since = new Date(Date.now() - minutes * 60_000);
  const [byAccount, byIp] = await Promise.all([
    em.find(SignInAttemptSchema, { email, success: false, at: { $gte: since } }, { orderBy: { at: 'asc' }, fields: ['at'], limit: max }),
    em.count(SignInAttemptSchema, { ip, success: false, at: { $gte: since } }),
  ]);
  const accountLocked = byAccount.length >= max;
  const ipLocked = byIp >= max * IP_FACTOR;
  if (!accountLocked && !ipLocked) return { locked: false, retryAfterSeconds: 0 };
  // The lock lifts when the oldest counted failure leaves the window.
  const oldest = byAccount[0]?.at ?? since;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + minutes * 60_000 - Date.now()) / 1000));
  return { locked: true, retryAfterSeconds: accountLocked ? retryAfterSeconds : minutes * 60 };
}

export async function recordSignInAttempt(em: EntityManager, email: string, ip: string, success: boolean): Promise<void> {
  em.create(SignInAttemptSchema, { email, ip, success, at: new Date() });
  await em.flush();
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
