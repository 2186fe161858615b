import { exportAuditCsv, parseAuditQuery } from '@/server/services/compliance/audit-export';
import { errorResponse, guardComplianceRoute } from '@/server/services/compliance/routes';
import { jsonError } from '@/server/services/imports/route-guard';

export const dynamic = 'force-dynamic';

/**
 * GET /api/compliance/audit/export?actor=…&entity=…&entityId=…&action=…&from=…&to=… — the
 * filtered audit log as CSV, streamed in pages (audit.read). The export itself is audited.
 */
export async function GET(req: Request) {
  const guarded = await guardComplianceRoute(req, 'audit.read');
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  const filter = parseAuditQuery(new URL(req.url).searchParams);
  if (!filter) return jsonError(ctx.locale, 400, 'VALIDATION', 'errors.malformed');
  try {
    return await exportAuditCsv(ctx, filter);
  } catch (err) {
    return errorResponse(ctx, err, 'audit export');
  }
}
