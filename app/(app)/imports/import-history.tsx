'use client';

import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { StatusBadge } from './status-badge';

type Page = inferRouterOutputs<AppRouter>['imports']['list'];
type Item = Page['items'][number];

const RUNNING = new Set(['validating', 'validated', 'importing']);

/** The history table; refreshes every few seconds while an import is running. */
export function ImportHistory({ initial }: { initial: Page }) {
  const t = useT('imports.ui');
  const first = trpc.imports.list.useQuery(
    { cursor: null, limit: 20 },
    { initialData: initial, refetchInterval: (q) => (q.state.data?.items.some((i) => RUNNING.has(i.status)) ? 3_000 : false) },
  );
  const [older, setOlder] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(initial.nextCursor);
  const utils = trpc.useUtils();
  const [loading, setLoading] = useState(false);
  const items = [...(first.data?.items ?? []), ...older.filter((o) => !first.data?.items.some((i) => i.id === o.id))];

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await utils.imports.list.fetch({ cursor, limit: 20 });
      setOlder((o) => [...o, ...page.items]);
      setCursor(page.nextCursor);
    } finally {
      setLoading(false);
    }
  };

  if (!items.length) {
    return (
      <section className="card p-8 text-center" data-testid="import-history-empty">
        <p className="text-sm text-slate-600">{t('historyEmpty')}</p>
        <Link href="/imports/new" className="btn-primary mt-4">
          {t('newImport')}
        </Link>
      </section>
    );
  }
  return (
    <section className="card" data-testid="import-history">
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('historyTitle')}</h2>
      </div>
      <div className="hidden grid-cols-[minmax(0,2fr)_6rem_minmax(0,1.8fr)_6rem_minmax(0,1.8fr)] gap-3 border-b border-slate-100 px-4 py-2 text-xs font-medium text-slate-500 md:grid">
        <span>{t('colFile')}</span>
        <span>{t('colEntity')}</span>
        <span>{t('colResult')}</span>
        <span>{t('colStatus')}</span>
        <span>{t('colWhen')}</span>
      </div>
      <ul className="divide-y divide-slate-100">
        {items.map((i) => (
          <HistoryRow key={i.id} item={i} />
        ))}
      </ul>
      {cursor && (
        <div className="border-t border-slate-100 p-3 text-center">
          <button type="button" className="btn-secondary" onClick={more} disabled={loading}>
            {t('loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function HistoryRow({ item }: { item: Item }) {
  const t = useT('imports.ui');
  const f = useFormat();
  return (
    <li data-testid={`import-row-${item.id}`}>
      <Link href={`/imports/${item.id}`} className="grid gap-1 px-4 py-3 hover:bg-slate-50 md:grid-cols-[minmax(0,2fr)_6rem_minmax(0,1.8fr)_6rem_minmax(0,1.8fr)] md:items-center md:gap-3">
        <span className="truncate font-medium text-brand-700">{item.fileName}</span>
        <span className="text-sm text-slate-600">{t(`entity.${item.entity}`)}</span>
        <span className="text-sm text-slate-600">
          {item.status === 'uploaded' ? t('rowsFound', { count: item.totalRows }) : t('resultShort', { created: item.createdRows, updated: item.updatedRows, failed: item.failedRows })}
        </span>
        <span>
          <StatusBadge status={item.status} />
        </span>
        <span className="text-xs text-slate-500">
          {item.createdBy.name} · {f.dateTime(item.createdAt)}
        </span>
      </Link>
    </li>
  );
}
