'use client';

import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import type { PickedCustomer } from '../_work/customer-picker';
import { ErrorNote } from '../_work/ui';
import { ServiceForm } from './service-form';

type Page = inferRouterOutputs<AppRouter>['service']['list'];
type Filter = Omit<inferRouterInputs<AppRouter>['service']['list'], 'cursor'>;

export const STATUS_STYLE: Record<string, string> = {
  open: 'bg-sky-50 text-sky-700',
  in_progress: 'bg-amber-50 text-amber-700',
  resolved: 'bg-emerald-50 text-emerald-700',
  closed: 'bg-slate-100 text-slate-600',
};

export function ServiceList({ filter, initial }: { filter: Filter; initial: Page }) {
  const t = useT('service');
  const tw = useT('work');
  const f = useFormat();
  const utils = trpc.useUtils();
  const [rows, setRows] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const more = async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await utils.service.list.fetch({ ...filter, cursor });
      setRows((r) => [...r, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  if (!rows.length) return <p className="card p-6 text-center text-sm text-slate-500">{t('empty')}</p>;
  return (
    <div className="card">
      <ul className="divide-y divide-slate-100" data-testid="service-list">
        {rows.map((r) => (
          <li key={r.id}>
            <Link href={`/service/${r.id}`} className="block px-4 py-3 hover:bg-slate-50" data-testid={`service-${r.id}`}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{r.title}</span>
                <span className={`badge ${STATUS_STYLE[r.status]}`}>{t(`status.${r.status}`)}</span>
              </div>
              <div className="mt-1 flex flex-wrap gap-x-2 text-xs text-slate-500">
                <span>{t(`type.${r.type}`)}</span>
                <span>· {r.subject.name}</span>
                <span>· {r.owner ? r.owner.name : tw('unassigned')}</span>
                <span>· {t('openedAt', { date: f.date(r.openedAt) })}</span>
                {r.dueAt && <span className={r.overdue ? 'font-medium text-red-600' : ''}>· {r.overdue ? t('overdueSince', { date: f.date(r.dueAt) }) : t('dueOn', { date: f.date(r.dueAt) })}</span>}
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <div className="space-y-2 border-t border-slate-100 p-3 text-center">
        <ErrorNote message={error} />
        {cursor ? (
          <button type="button" className="btn-secondary" onClick={more} disabled={loading}>
            {loading ? tw('loading') : tw('loadMore')}
          </button>
        ) : (
          <span className="text-xs text-slate-400">{tw('noMore')}</span>
        )}
      </div>
    </div>
  );
}

/** The "new request" panel of the list page (`?new=1`, optionally for a customer). */
export function NewServicePanel({ me, timeZone, subject, assignees, open: startOpen }: { me: string; timeZone: string; subject: PickedCustomer | null; assignees?: { id: string; name: string }[]; open: boolean }) {
  const t = useT('service');
  const router = useRouter();
  const [open, setOpen] = useState(startOpen);
  if (!open) {
    return (
      <button type="button" className="btn-primary" onClick={() => setOpen(true)} data-testid="service-new">
        {t('new')}
      </button>
    );
  }
  return (
    <section className="card w-full p-4">
      <h2 className="mb-3 text-base font-semibold">{t('newTitle')}</h2>
      <ServiceForm me={me} timeZone={timeZone} subject={subject} assignees={assignees} onDone={(id) => router.push(`/service/${id}`)} onCancel={() => setOpen(false)} />
    </section>
  );
}
