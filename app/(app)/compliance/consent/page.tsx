import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { scopeText } from '../_components/labels';
import { PersonSearch } from '../_components/person-search';
import { Card, Empty } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('consent') };
}

/** Finding a person's consent history; the latest withdrawals for whoever may see the overview. */
export default async function ConsentSearchPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('consent.read')) notFound();
  const t = await getT('compliance');
  const tc = await getT('consent');
  const f = await getFormat();
  const recent = ctx.permissions.has('compliance.read') ? (await (await api()).compliance.consent.overview({ granularity: 'month' })).recentWithdrawals : null;
  return (
    <div className="space-y-4">
      <Card title={t('consentPage.findTitle')} subtitle={t('consentPage.findSubtitle')}>
        <PersonSearch hrefFor={(id) => `/compliance/consent/${id}`} autoFocus />
      </Card>
      {recent && (
        <Card title={t('overview.recentWithdrawals')}>
          {recent.length === 0 ? (
            <Empty>{t('overview.noWithdrawals')}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {recent.map((r) => (
                <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                  <Link href={`/compliance/consent/${r.personId}`} className="font-medium text-brand-700 hover:underline">
                    {r.personName ?? r.personId}
                  </Link>
                  <span className="text-xs text-slate-600">
                    <span className="font-mono">{r.number}</span> · {tc(`via.${r.via}`)} · {r.items.map((i) => scopeText(tc, i)).join(tc('listSeparator'))} · {f.dateTime(r.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
