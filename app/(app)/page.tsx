import { notFound } from 'next/navigation';
import { serverContext } from '@/server/trpc/server-caller';
import { getT } from '../_lib/server-i18n';
import { Slot } from '../_components/slot';
import { CustomersByTier } from './_widgets/customers-by-tier';
import { MyTasksWidget } from './_widgets/my-tasks';
import { RecentInteractionsWidget } from './_widgets/recent-interactions';

export async function generateMetadata() {
  const t = await getT('dashboard');
  return { title: t('title') };
}

export default async function DashboardPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('dashboard.view')) notFound();
  const t = await getT('dashboard');
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('greeting', { name: ctx.session?.user.name ?? '' })}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="core-widgets">
        <MyTasksWidget />
        <RecentInteractionsWidget />
        <CustomersByTier />
      </div>
      <Slot name="dashboard.widgets" className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" />
      <p className="text-xs text-slate-400" data-testid="dashboard-hint">
        {t('hint')}
      </p>
    </div>
  );
}
