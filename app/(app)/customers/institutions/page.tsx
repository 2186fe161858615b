import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { CustomerList } from '../_components/customer-list';
import { filtersFromParams } from '../_components/deep-link';

export async function generateMetadata() {
  const t = await getT('institutions');
  return { title: t('listTitle') };
}

export default async function InstitutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.read')) notFound();
  const caller = await api();
  const [fields, territories, views] = await Promise.all([
    caller.customers.customFields.list({ entity: 'institution' }),
    caller.customers.territories.options(),
    caller.customers.views.list({ entity: 'institution' }),
  ]);
  const t = await getT('institutions');
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('listTitle')}</h1>
        <p className="text-sm text-slate-500">{t('listSubtitle')}</p>
      </div>
      <CustomerList
        kind="institution"
        fields={fields}
        territories={territories.map((x) => ({ id: x.id, label: x.label }))}
        initialViews={views}
        deepLink={filtersFromParams('institution', await searchParams)}
        canCreate={ctx.permissions.has('customers.write')}
        canExport={ctx.permissions.has('customers.export')}
      />
    </div>
  );
}
