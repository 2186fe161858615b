import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { CustomFieldsAdmin } from './custom-fields-admin';

export async function generateMetadata() {
  const t = await getT('customFields');
  return { title: t('title') };
}

export default async function CustomFieldsPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customfields.manage')) notFound();
  const initial = await (await api()).customers.customFields.adminList({ entity: 'person' });
  const t = await getT('customFields');
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <CustomFieldsAdmin initialPersonFields={initial} />
    </div>
  );
}
