'use client';

import { useEffect, useState } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

export interface PickedCustomer {
  kind: CustomerKind;
  id: string;
  name: string;
}

/** Finds a person or institution in the user's territories through customer search (name, pinyin, phone). */
export function CustomerPicker({ onPick, kind = 'all', testId = 'customer-picker' }: { onPick: (c: PickedCustomer) => void; kind?: CustomerKind | 'all'; testId?: string }) {
  const t = useT('work');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(timer);
  }, [q]);
  const search = trpc.customers.search.useQuery({ q: debounced, kind, limit: 8 }, { enabled: debounced.length > 0 });
  const hits = debounced ? (search.data ?? []) : [];
  return (
    <div>
      <input className="input" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('searchCustomer')} autoComplete="off" data-testid={testId} />
      {hits.length > 0 && (
        <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid={`${testId}-results`}>
          {hits.map((h) => (
            <li key={`${h.kind}:${h.id}`}>
              <button
                type="button"
                className="flex min-h-10 w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-slate-50"
                onClick={() => {
                  onPick({ kind: h.kind, id: h.id, name: h.name });
                  setQ('');
                }}
              >
                <span className="font-medium">{h.name}</span>
                <span className="truncate text-xs text-slate-500">{h.kind === 'person' ? [h.departmentName, h.institutionName].filter(Boolean).join(' · ') : (h.city ?? '')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {debounced && search.data?.length === 0 && <p className="mt-1 text-xs text-slate-500">{t('noCustomers')}</p>}
    </div>
  );
}
