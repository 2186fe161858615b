import { translatorFor } from '@/server/i18n/catalog';
import type { Locale } from '@/server/i18n/locales';
import { localeFromAcceptLanguage } from '@/server/i18n/locales';
import type { TenantContext } from '@/server/services/context-types';
import { createContext } from '@/server/trpc/context';
import { allowedOrigins } from '@/server/trpc/http';
import { releaseAfterCommit } from '@/server/trpc/release';

/**
 * The checks every import/export route handler makes itself (no proxy decides for it): a live
 * session, an active company, the permissions the route needs — then the handler runs in one
 * transaction, releasing its jobs after commit, exactly like a tRPC mutation.
 */

export function jsonError(locale: Locale, status: number, appCode: string, key: string, values?: Record<string, string | number>): Response {
  const message = translatorFor(locale)(key, values);
  return Response.json({ error: { message, appCode } }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Uploads are not JSON, so the tRPC CSRF rule does not apply: they must be sent as
 * application/octet-stream (a cross-site form cannot, and a cross-site fetch with it is preflighted
 * and refused), and a present Origin must be ours.
 */
export function uploadRefusal(req: Request): boolean {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/octet-stream') return true;
  const origin = req.headers.get('origin');
  if (origin && !allowedOrigins(req).has(origin)) return true;
  const site = req.headers.get('sec-fetch-site');
  return !!site && site !== 'same-origin' && site !== 'none' && !origin;
}

type Guarded = { ok: true; ctx: TenantContext } | { ok: false; response: Response };

export async function guardRoute(req: Request, permissions: string[]): Promise<Guarded> {
  const ctx = await createContext(req.headers);
  const anonymous = localeFromAcceptLanguage(req.headers.get('accept-language'));
  if (!ctx.session) {
    return { ok: false, response: ctx.sessionEnded ? jsonError(anonymous, 401, 'SESSION_ENDED', 'errors.sessionEnded', { reason: ctx.sessionEnded }) : jsonError(anonymous, 401, 'UNAUTHENTICATED', 'errors.unauthenticated') };
  }
  if (!ctx.tenant || !ctx.membership) return { ok: false, response: jsonError(ctx.locale, 403, 'NO_ACTIVE_TENANT', 'errors.noTenant') };
  const missing = permissions.find((p) => !ctx.permissions.has(p));
  if (missing) return { ok: false, response: jsonError(ctx.locale, 403, 'FORBIDDEN', 'errors.forbidden', { permission: missing }) };
  return { ok: true, ctx: ctx as TenantContext };
}

/** Runs `fn` in one transaction with the route's context; its queued jobs leave after commit. */
export async function inTransaction<T>(ctx: TenantContext, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await ctx.em.transactional((em) => fn({ ...ctx, em }));
  } catch (err) {
    ctx.afterCommit.discard();
    throw err;
  }
  await releaseAfterCommit(ctx.afterCommit);
  return result;
}
