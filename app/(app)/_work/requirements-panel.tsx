'use client';

import { useState } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { REQUIREMENT_KINDS, REQUIREMENT_STATUSES, type RequirementKind, type RequirementStatus } from '@/server/db/entities/work-enums';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ErrorNote } from './ui';

const STATUS_STYLE: Record<RequirementStatus, string> = {
  open: 'bg-amber-50 text-amber-700',
  met: 'bg-emerald-50 text-emerald-700',
  declined: 'bg-slate-100 text-slate-500',
};

/**
 * A customer's custom requirements (定制需求: packaging, labels, delivery …) for the 360 page:
 * the list, a one-line form to add one, and status changes. `canWrite` = holds customers.write.
 */
export function RequirementsPanel({ kind, id, canWrite }: { kind: CustomerKind; id: string; canWrite: boolean }) {
  const t = useT('requirements');
  const tw = useT('work');
  const f = useFormat();
  const utils = trpc.useUtils();
  const list = trpc.requirements.forCustomer.useQuery({ kind, id });
  const [reqKind, setReqKind] = useState<RequirementKind>('packaging');
  const [description, setDescription] = useState('');
  const refresh = () => utils.requirements.forCustomer.invalidate({ kind, id });
  const create = trpc.requirements.create.useMutation({
    onSuccess: async () => {
      setDescription('');
      await refresh();
    },
  });
  const update = trpc.requirements.update.useMutation({ onSuccess: refresh });
  const errors = fieldErrorsOf(create.error);

  return (
    <div className="space-y-3" data-testid="requirements-panel">
      <ErrorNote message={list.error?.message ?? update.error?.message} />
      {list.data && list.data.length === 0 && <p className="text-sm text-slate-500">{t('empty')}</p>}
      <ul className="divide-y divide-slate-100">
        {list.data?.map((r) => (
          <li key={r.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
            <div className="min-w-0">
              <span className="badge mr-2 bg-brand-50 text-brand-700">{t(`kind.${r.kind}`)}</span>
              <span className="text-sm whitespace-pre-wrap">{r.description}</span>
              <div className="text-xs text-slate-400">{[r.createdBy, f.date(r.createdAt)].filter(Boolean).join(' · ')}</div>
            </div>
            {canWrite ? (
              <select
                className={`badge border-0 ${STATUS_STYLE[r.status]}`}
                value={r.status}
                onChange={(e) => update.mutate({ id: r.id, kind: r.kind, description: r.description, status: e.target.value as RequirementStatus })}
                aria-label={t('status.label')}
              >
                {REQUIREMENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            ) : (
              <span className={`badge ${STATUS_STYLE[r.status]}`}>{t(`status.${r.status}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form
          className="flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ subjectKind: kind, subjectId: id, kind: reqKind, description });
          }}
        >
          <select className="input w-auto" value={reqKind} onChange={(e) => setReqKind(e.target.value as RequirementKind)} aria-label={t('kind.label')}>
            {REQUIREMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
          <input className="input min-w-48 flex-1" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} placeholder={t('placeholder')} aria-invalid={Boolean(errors.description)} data-testid="requirement-description" />
          <button type="submit" className="btn-primary" disabled={create.isPending || !description.trim()} data-testid="requirement-add">
            {create.isPending ? tw('saving') : t('add')}
          </button>
          <ErrorNote message={create.error?.message} />
        </form>
      )}
    </div>
  );
}
