import { z } from 'zod';
import { IMPORT_ENTITIES } from '@/server/db/entities';
import { cancelImport, getImport, importFields, importProblems, inspectImport, listImports, previewImport, startImport } from '@/server/services/imports/service';
import { requirePermission, router } from '@/server/trpc/init';

/**
 * Imports: the file itself arrives through POST /api/imports (a route handler: tRPC bodies are
 * JSON and capped at 1 MB); everything after — mapping, preview, start, progress, cancel, the
 * problems list — is here. Every procedure needs customers.import; the entity's write permission
 * is checked per import by the service.
 */
const id = z.string().min(1).max(64);
/** Header text → field key; headers are ≤ 200 characters (longer ones are cut when the file is read). */
const mapping = z.record(z.string().min(1).max(220), z.string().min(1).max(80)).refine((m) => Object.keys(m).length <= 200, { message: 'too many columns' });

const canImport = requirePermission('customers.import');

export const importsRouter = router({
  list: canImport
    .input(z.object({ cursor: z.string().max(200).nullable(), limit: z.number().int().min(1).max(100) }))
    .query(({ ctx, input }) => listImports(ctx, input)),
  get: canImport.input(z.object({ id })).query(({ ctx, input }) => getImport(ctx, input.id)),
  fields: canImport.input(z.object({ entity: z.enum(IMPORT_ENTITIES) })).query(({ ctx, input }) => importFields(ctx, input.entity)),
  inspect: canImport.input(z.object({ id })).query(({ ctx, input }) => inspectImport(ctx, input.id)),
  // Writes nothing; a mutation only because a wide sheet's mapping is too long for a GET URL.
  preview: canImport.input(z.object({ id, mapping })).mutation(({ ctx, input }) => previewImport(ctx, input.id, input.mapping)),
  start: canImport.input(z.object({ id, mapping, remember: z.boolean().default(true) })).mutation(({ ctx, input }) => startImport(ctx, input.id, input.mapping, input.remember)),
  cancel: canImport.input(z.object({ id })).mutation(({ ctx, input }) => cancelImport(ctx, input.id)),
  problems: canImport.input(z.object({ id, limit: z.number().int().min(1).max(200) })).query(({ ctx, input }) => importProblems(ctx, input.id, input.limit)),
});
