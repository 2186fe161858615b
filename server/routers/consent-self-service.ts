import { z } from 'zod';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from '@/server/db/entities';
import { selfServiceNotice, selfServiceView, selfServiceWithdraw } from '@/server/services/compliance/self-service';
import { publicProcedure, router } from '@/server/trpc/init';

/**
 * Public: a person's own consent page. The signed, expiring link is the only credential; the
 * tenant and the person come from it, never from the input.
 */
const token = z.string().min(40).max(600).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
const scope = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  productId: z.string().min(1).max(64).nullish(),
  contentType: z.string().trim().max(60).nullish(),
});

export const consentSelfServiceRouter = router({
  view: publicProcedure.input(z.object({ token })).query(({ input }) => selfServiceView(input.token)),
  notice: publicProcedure.input(z.object({ token, noticeId: z.string().min(1).max(64) })).query(({ input }) => selfServiceNotice(input.token, input.noticeId)),
  withdraw: publicProcedure
    .input(z.object({ token, scopes: z.union([z.literal('all'), z.array(scope).min(1).max(60)]) }))
    .mutation(({ ctx, input }) => selfServiceWithdraw(ctx, input.token, input.scopes)),
});
