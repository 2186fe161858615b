'use client';

import { useEffect, useState } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

export interface Picked {
  id: string;
  name: string;
}

/**
 * Picks one person or institution the user may see, searching as they type (name, pinyin,
 * initials, phone suffix). Shows the choice with a button to change it.
 */
export function CustomerPicker({
  kind,
  value,
  onChange,
  excludeId,
  placeholder,
  testId,
  invalid,
}: {
  kind: CustomerKind;
  value: Picked | null;
  onChange: (v: Picked | null) => void;
  excludeId?: string;
  placeholder?: string;
  testId: string;
  invalid?: boolean;
}) {
  const t = useT('customers');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(timer);
  }, [q]);
  const search = trpc.customers.search.useQuery({ q: debounced, kind, limit: 8 }, { enabled: debounced.length > 0 && !value });
  const hits = (debounced && !value ? (search.data ?? []) : []).filter((h) => h.id !== excludeId);

  if (value) {
    return (
      <div className="flex min-h-10 items-center justify-between gap-2 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 text-sm" data-testid={`${testId}-value`}>
        <span className="truncate font-medium">{value.name}</span>
        <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => onChange(null)} data-testid={`${testId}-clear`}>
          {t('picker.change')}
        </button>
      </div>
    );
  }
  return (
    <div className="relative">
      <input
        className="input"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={placeholder ?? (kind === 'person' ? t('picker.person') : t('picker.institution'))}
        autoComplete="off"
        aria-invalid={invalid || undefined}
        data-testid={testId}
      />
      {hits.length > 0 && (
        <ul className="absolute z-20 mt-1 max-h-72 w-full divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200 bg-white shadow-lg" data-testid={`${testId}-results`}>
          {hits.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="flex min-h-11 w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-slate-50"
                onClick={() => {
                  onChange({ id: h.id, name: h.name });
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
      {debounced && search.data?.length === 0 && <p className="mt-1 text-xs text-slate-500">{t('picker.none')}</p>}
    </div>
  );
}
