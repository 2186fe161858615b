import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ModulesAdmin } from './modules-admin';

export async function generateMetadata() {
  const t = await getT('admin.modules');
  return { title: t('title') };
}

export default async function ModulesPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('plugins.manage')) notFound();
  const modules = await (await api()).admin.modules.list();
  const t = await getT('admin.modules');
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <ModulesAdmin initialModules={modules} />
    </div>
  );
}
