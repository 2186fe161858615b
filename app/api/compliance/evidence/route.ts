import { inTransaction, uploadRefusal, jsonError } from '@/server/services/imports/route-guard';
import { EVIDENCE_MAX_BYTES, storeConsentEvidence } from '@/server/services/compliance/evidence';
import { errorResponse, guardComplianceRoute } from '@/server/services/compliance/routes';

export const dynamic = 'force-dynamic';

/**
 * POST /api/compliance/evidence?personId=… — a consent evidence file (signed form, scan,
 * recording) as the raw body (application/octet-stream), its name in X-File-Name and its type in
 * X-File-Type (both URI-encoded). Answers { id, fileName, sha256, sizeBytes }. Needs consent.write.
 */
export async function POST(req: Request) {
  const guarded = await guardComplianceRoute(req, 'consent.write');
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  if (uploadRefusal(req)) return jsonError(ctx.locale, 403, 'CSRF_REJECTED', 'errors.csrf');
  const personId = new URL(req.url).searchParams.get('personId') ?? '';
  if (!/^[A-Za-z0-9-]{1,64}$/.test(personId)) return jsonError(ctx.locale, 400, 'VALIDATION', 'errors.malformed');
  if (Number(req.headers.get('content-length') ?? 0) > EVIDENCE_MAX_BYTES) return jsonError(ctx.locale, 413, 'EVIDENCE_TOO_LARGE', 'consent.errors.evidenceTooLarge', { max: EVIDENCE_MAX_BYTES / 1024 / 1024 });
  const decode = (v: string | null) => {
    try {
      return decodeURIComponent(v ?? '');
    } catch {
      return '';
    }
  };
  try {
    const data = Buffer.from(await req.arrayBuffer());
    const stored = await inTransaction(ctx, (tx) => storeConsentEvidence(tx, { personId, fileName: decode(req.headers.get('x-file-name')), mimeType: decode(req.headers.get('x-file-type')), data }));
    return Response.json(stored, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return errorResponse(ctx, err, 'consent evidence upload');
  }
}
