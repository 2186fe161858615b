import { z } from 'zod';
import { LIST_ENTITIES } from '@/server/db/entities';
import { exportRequestInput } from '@/server/services/exports/filters';
import { createExport, exportOptions, getExport, listMyExports } from '@/server/services/exports/service';
import { requirePermission, router } from '@/server/trpc/init';

/**
 * Exports of filtered lists. Every procedure needs customers.export; the list's read permission
 * (and customers.unmask for an unmasked file) is checked by the service. The file is fetched from
 * GET /api/exports/<id>, by its requester only.
 */
const id = z.string().min(1).max(64);
const canExport = requirePermission('customers.export');

export const exportsRouter = router({
  options: canExport.input(z.object({ entity: z.enum(LIST_ENTITIES) })).query(({ ctx, input }) => exportOptions(ctx, input.entity)),
  create: canExport.input(exportRequestInput).mutation(({ ctx, input }) => createExport(ctx, input)),
  get: canExport.input(z.object({ id })).query(({ ctx, input }) => getExport(ctx, input.id)),
  mine: canExport
    // The list the dialog was opened from, or null for every list.
    .input(z.object({ entity: z.enum(LIST_ENTITIES).nullable() }))
    .query(({ ctx, input }) => listMyExports(ctx, input.entity)),
});
