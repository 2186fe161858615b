import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ActivitiesAdmin } from './activities-admin';

export async function generateMetadata() {
  const t = await getT('activities');
  return { title: t('title') };
}

export default async function ActivitiesPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('activities.manage')) notFound();
  const page = await (await api()).activities.list({ cursor: null, limit: 25 });
  const t = await getT('activities');
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <ActivitiesAdmin initial={page} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'} />
    </div>
  );
}
