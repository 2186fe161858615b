import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OUTBOUND_STATUSES } from '@/server/db/entities/compliance-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { Badge, Card, Empty } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('outbox') };
}

/**
 * Every message sent to a person, with the consent decision taken at the moment of sending:
 * the proof that nothing went out after a withdrawal.
 */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const { status: s } = await searchParams;
  const status = s && (OUTBOUND_STATUSES as readonly string[]).includes(s) ? (s as (typeof OUTBOUND_STATUSES)[number]) : 'all';
  const rows = await (await api()).compliance.outbox.list({ status, limit: 200 });
  const t = await getT('compliance.outbox');
  const tc = await getT('consent');
  const f = await getFormat();
  return (
    <div className="space-y-4" data-testid="outbox-page">
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Card
        title={t('title')}
        action={
          <div className="flex gap-1 text-xs">
            {(['all', ...OUTBOUND_STATUSES] as const).map((x) => (
              <Link key={x} href={`/compliance/outbox?status=${x}`} className={`rounded px-2 py-1 ${x === status ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>
                {t(`status.${x}`)}
              </Link>
            ))}
          </div>
        }
      >
        {rows.length === 0 ? (
          <Empty>{t('empty')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {rows.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-2 py-2" data-testid={`outbox-${m.id}`}>
                <Badge tone={m.status === 'sent' ? 'green' : m.status === 'skipped' ? 'amber' : m.status === 'failed' ? 'red' : 'blue'}>{t(`status.${m.status}`)}</Badge>
                <Link href={`/compliance/consent/${m.personId}`} className="font-medium text-brand-700 hover:underline">
                  {m.personName ?? m.personId}
                </Link>
                <span className="text-slate-600">
                  {tc(`purpose.${m.purpose}`)} · {tc(`channel.${m.channel}`)}
                </span>
                <span className="min-w-0 flex-1 truncate text-slate-500">{m.subject}</span>
                {m.reason && m.status !== 'sent' && <span className="text-xs text-amber-800">{tc(`reason.${m.reason}`)}</span>}
                <span className="text-xs text-slate-500">
                  {m.source === 'core' ? t('sourceCore') : m.source} · {f.dateTime(m.decidedAt ?? m.queuedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
