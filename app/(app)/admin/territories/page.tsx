import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { TerritoriesAdmin } from './territories-admin';

export async function generateMetadata() {
  const t = await getT('territories');
  return { title: t('title') };
}

export default async function TerritoriesPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('territories.manage')) notFound();
  const caller = await api();
  const [tree, users] = await Promise.all([caller.customers.territories.tree(), caller.customers.territories.assignableUsers()]);
  const t = await getT('territories');
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <TerritoriesAdmin initialTree={tree} users={users} />
    </div>
  );
}
