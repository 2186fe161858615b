import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { env } from '@/server/env';
import { translatorFor } from '@/server/i18n/catalog';
import { localeFromAcceptLanguage } from '@/server/i18n/locales';
import { createContext } from './context';
import { appRouter } from './root';

const MAX_BODY_BYTES = 1_000_000;

/** Origins a state-changing request may come from: our own (as seen by the proxy), NEXTAUTH_URL, TRUSTED_ORIGINS. */
export function allowedOrigins(req: Request): Set<string> {
  const own = new URL(req.url).origin;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
  const set = new Set([own]);
  if (host) set.add(`${proto}://${host}`);
  if (env().NEXTAUTH_URL) set.add(new URL(env().NEXTAUTH_URL!).origin);
  for (const o of env().TRUSTED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean)) set.add(o);
  return set;
}

/**
 * CSRF defence for mutations (POST): only `application/json` bodies (a cross-site form or
 * text/plain "simple request" cannot send one without a preflight), and a present Origin must be
 * ours. Returns a reason when the request must be refused.
 */
export function csrfRefusal(req: Request): string | null {
  if (req.method !== 'POST') return null;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return 'content-type';
  const origin = req.headers.get('origin');
  if (origin && !allowedOrigins(req).has(origin)) return 'origin';
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none' && !origin) return 'cross-site';
  return null;
}

function refuse(req: Request, status: number, key: string, appCode: string): Response {
  const t = translatorFor(localeFromAcceptLanguage(req.headers.get('accept-language')));
  const body = { error: { json: { message: t(key), code: -32600, data: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'FORBIDDEN', httpStatus: status, appCode } } } };
  return Response.json(body, { status });
}

/** The tRPC endpoint: /api/trpc. */
export async function handleTrpc(req: Request): Promise<Response> {
  if (csrfRefusal(req)) return refuse(req, 403, 'errors.csrf', 'CSRF_REJECTED');
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return refuse(req, 413, 'errors.tooLarge', 'PAYLOAD_TOO_LARGE');
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createContext(req.headers),
    allowMethodOverride: false,
  });
}
