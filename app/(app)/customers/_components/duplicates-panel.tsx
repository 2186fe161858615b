'use client';

import Link from 'next/link';
import type { DuplicateResult } from '@/server/services/customers/duplicates';
import { useT } from '@/app/_lib/i18n';
import { useLabels } from './labels';

/** Possible duplicates found on create: open one, go back and edit, or create anyway. */
export function DuplicatesPanel({ result, pending, onCreateAnyway, onBack }: { result: DuplicateResult; pending: boolean; onCreateAnyway: () => void; onBack: () => void }) {
  const t = useT('customers');
  const l = useLabels();
  return (
    <section className="card border-amber-300 bg-amber-50 p-4" role="alert" data-testid="duplicates-panel">
      <h2 className="text-base font-semibold text-amber-900">{t('duplicates.title')}</h2>
      <p className="mt-1 text-sm text-amber-900">{t('duplicates.body', { count: result.candidates.length })}</p>
      {result.candidates.length > 0 && (
        <ul className="mt-3 divide-y divide-amber-200 rounded-md border border-amber-200 bg-white">
          {result.candidates.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2" data-testid={`duplicate-${c.id}`}>
              <div className="min-w-0">
                <div className="font-medium">
                  {c.name}
                  {c.title && <span className="ml-2 text-sm font-normal text-slate-500">{l.title(c.title)}</span>}
                </div>
                <div className="text-xs text-slate-500">{[c.institutionName, c.departmentName, c.city].filter(Boolean).join(' · ')}</div>
                <div className="mt-1 flex flex-wrap gap-1">
                  {c.reasons.map((r) => (
                    <span key={r} className="badge bg-amber-100 text-amber-800">
                      {t(`duplicates.reason.${r}`)}
                    </span>
                  ))}
                </div>
              </div>
              <Link href={`/customers/${c.kind === 'person' ? 'people' : 'institutions'}/${c.id}`} target="_blank" className="btn-secondary" data-testid={`duplicate-open-${c.id}`}>
                {t('duplicates.open')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {result.hiddenCount > 0 && <p className="mt-3 text-sm text-amber-900">{t('duplicates.hidden', { count: result.hiddenCount })}</p>}
      <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" className="btn-secondary" onClick={onBack} disabled={pending} data-testid="duplicates-back">
          {t('duplicates.back')}
        </button>
        <button type="button" className="btn-primary" onClick={onCreateAnyway} disabled={pending} data-testid="duplicates-create-anyway">
          {pending ? t('saving') : t('duplicates.createAnyway')}
        </button>
      </div>
    </section>
  );
}
