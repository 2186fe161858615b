import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { NewDsrForm } from '../_components/dsr-forms';
import { Badge, Card, Empty } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('dsr') };
}

const STATUS_FILTERS = ['open', 'closed', 'all'] as const;

/** The request queue, soonest due first, with overdue and due-soon flags. */
export default async function DsrQueuePage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('dsr.manage')) notFound();
  const { status: s } = await searchParams;
  const status = (STATUS_FILTERS as readonly string[]).includes(s ?? '') ? (s as (typeof STATUS_FILTERS)[number]) : 'open';
  const rows = await (await api()).compliance.dsr.list({ status });
  const td = await getT('dsr');
  const f = await getFormat();
  return (
    <div className="space-y-4" data-testid="dsr-page">
      <Card
        title={td('queueTitle')}
        action={
          <div className="flex gap-1 text-xs">
            {STATUS_FILTERS.map((x) => (
              <Link key={x} href={`/compliance/dsr?status=${x}`} className={`rounded px-2 py-1 ${x === status ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>
                {td(`filter.${x}`)}
              </Link>
            ))}
          </div>
        }
        testId="dsr-queue"
      >
        {rows.length === 0 ? (
          <Empty>{td('empty')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {rows.map((r) => (
              <li key={r.id} className="py-2" data-testid={`dsr-row-${r.number}`}>
                <Link href={`/compliance/dsr/${r.id}`} className="flex flex-wrap items-center gap-2 text-sm hover:bg-slate-50">
                  <span className="font-mono text-xs text-slate-600">{r.number}</span>
                  <Badge tone="brand">{td(`type.${r.type}`)}</Badge>
                  <span className="font-medium">{r.personName ?? r.personId}</span>
                  <span className="text-slate-500">{td('from', { name: r.requesterName })}</span>
                  <span className="ml-auto flex items-center gap-2 text-xs">
                    <Badge tone={r.status === 'completed' ? 'green' : r.status === 'refused' ? 'slate' : 'blue'}>{td(`status.${r.status}`)}</Badge>
                    {r.due === 'overdue' && <Badge tone="red">{td('due.overdue')}</Badge>}
                    {r.due === 'due_soon' && <Badge tone="amber">{td('due.due_soon')}</Badge>}
                    <span className="text-slate-500">{r.completedAt ? td('closedOn', { date: f.date(r.completedAt) }) : td('dueOn', { date: f.date(r.dueAt) })}</span>
                    {r.assignee && <span className="text-slate-500">· {r.assignee}</span>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <details className="card p-4" open={rows.length === 0 && status === 'open'} data-testid="dsr-new">
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">{td('newTitle')}</summary>
        <p className="mt-1 mb-3 text-xs text-slate-500">{td('newSubtitle')}</p>
        <NewDsrForm />
      </details>
    </div>
  );
}
