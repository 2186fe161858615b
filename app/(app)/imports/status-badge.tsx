'use client';

import { useT } from '@/app/_lib/i18n';

const STYLE: Record<string, string> = {
  uploaded: 'bg-slate-100 text-slate-700',
  validating: 'bg-brand-50 text-brand-700',
  validated: 'bg-brand-50 text-brand-700',
  importing: 'bg-brand-50 text-brand-700',
  completed: 'bg-emerald-50 text-emerald-700',
  failed: 'bg-red-50 text-red-700',
  cancelled: 'bg-amber-50 text-amber-800',
};

export function StatusBadge({ status }: { status: string }) {
  const t = useT('imports.ui');
  return (
    <span className={`badge ${STYLE[status] ?? 'bg-slate-100 text-slate-700'}`} data-testid="import-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
