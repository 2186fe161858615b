import { stringify } from 'csv-stringify/sync';
import { UserSchema } from '@/server/db/entities';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { auditPage, type AuditFilter } from './audit-log';
import { complianceAuditMeta } from './shared';

const PAGE = 1000;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The export's filters from the query string; null when one is malformed. */
export function parseAuditQuery(q: URLSearchParams): AuditFilter | null {
  const date = (v: string | null) => {
    if (!v) return null;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  const actor = q.get('actor');
  const action = q.get('action');
  const entity = q.get('entity');
  const entityId = q.get('entityId');
  const from = date(q.get('from'));
  const to = date(q.get('to'));
  if ((actor && !ID.test(actor)) || (action && !/^[a-z][a-z0-9_.-]{0,99}$/.test(action)) || (entity && entity.length > 100) || (entityId && entityId.length > 100) || from === undefined || to === undefined) return null;
  return { actorUserId: actor || null, action: action || null, entity: entity || null, entityId: entityId || null, from, to };
}

/**
 * Streams the filtered log as CSV (UTF-8 with BOM), newest first, a page at a time, so a large
 * log never sits in memory. Includes the hash columns, so the file can be checked offline.
 */
export async function exportAuditCsv(ctx: TenantContext, filter: AuditFilter): Promise<Response> {
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'audit.exported', entity: 'AuditLog', entityId: ctx.tenant.id, changes: { filter: { ...filter, from: filter.from?.toISOString() ?? null, to: filter.to?.toISOString() ?? null } } });
  const columns = ['seq', 'at', 'actor', 'actor_email', 'action', 'entity', 'entity_id', 'changes', 'ip', 'request_id', 'prev_hash', 'hash'];
  const names = new Map<string, { name: string; email: string }>();
  let beforeSeq: number | null = null;
  let started = false;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('\ufeff' + stringify([columns])));
      }
      const rows = await auditPage(ctx.em, ctx.tenant.id, filter, { beforeSeq, limit: PAGE });
      const unknown = [...new Set(rows.flatMap((r) => (r.actorUserId && !names.has(r.actorUserId) ? [r.actorUserId] : [])))];
      if (unknown.length) for (const u of await ctx.em.find(UserSchema, { id: { $in: unknown } }, { fields: ['id', 'name', 'email'] })) names.set(u.id, { name: u.name, email: u.email });
      if (rows.length) {
        controller.enqueue(
          encoder.encode(
            stringify(
              rows.map((r) => [
                r.seq,
                r.at.toISOString(),
                r.actorUserId ? (names.get(r.actorUserId)?.name ?? r.actorUserId) : '',
                r.actorUserId ? (names.get(r.actorUserId)?.email ?? '') : '',
                r.action,
                r.entity ?? '',
                r.entityId ?? '',
                r.changes ? JSON.stringify(r.changes) : '',
                r.ip ?? '',
                r.requestId ?? '',
                r.prevHash,
                r.hash,
              ]),
            ),
          ),
        );
      }
      if (rows.length < PAGE) controller.close();
      else beforeSeq = rows[rows.length - 1]!.seq;
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
