import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';
import { normaliseEmail, signInLockState } from '@/server/auth/rate-limit';
import { clientIp } from '@/server/auth/request-meta';
import { forkEm } from '@/server/db/orm';
import { translatorFor } from '@/server/i18n/catalog';
import { localeFromAcceptLanguage } from '@/server/i18n/locales';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: RouteContext) {
  return NextAuth(authOptions())(req, ctx);
}

/**
 * Sign-in is rate limited before next-auth sees the request, so a locked account or IP gets a
 * 429 with a translated message (the credentials callback would only say "failed").
 */
async function post(req: Request, ctx: RouteContext) {
  const { nextauth } = await ctx.params;
  if (nextauth.join('/') === 'callback/credentials') {
    const form = await req.clone().formData().catch(() => null);
    const email = normaliseEmail(String(form?.get('email') ?? ''));
    const lock = await signInLockState(await forkEm(), email, clientIp(req.headers));
    if (lock.locked) {
      const t = translatorFor(localeFromAcceptLanguage(req.headers.get('accept-language')));
      const minutes = Math.ceil(lock.retryAfterSeconds / 60);
      const url = new URL('/signin?error=RateLimited', req.url).toString();
      return Response.json(
        { url, error: 'RateLimited', message: t('auth.locked', { minutes }) },
        { status: 429, headers: { 'Retry-After': String(lock.retryAfterSeconds) } },
      );
    }
  }
  return handler(req, ctx);
}

export { handler as GET, post as POST };
