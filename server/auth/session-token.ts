import { decode } from 'next-auth/jwt';
import { authSecret } from './options';

const COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The `sid` inside the next-auth session cookie, or null when absent or invalid. */
export async function sessionIdFromCookies(cookieHeader: string | null): Promise<string | null> {
  if (!cookieHeader) return null;
  for (const name of COOKIE_NAMES) {
    const raw = readCookie(cookieHeader, name);
    if (!raw) continue;
    try {
      const token = await decode({ token: raw, secret: authSecret() });
      if (token && typeof token.sid === 'string') return token.sid;
    } catch {
      return null;
    }
  }
  return null;
}
