'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { LIFECYCLE_STAGES, TIERS, type CustomerKind, type LifecycleStage, type Tier } from '@/server/db/entities/customer-enums';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CodeOptions } from './form-ui';
import { useLabels } from './labels';

/** Changes tier or stage with a reason; the change lands in the history and the timeline. */
export function LifecycleButton({ kind, id, tier, stage }: { kind: CustomerKind; id: string; tier: Tier | null; stage: LifecycleStage }) {
  const t = useT('customers');
  const l = useLabels();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [field, setField] = useState<'tier' | 'stage'>('tier');
  const [value, setValue] = useState<string>(tier ?? '');
  const [reason, setReason] = useState('');
  const change = trpc.customers.lifecycle.change.useMutation({
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const current = field === 'tier' ? (tier ?? '') : stage;
  const reasonError = fieldErrorsOf(change.error).reason;
  return (
    <>
      <button
        type="button"
        className="btn-secondary"
        onClick={() => {
          change.reset();
          setField('tier');
          setValue(tier ?? '');
          setReason('');
          setOpen(true);
        }}
        data-testid="lifecycle-open"
      >
        {t('lifecycle.action')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('lifecycle.title')}
        confirmLabel={t('lifecycle.confirm')}
        pending={change.isPending}
        error={reasonError ? null : change.error?.message}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          if (value === current || !reason.trim()) return;
          if (field === 'tier') change.mutate({ kind, id, field: 'tier', value: (value || null) as Tier | null, reason: reason.trim() });
          else change.mutate({ kind, id, field: 'stage', value: value as LifecycleStage, reason: reason.trim() });
        }}
        testId="lifecycle-dialog"
      >
        <div className="flex gap-4">
          {(['tier', 'stage'] as const).map((f) => (
            <label key={f} className="flex items-center gap-1.5">
              <input
                type="radio"
                name="lifecycle-field"
                checked={field === f}
                onChange={() => {
                  setField(f);
                  setValue(f === 'tier' ? (tier ?? '') : stage);
                }}
              />
              {t(`lifecycle.${f}`)}
            </label>
          ))}
        </div>
        <select className="input" value={value} onChange={(e) => setValue(e.target.value)} data-testid="lifecycle-value">
          {field === 'tier' ? <CodeOptions codes={TIERS} label={l.tier} empty={l.tier(null)} /> : <CodeOptions codes={LIFECYCLE_STAGES} label={l.stage} />}
        </select>
        <textarea className="input min-h-20" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder={t('lifecycle.reasonPlaceholder')} data-testid="lifecycle-reason" />
        {reasonError && <p className="text-xs text-red-700">{reasonError}</p>}
        {value === current && <p className="text-xs text-slate-500">{t('lifecycle.unchanged')}</p>}
      </ConfirmDialog>
    </>
  );
}

/** Archive (soft delete) or restore a record. */
export function ArchiveButton({ kind, id, name, archived }: { kind: CustomerKind; id: string; name: string; archived: boolean }) {
  const t = useT('customers');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const done = () => {
    setOpen(false);
    router.refresh();
  };
  const archivePerson = trpc.customers.people.archive.useMutation({ onSuccess: done });
  const restorePerson = trpc.customers.people.restore.useMutation({ onSuccess: done });
  const archiveInst = trpc.customers.institutions.archive.useMutation({ onSuccess: done });
  const restoreInst = trpc.customers.institutions.restore.useMutation({ onSuccess: done });
  const m = kind === 'person' ? (archived ? restorePerson : archivePerson) : archived ? restoreInst : archiveInst;
  return (
    <>
      <button
        type="button"
        className={archived ? 'btn-secondary' : 'btn-danger'}
        onClick={() => {
          m.reset();
          setOpen(true);
        }}
        data-testid={archived ? 'restore-open' : 'archive-open'}
      >
        {archived ? t('archive.restore') : t('archive.archive')}
      </button>
      <ConfirmDialog
        open={open}
        title={archived ? t('archive.restoreTitle', { name }) : t('archive.archiveTitle', { name })}
        confirmLabel={archived ? t('archive.restore') : t('archive.archive')}
        danger={!archived}
        pending={m.isPending}
        error={m.error?.message}
        onCancel={() => setOpen(false)}
        onConfirm={() => m.mutate({ id })}
        testId="archive-dialog"
      >
        <p>{archived ? t('archive.restoreBody') : t('archive.archiveBody')}</p>
      </ConfirmDialog>
    </>
  );
}

/**
 * Reveals one masked value. Needs customers.unmask (the button is only shown with it); each
 * reveal is recorded in the audit trail, which the button says before the user clicks.
 */
export function UnmaskButton({ kind, id, field, masked }: { kind: CustomerKind; id: string; field: string; masked: string }) {
  const t = useT('customers');
  const [value, setValue] = useState<string | null>(null);
  const unmask = trpc.customers.unmask.useMutation({
    onSuccess: (r) => setValue(Array.isArray(r.value) ? r.value.join('、') : String(r.value)),
  });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="font-mono" data-testid={`masked-${field}`}>
        {value ?? masked}
      </span>
      {value === null ? (
        <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => unmask.mutate({ kind, id, field })} disabled={unmask.isPending} title={t('unmask.hint')} data-testid={`unmask-${field}`}>
          {unmask.isPending ? t('unmask.working') : t('unmask.show')}
        </button>
      ) : (
        <button type="button" className="text-xs text-slate-500 hover:underline" onClick={() => setValue(null)}>
          {t('unmask.hide')}
        </button>
      )}
      {unmask.error && <span className="text-xs text-red-700">{unmask.error.message}</span>}
    </span>
  );
}
