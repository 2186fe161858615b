import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ConsentPanel } from '../../_components/consent-panel';
import { ConsentHistory } from '../../_components/consent-history';

export async function generateMetadata({ params }: { params: Promise<{ personId: string }> }) {
  const { personId } = await params;
  const person = await (await api()).compliance.consent.person({ personId }).catch(() => null);
  const t = await getT('compliance.consentPage');
  return { title: person ? t('personTitle', { name: person.name }) : t('title') };
}

/** A person's consent: current status (the same panel as on the 360 page) and the full ledger. */
export default async function PersonConsentPage({ params }: { params: Promise<{ personId: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('consent.read')) notFound();
  const { personId } = await params;
  const caller = await api();
  const person = await caller.compliance.consent.person({ personId }).catch(() => null);
  if (!person) notFound();
  const history = await caller.compliance.consent.history({ personId, limit: 50, offset: 0 });
  const t = await getT('compliance.consentPage');
  return (
    <div className="space-y-4" data-testid="person-consent-page">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold" data-testid="person-consent-name">
          {t('personTitle', { name: person.name })}
        </h2>
        {ctx.permissions.has('customers.read') && (
          <Link href={`/customers/people/${person.id}`} className="text-sm text-brand-700 hover:underline">
            {t('to360')}
          </Link>
        )}
      </div>
      {person.mergedIntoId && (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {t('merged')}{' '}
          <Link className="underline" href={`/compliance/consent/${person.mergedIntoId}`}>
            {t('toSurvivor')}
          </Link>
        </p>
      )}
      <ConsentPanel personId={person.id} showHistoryLink={false} />
      <ConsentHistory personId={person.id} initial={history} />
    </div>
  );
}
