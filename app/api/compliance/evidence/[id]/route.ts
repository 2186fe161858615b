import { readConsentEvidence } from '@/server/services/compliance/evidence';
import { errorResponse, fileResponse, guardComplianceRoute } from '@/server/services/compliance/routes';
import { inTransaction } from '@/server/services/imports/route-guard';

export const dynamic = 'force-dynamic';

/** GET /api/compliance/evidence/<id> — the evidence file (consent.read, the person visible to the member); audited. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const guarded = await guardComplianceRoute(req, 'consent.read');
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  try {
    const { id } = await params;
    const file = await inTransaction(ctx, (tx) => readConsentEvidence(tx, id.slice(0, 64)));
    return fileResponse(file.data, file.fileName, file.mimeType);
  } catch (err) {
    return errorResponse(ctx, err, 'consent evidence download');
  }
}
