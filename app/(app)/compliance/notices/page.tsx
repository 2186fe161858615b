import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CONSENT_PURPOSES } from '@/server/db/entities/compliance-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { NoticeDraftForm } from '../_components/notice-forms';
import { Badge, Card } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('notices') };
}

/** Consent notices per purpose and language: the active (frozen) version, drafts, and history. */
export default async function NoticesPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const notices = await (await api()).compliance.notices.list();
  const t = await getT('consent');
  const tn = await getT('consent.notices');
  const f = await getFormat();
  const canManage = ctx.permissions.has('compliance.manage');
  return (
    <div className="space-y-4" data-testid="notices-page">
      <p className="text-sm text-slate-600">{tn('intro')}</p>
      {canManage && (
        <details className="card p-4" data-testid="notice-new">
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">{tn('newTitle')}</summary>
          <p className="mt-1 mb-3 text-xs text-slate-500">{tn('newSubtitle')}</p>
          <NoticeDraftForm />
        </details>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        {CONSENT_PURPOSES.map((purpose) => {
          const rows = notices.filter((n) => n.purpose === purpose);
          return (
            <Card key={purpose} title={t(`purpose.${purpose}`)} testId={`notices-${purpose}`}>
              {rows.length === 0 ? (
                <p className="text-sm text-amber-800">{tn('noneForPurpose')}</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {rows.map((n) => (
                    <li key={n.id} className="flex flex-wrap items-center gap-2 py-1.5">
                      <Badge tone={n.status === 'active' ? 'green' : n.status === 'draft' ? 'amber' : 'slate'}>{tn(`status.${n.status}`)}</Badge>
                      <span className="text-xs text-slate-500">
                        {t(`locale.${n.locale}`)} · v{n.version}
                      </span>
                      <Link href={`/compliance/notices/${n.id}`} className="min-w-0 flex-1 truncate text-brand-700 hover:underline">
                        {n.title}
                      </Link>
                      <span className="text-xs text-slate-500">{n.activatedAt ? f.date(n.activatedAt) : ''}</span>
                      {n.grants > 0 && <span className="text-xs text-slate-500">{tn('grants', { count: n.grants })}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          );
        })}
      </div>
    </div>
  );
}
