import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { InstitutionForm } from '../../_components/institution-form';

export async function generateMetadata() {
  const t = await getT('institutions');
  return { title: t('newTitle') };
}

export default async function NewInstitutionPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.write')) notFound();
  const caller = await api();
  const [fields, territories] = await Promise.all([caller.customers.customFields.list({ entity: 'institution' }), caller.customers.territories.options()]);
  const t = await getT('institutions');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">{t('newTitle')}</h1>
      <InstitutionForm fields={fields} territories={territories} />
    </div>
  );
}
