'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

export interface PickedPerson {
  id: string;
  name: string;
  mobileLast4: string | null;
}

/**
 * Finds a person by name, pinyin, initials or the last digits of the mobile. Either links to
 * `hrefFor(id)` or hands the choice to `onPick` (forms).
 */
export function PersonSearch({ hrefFor, onPick, testId = 'person-search', autoFocus }: { hrefFor?: (id: string) => string; onPick?: (p: PickedPerson) => void; testId?: string; autoFocus?: boolean }) {
  const t = useT('compliance.personSearch');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(h);
  }, [q]);
  const results = trpc.compliance.consent.findPeople.useQuery({ q: debounced }, { enabled: debounced.length > 0 });
  return (
    <div data-testid={testId}>
      <input className="input" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('placeholder')} aria-label={t('placeholder')} autoFocus={autoFocus} data-testid={`${testId}-input`} />
      {debounced && results.data && (
        <ul className="mt-1 max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 bg-white text-sm" data-testid={`${testId}-results`}>
          {results.data.length === 0 && <li className="p-2 text-slate-500">{t('none')}</li>}
          {results.data.map((p) => (
            <li key={p.id}>
              {hrefFor ? (
                <Link href={hrefFor(p.id)} className="flex justify-between gap-2 p-2 hover:bg-slate-50">
                  <span>{p.name}</span>
                  <span className="text-xs text-slate-500">{[p.mobileLast4 && t('mobile', { last4: p.mobileLast4 }), p.archived && t('archived')].filter(Boolean).join(' · ')}</span>
                </Link>
              ) : (
                <button
                  type="button"
                  className="flex w-full justify-between gap-2 p-2 text-left hover:bg-slate-50"
                  onClick={() => {
                    onPick?.(p);
                    setQ('');
                    setDebounced('');
                  }}
                >
                  <span>{p.name}</span>
                  <span className="text-xs text-slate-500">{p.mobileLast4 && t('mobile', { last4: p.mobileLast4 })}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
