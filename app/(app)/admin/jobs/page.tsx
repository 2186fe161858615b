import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { JobsAdmin } from './jobs-admin';

export async function generateMetadata() {
  const t = await getT('admin.jobs');
  return { title: t('title') };
}

/** The first snapshot and when it was taken, so server and browser render the same "last updated". */
async function loadOverview() {
  const overview = await (await api()).admin.jobs.overview();
  return { overview, fetchedAt: Date.now() };
}

export default async function JobsPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('jobs.manage')) notFound();
  const { overview, fetchedAt } = await loadOverview();
  const t = await getT('admin.jobs');
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <JobsAdmin initialOverview={overview} fetchedAt={fetchedAt} />
    </div>
  );
}
