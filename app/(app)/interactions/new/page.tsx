import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { VisitForm } from '../visit-form';

export async function generateMetadata() {
  const t = await getT('interactions');
  return { title: t('newTitle') };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.slice(0, 64) || null;

/** The visit form, prefilled from `?personId=` (one or several) and/or `?institutionId=`. */
export default async function NewInteractionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('interactions.write')) notFound();
  const params = await searchParams;
  const personIds = [params.personId].flat().filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64).slice(0, 20);
  const context = await (await api()).interactions.formContext({ personIds, institutionId: one(params.institutionId) });
  const t = await getT('interactions');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('newTitle')}</h1>
        {context.institution && <p className="text-sm text-slate-500">{t('form.at', { name: context.institution.name })}</p>}
      </div>
      <VisitForm context={context} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'} />
    </div>
  );
}
