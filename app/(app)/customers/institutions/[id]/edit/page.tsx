import { notFound, redirect } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { InstitutionForm } from '../../../_components/institution-form';
import { orNotFound } from '../../../_components/load';

export async function generateMetadata() {
  const t = await getT('institutions');
  return { title: t('editTitle') };
}

export default async function EditInstitutionPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.write')) notFound();
  const { id } = await params;
  const caller = await api();
  const [institution, fields, territories] = await Promise.all([
    orNotFound(caller.customers.institutions.get({ id })),
    caller.customers.customFields.list({ entity: 'institution' }),
    caller.customers.territories.options(),
  ]);
  if (institution.archived) redirect(`/customers/institutions/${id}`);
  const t = await getT('institutions');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">{t('editHeading', { name: institution.name })}</h1>
      <InstitutionForm fields={fields} territories={territories} institution={institution} />
    </div>
  );
}
