import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { IMPORT_ENTITIES, type ImportEntity } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { maxUploadBytes } from '@/server/services/imports/files';
import { guardRoute, inTransaction, jsonError, uploadRefusal } from '@/server/services/imports/route-guard';
import { receiveUpload } from '@/server/services/imports/service';

export const dynamic = 'force-dynamic';

/**
 * POST /api/imports?entity=person — the file as the raw body (application/octet-stream), its name
 * in the X-File-Name header (URI-encoded). Answers { id } of the new import, whose mapping screen
 * the wizard opens next. Needs customers.import and the entity's write permission.
 */
export async function POST(req: Request) {
  const guarded = await guardRoute(req, ['customers.import']);
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  if (uploadRefusal(req)) return jsonError(ctx.locale, 403, 'CSRF_REJECTED', 'errors.csrf');
  const entity = new URL(req.url).searchParams.get('entity');
  if (!entity || !(IMPORT_ENTITIES as readonly string[]).includes(entity)) return jsonError(ctx.locale, 400, 'VALIDATION', 'imports.errors.entity');
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > maxUploadBytes()) return jsonError(ctx.locale, 413, 'FILE_TOO_LARGE', 'imports.errors.tooLarge', { max: Math.round(maxUploadBytes() / 1024 / 1024) });
  if (!req.body) return jsonError(ctx.locale, 400, 'EMPTY_FILE', 'imports.failures.empty');
  let name: string | null = null;
  try {
    name = decodeURIComponent(req.headers.get('x-file-name') ?? '');
  } catch {
    name = null;
  }
  try {
    const body = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);
    const result = await inTransaction(ctx, (tx) => receiveUpload(tx, entity as ImportEntity, name, body));
    return Response.json(result, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (err instanceof DomainError) {
      const status = err.status === 'PAYLOAD_TOO_LARGE' ? 413 : err.status === 'FORBIDDEN' ? 403 : 400;
      return jsonError(ctx.locale, status, err.code, err.messageKey, err.values as Record<string, string | number>);
    }
    log.error('import upload failed', { requestId: ctx.requestId, ...errorFields(err) });
    return jsonError(ctx.locale, 500, 'INTERNAL_SERVER_ERROR', 'errors.internal');
  }
}
