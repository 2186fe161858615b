import { readDsrBundle } from '@/server/services/compliance/dsr';
import { errorResponse, fileResponse, guardComplianceRoute } from '@/server/services/compliance/routes';
import { inTransaction } from '@/server/services/imports/route-guard';

export const dynamic = 'force-dynamic';

/** GET /api/compliance/dsr/<id>/bundle — the access request's zip (dsr.manage); every download is audited. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const guarded = await guardComplianceRoute(req, 'dsr.manage');
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  try {
    const { id } = await params;
    const file = await inTransaction(ctx, (tx) => readDsrBundle(tx, id.slice(0, 64)));
    return fileResponse(file.data, file.fileName, 'application/zip');
  } catch (err) {
    return errorResponse(ctx, err, 'dsr bundle download');
  }
}
