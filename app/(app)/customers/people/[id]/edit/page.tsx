import { notFound, redirect } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { orNotFound } from '../../../_components/load';
import { PersonForm } from '../../../_components/person-form';

export async function generateMetadata() {
  const t = await getT('people');
  return { title: t('editTitle') };
}

export default async function EditPersonPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.write')) notFound();
  const { id } = await params;
  const caller = await api();
  const [person, fields, territories] = await Promise.all([orNotFound(caller.customers.people.get({ id, forEdit: true })), caller.customers.customFields.list({ entity: 'person' }), caller.customers.territories.options()]);
  if (person.archived) redirect(`/customers/people/${id}`);
  const t = await getT('people');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">{t('editHeading', { name: person.name })}</h1>
      <PersonForm fields={fields} territories={territories} person={person} />
    </div>
  );
}
