import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { TenantSettingsForm } from './tenant-settings-form';

export async function generateMetadata() {
  const t = await getT('admin.settings');
  return { title: t('title') };
}

export default async function TenantSettingsPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('tenant.settings')) notFound();
  const settings = await (await api()).admin.tenant.get();
  const t = await getT('admin.settings');
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <TenantSettingsForm initial={{ name: settings.name, slug: settings.slug, defaultLocale: settings.defaultLocale, timezone: settings.timezone }} />
    </div>
  );
}
