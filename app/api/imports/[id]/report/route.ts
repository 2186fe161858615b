import { DomainError } from '@/server/errors';
import { guardRoute, jsonError } from '@/server/services/imports/route-guard';
import { errorReport, reportFileName } from '@/server/services/imports/service';

export const dynamic = 'force-dynamic';

/** GET /api/imports/<id>/report — the rows that were not imported and why, as CSV. Needs customers.import. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const guarded = await guardRoute(req, ['customers.import']);
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  const { id } = await params;
  let name: string;
  try {
    name = await reportFileName(ctx, id.slice(0, 64));
  } catch (err) {
    if (err instanceof DomainError) return jsonError(ctx.locale, err.status === 'FORBIDDEN' ? 403 : 404, err.code, err.messageKey, err.values as Record<string, string | number>);
    throw err;
  }
  const lines = errorReport(ctx, id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="report.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    },
  });
}
