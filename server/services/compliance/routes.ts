import { DomainError } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { guardRoute, jsonError } from '@/server/services/imports/route-guard';

/**
 * The compliance route handlers (file downloads and uploads, CSV exports) check session, tenant
 * and permission themselves, through the same guard as the import/export routes; a refused
 * permission is an audit entry, as it is for tRPC procedures.
 */
export async function guardComplianceRoute(req: Request, permission: string): Promise<{ ok: true; ctx: TenantContext } | { ok: false; response: Response }> {
  const guarded = await guardRoute(req, []);
  if (!guarded.ok) return guarded;
  const { ctx } = guarded;
  if (!ctx.permissions.has(permission)) {
    await recordAudit(ctx.em, {
      tenantId: ctx.tenant.id,
      actorUserId: ctx.session.user.id,
      action: 'auth.permission.denied',
      entity: 'Route',
      entityId: new URL(req.url).pathname.slice(0, 100),
      changes: { code: 'FORBIDDEN', permission, type: req.method },
      ip: ctx.ip,
      requestId: ctx.requestId,
    }).catch((err) => log.error('could not audit a permission denial', { requestId: ctx.requestId, ...errorFields(err) }));
    return { ok: false, response: jsonError(ctx.locale, 403, 'FORBIDDEN', 'errors.forbidden', { permission }) };
  }
  return guarded;
}

const STATUS: Record<string, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PRECONDITION_FAILED: 412, PAYLOAD_TOO_LARGE: 413 };

/** A domain error as a translated JSON answer; anything else is logged once and answered 500. */
export function errorResponse(ctx: TenantContext, err: unknown, what: string): Response {
  if (err instanceof DomainError) return jsonError(ctx.locale, STATUS[err.status] ?? 400, err.code, err.messageKey, err.values as Record<string, string | number>);
  log.error(`${what} failed`, { requestId: ctx.requestId, ...errorFields(err) });
  return jsonError(ctx.locale, 500, 'INTERNAL_SERVER_ERROR', 'errors.internal');
}

/** A file answer that is never cached or sniffed, always downloaded. */
export function fileResponse(data: Buffer | string, fileName: string, contentType: string): Response {
  const body = typeof data === 'string' ? data : new Uint8Array(data);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
