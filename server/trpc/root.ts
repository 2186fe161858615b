import { listPlugins } from '@/server/plugins/host';
import { accountRouter } from '@/server/routers/account';
import { activitiesRouter } from '@/server/routers/activities';
import { adminRouter } from '@/server/routers/admin';
import { complianceRouter } from '@/server/routers/compliance';
import { consentSelfServiceRouter } from '@/server/routers/consent-self-service';
import { customersRouter } from '@/server/routers/customers';
import { exportsRouter } from '@/server/routers/exports';
import { importsRouter } from '@/server/routers/imports';
import { interactionsRouter } from '@/server/routers/interactions';
import { notificationsRouter } from '@/server/routers/notifications';
import { inviteRouter } from '@/server/routers/invite';
import { ordersRouter } from '@/server/routers/orders';
import { productsRouter } from '@/server/routers/products';
import { requirementsRouter } from '@/server/routers/requirements';
import { serviceRouter } from '@/server/routers/service';
import { tasksRouter } from '@/server/routers/tasks';
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
  customers: customersRouter,
  interactions: interactionsRouter,
  tasks: tasksRouter,
  products: productsRouter,
  orders: ordersRouter,
  service: serviceRouter,
  activities: activitiesRouter,
  requirements: requirementsRouter,
  compliance: complianceRouter,
  imports: importsRouter,
  exports: exportsRouter,
  notifications: notificationsRouter,
  /** Public: the signed self-service consent link is the credential. */
  consentSelfService: consentSelfServiceRouter,
  plugins: pluginRouters(),
});

export type AppRouter = typeof appRouter;
