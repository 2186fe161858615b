import { IMPORT_ENTITIES, type ImportEntity } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { translatorFor } from '@/server/i18n/catalog';
import { guardRoute, jsonError } from '@/server/services/imports/route-guard';
import { importTemplate } from '@/server/services/imports/service';

export const dynamic = 'force-dynamic';

/** GET /api/imports/template?entity=person — an empty CSV with the entity's columns, in the reader's language. */
export async function GET(req: Request) {
  const guarded = await guardRoute(req, ['customers.import']);
  if (!guarded.ok) return guarded.response;
  const { ctx } = guarded;
  const entity = new URL(req.url).searchParams.get('entity');
  if (!entity || !(IMPORT_ENTITIES as readonly string[]).includes(entity)) return jsonError(ctx.locale, 400, 'VALIDATION', 'imports.errors.entity');
  try {
    const csv = await importTemplate(ctx, entity as ImportEntity);
    const name = `${translatorFor(ctx.locale)(`imports.templateName.${entity}`)}.csv`;
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="template.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return jsonError(ctx.locale, 403, err.code, err.messageKey, err.values as Record<string, string | number>);
    throw err;
  }
}
