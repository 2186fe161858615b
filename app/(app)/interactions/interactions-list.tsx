'use client';

import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ErrorNote } from '../_work/ui';

type Page = inferRouterOutputs<AppRouter>['interactions']['list'];
export type InteractionRow = Page['items'][number];
type Filter = Omit<inferRouterInputs<AppRouter>['interactions']['list'], 'cursor'>;

const OUTCOME_STYLE: Record<string, string> = {
  positive: 'bg-emerald-50 text-emerald-700',
  neutral: 'bg-slate-100 text-slate-600',
  negative: 'bg-red-50 text-red-700',
  no_contact: 'bg-amber-50 text-amber-700',
};

export function InteractionCard({ row }: { row: InteractionRow }) {
  const t = useT('interactions');
  const f = useFormat();
  return (
    <Link href={`/interactions/${row.id}`} className="block px-4 py-3 hover:bg-slate-50" data-testid={`interaction-${row.id}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">{row.people.map((p) => p.name).join('、')}</span>
        <span className="text-xs text-slate-500">{f.dateTime(row.occurredAt)}</span>
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
        <span className="badge bg-brand-50 text-brand-700">{t(`channel.${row.channel}`)}</span>
        {row.outcome && <span className={`badge ${OUTCOME_STYLE[row.outcome] ?? ''}`}>{t(`outcome.${row.outcome}`)}</span>}
        {row.institution && <span>{[row.institution.name, row.department?.name].filter(Boolean).join(' · ')}</span>}
        <span className="text-slate-400">· {row.owner.name}</span>
      </div>
      {(row.products.length > 0 || row.keyMessages.length > 0) && (
        <div className="mt-1 truncate text-xs text-slate-500">{[...row.products.map((p) => p.name), ...row.keyMessages].join(' · ')}</div>
      )}
      {row.nextStep && <div className="mt-1 truncate text-xs text-amber-700">{t('nextStepShort', { step: row.nextStep })}</div>}
    </Link>
  );
}

/** The list below the filters: the server renders the first page, "load more" continues from the cursor. */
export function InteractionsList({ filter, initial }: { filter: Filter; initial: Page }) {
  const t = useT('interactions');
  const tw = useT('work');
  const utils = trpc.useUtils();
  const [rows, setRows] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const more = async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await utils.interactions.list.fetch({ ...filter, cursor });
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
      <ul className="divide-y divide-slate-100" data-testid="interactions-list">
        {rows.map((r) => (
          <li key={r.id}>
            <InteractionCard row={r} />
          </li>
        ))}
      </ul>
      <div className="space-y-2 border-t border-slate-100 p-3 text-center">
        <ErrorNote message={error} />
        {cursor ? (
          <button type="button" className="btn-secondary" onClick={more} disabled={loading} data-testid="interactions-more">
            {loading ? tw('loading') : tw('loadMore')}
          </button>
        ) : (
          <span className="text-xs text-slate-400">{tw('noMore')}</span>
        )}
      </div>
    </div>
  );
}
