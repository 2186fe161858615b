'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomerPicker, type Picked } from './customer-picker';

/**
 * Merges this record with a duplicate: pick the other one, choose which survives, see what will
 * move, confirm. Everything related moves to the survivor; the other becomes a pointer to it.
 */
export function MergeButton({ kind, id, name }: { kind: CustomerKind; id: string; name: string }) {
  const t = useT('customers');
  const f = useFormat();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState<Picked | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const keepId = keepThis ? id : (other?.id ?? '');
  const mergeId = keepThis ? (other?.id ?? '') : id;
  const preview = trpc.customers.merge.preview.useQuery({ kind, keepId, mergeId }, { enabled: open && !!other });
  const run = trpc.customers.merge.run.useMutation({
    onSuccess: (r) => {
      setOpen(false);
      router.push(`/customers/${kind === 'person' ? 'people' : 'institutions'}/${r.keptId}`);
      router.refresh();
    },
  });
  const counts = Object.entries(preview.data?.counts ?? {}).filter(([, n]) => n > 0);
  return (
    <>
      <button
        type="button"
        className="btn-secondary"
        onClick={() => {
          setOther(null);
          setKeepThis(true);
          run.reset();
          setOpen(true);
        }}
        data-testid="merge-open"
      >
        {t('merge.action')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('merge.title', { name })}
        confirmLabel={t('merge.confirm')}
        danger
        pending={run.isPending}
        error={run.error?.message ?? preview.error?.message}
        onCancel={() => setOpen(false)}
        onConfirm={() => other && preview.data && run.mutate({ kind, keepId, mergeId })}
        testId="merge-dialog"
      >
        <p>{t('merge.intro')}</p>
        <CustomerPicker kind={kind} value={other} onChange={setOther} excludeId={id} testId="merge-other" />
        {other && (
          <fieldset className="space-y-1">
            <legend className="mb-1 text-xs font-medium text-slate-500">{t('merge.keepWhich')}</legend>
            {[
              { value: true, label: name },
              { value: false, label: other.name },
            ].map((o) => (
              <label key={String(o.value)} className="flex items-center gap-2">
                <input type="radio" name="merge-keep" checked={keepThis === o.value} onChange={() => setKeepThis(o.value)} data-testid={`merge-keep-${o.value ? 'this' : 'other'}`} />
                <span>{t('merge.keep', { name: o.label })}</span>
              </label>
            ))}
          </fieldset>
        )}
        {preview.data && (
          <div className="rounded-md bg-slate-50 p-3 text-sm" data-testid="merge-preview">
            <p className="font-medium text-slate-700">{t('merge.willMove', { from: preview.data.merged.name, into: preview.data.kept.name })}</p>
            <ul className="mt-1 list-inside list-disc text-slate-600">
              {counts.length ? counts.map(([k, n]) => <li key={k}>{t('merge.count', { what: t(`merge.tables.${k}`), count: n })}</li>) : <li>{t('merge.nothingToMove')}</li>}
            </ul>
            <p className="mt-2 text-xs text-slate-500">{t('merge.createdAt', { kept: f.date(preview.data.kept.createdAt), merged: f.date(preview.data.merged.createdAt) })}</p>
            <p className="mt-1 text-xs text-slate-500">{t('merge.fillBlanks')}</p>
          </div>
        )}
      </ConfirmDialog>
    </>
  );
}
