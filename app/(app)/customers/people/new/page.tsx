import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { PersonForm } from '../../_components/person-form';

export async function generateMetadata() {
  const t = await getT('people');
  return { title: t('newTitle') };
}

/** New person; `?institutionId=` starts with that institution as the primary workplace. */
export default async function NewPersonPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.write')) notFound();
  const caller = await api();
  const { institutionId } = await searchParams;
  const [fields, territories, institution] = await Promise.all([
    caller.customers.customFields.list({ entity: 'person' }),
    caller.customers.territories.options(),
    typeof institutionId === 'string' && institutionId.length <= 64 ? caller.customers.institutions.get({ id: institutionId }).catch(() => null) : null,
  ]);
  const t = await getT('people');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">{t('newTitle')}</h1>
      <PersonForm fields={fields} territories={territories} initialInstitution={institution ? { id: institution.id, name: institution.name } : null} />
    </div>
  );
}
