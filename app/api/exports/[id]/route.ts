import fs from 'node:fs';
import { Readable } from 'node:stream';
import { exportFileFor } from '@/server/services/exports/service';
import { guardRoute, inTransaction, jsonError } from '@/server/services/imports/route-guard';

export const dynamic = 'force-dynamic';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * GET /api/exports/<id> — the export's file, for the user who asked for it (anyone else gets 404),
 * while it has not expired. Needs customers.export; each download is audited.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const guarded = await guardRoute(req, ['customers.export']);
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  const { id } = await params;
  const file = await inTransaction(ctx, (tx) => exportFileFor(tx, id.slice(0, 64)));
  if (!file) return jsonError(ctx.locale, 404, 'NOT_FOUND', 'exports.errors.notAvailable');
  const size = fs.statSync(file.path).size;
  const body = Readable.toWeb(fs.createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'Content-Type': TYPES[file.format],
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="export.${file.format}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Cache-Control': 'no-store',
    },
  });
}
