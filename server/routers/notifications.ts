import { z } from 'zod';
import { listNotifications, markRead, unreadCount } from '@/server/services/notifications';
import { router, tenantProcedure } from '@/server/trpc/init';

/** Every member reads and clears only their own notifications in the active tenant. */
export const notificationsRouter = router({
  list: tenantProcedure
    .input(z.strictObject({ unreadOnly: z.boolean(), before: z.object({ at: z.date(), id: z.string().max(36) }).nullish() }))
    .query(({ ctx, input }) => listNotifications(ctx.em, ctx.session.user.id, { unreadOnly: input.unreadOnly, before: input.before ?? null })),
  unreadCount: tenantProcedure.query(({ ctx }) => unreadCount(ctx.em, ctx.session.user.id)),
  markRead: tenantProcedure
    .input(z.strictObject({ ids: z.array(z.string().max(36)).min(1).max(200) }).or(z.strictObject({ all: z.literal(true) })))
    .mutation(async ({ ctx, input }) => ({ updated: await markRead(ctx.em, ctx.session.user.id, 'all' in input ? 'all' : input.ids) })),
});
