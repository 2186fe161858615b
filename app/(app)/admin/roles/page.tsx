import { notFound } from 'next/navigation';
import { listPlugins } from '@/server/plugins/host';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { RoleMatrix } from './role-matrix';

export async function generateMetadata() {
  const t = await getT('admin.roles');
  return { title: t('title') };
}

export default async function RolesPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('users.manage')) notFound();
  const matrix = await (await api()).admin.roles.matrix();
  const t = await getT('admin.roles');
  // Plugin display names from the registry (the matrix itself only carries owner ids).
  const pluginNames = Object.fromEntries(listPlugins().map((p) => [p.manifest.id, p.manifest.name[ctx.locale]]));
  const canEdit = ctx.permissions.has('roles.manage');
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <RoleMatrix initialMatrix={matrix} pluginNames={pluginNames} canEdit={canEdit} />
    </div>
  );
}
