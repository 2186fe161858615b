import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-policy';
import { LOCALES } from '@/server/i18n/locales';
import { changeMyPassword, myTenants, setMyLocale, signOutEverywhere, switchTenant } from '@/server/services/account';
import { navFor } from '@/server/services/navigation';
import { authedProcedure, router } from '@/server/trpc/init';

export const accountRouter = router({
  /** Who am I, where am I working, what may I do: the shell renders from this. */
  me: authedProcedure.query(async ({ ctx }) => ({
    user: ctx.session.user,
    locale: ctx.locale,
    tenant: ctx.tenant ? { id: ctx.tenant.id, name: ctx.tenant.name, slug: ctx.tenant.slug } : null,
    roles: ctx.membership?.roles ?? [],
    permissions: [...ctx.permissions].sort(),
    nav: await navFor(ctx),
  })),
  /** The cheapest authenticated call: the framework floor for benchmarks. */
  ping: authedProcedure.query(() => ({ ok: true as const })),
  tenants: authedProcedure.query(({ ctx }) => myTenants(ctx)),
  switchTenant: authedProcedure.input(z.object({ tenantId: z.string().min(1).max(36) })).mutation(({ ctx, input }) => switchTenant(ctx, input.tenantId)),
  setLocale: authedProcedure.input(z.object({ locale: z.enum(LOCALES) })).mutation(({ ctx, input }) => setMyLocale(ctx, input.locale)),
  signOutEverywhere: authedProcedure.mutation(({ ctx }) => signOutEverywhere(ctx)),
  changePassword: authedProcedure
    .input(z.object({ current: z.string().min(1).max(1024), next: z.string().min(MIN_PASSWORD_LENGTH).max(1024) }))
    .mutation(({ ctx, input }) => changeMyPassword(ctx, input.current, input.next)),
});
