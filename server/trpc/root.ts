import { listPlugins } from '@/server/plugins/host';
import { accountRouter } from '@/server/routers/account';
import { adminRouter } from '@/server/routers/admin';
import { inviteRouter } from '@/server/routers/invite';
import { router } from './init';

/** Core routers plus each registered plugin's router, mounted under `plugins.<pluginId>`. */
function pluginRouters() {
  const out: Record<string, NonNullable<ReturnType<typeof listPlugins>[number]['server']['router']>> = {};
  for (const p of listPlugins()) if (p.server.router) out[p.manifest.id] = p.server.router;
  return router(out);
}

export const appRouter = router({
  account: accountRouter,
  admin: adminRouter,
  invite: inviteRouter,
  plugins: pluginRouters(),
});

export type AppRouter = typeof appRouter;
