'use client';

import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ActivityForm } from './activity-form';

type Page = inferRouterOutputs<AppRouter>['activities']['list'];

/** Marketing activities, latest first, with turnout and average effect; a new one opens its page. */
export function ActivitiesAdmin({ initial, timeZone }: { initial: Page; timeZone: string }) {
  const t = useT('activities');
  const tw = useT('work');
  const f = useFormat();
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const list = trpc.activities.list.useInfiniteQuery({ limit: 25 }, { getNextPageParam: (p) => p.nextCursor, initialData: { pages: [initial], pageParams: [null] } });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-4">
      {creating ? (
        <section className="card p-4">
          <h2 className="mb-3 text-base font-semibold">{t('new')}</h2>
          <ActivityForm timeZone={timeZone} onDone={(id) => router.push(`/admin/activities/${id}`)} onCancel={() => setCreating(false)} />
        </section>
      ) : (
        <button type="button" className="btn-primary" onClick={() => setCreating(true)} data-testid="activity-new">
          {t('new')}
        </button>
      )}
      <section className="card">
        {rows.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">{t('empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="activities-list">
            {rows.map((a) => (
              <li key={a.id}>
                <Link href={`/admin/activities/${a.id}`} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
                  <div>
                    <div className="font-medium">{a.name}</div>
                    <div className="text-xs text-slate-500">{[t(`type.${a.type}`), f.dateTime(a.startsAt), a.location].filter(Boolean).join(' · ')}</div>
                  </div>
                  <div className="text-right text-xs text-slate-500">
                    <div>{t('participants', { count: a.participants })}</div>
                    {a.averageRating !== null && <div>{t('averageRating', { rating: a.averageRating })}</div>}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="border-t border-slate-100 p-3 text-center">
            <button type="button" className="btn-secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? tw('loading') : tw('loadMore')}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
