import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-policy';
import { acceptInvitation, describeInvitation } from '@/server/services/users';
import { publicProcedure, router } from '@/server/trpc/init';

const token = z.string().min(20).max(100);

/** Public: the invitation link is the credential (one-time, expiring, stored hashed). */
export const inviteRouter = router({
  describe: publicProcedure.input(z.object({ token })).query(({ input }) => describeInvitation(input.token)),
  accept: publicProcedure
    .input(z.object({ token, name: z.string().trim().min(1).max(200).optional(), password: z.string().min(MIN_PASSWORD_LENGTH).max(1024) }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx, input)),
});
