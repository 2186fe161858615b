'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Field } from '@/app/(app)/_work/ui';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { usePluginMutation } from '@/app/_lib/plugin-client';
import { SEXES } from '../settings';

/** The 24-hour reporting clock, ticking every 30 s: time left, or how long overdue. */
export function AeClock({ dueAt, stopped }: { dueAt: string; stopped: boolean }) {
  const t = useT('plugins.feedback');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (stopped) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [stopped]);
  const left = new Date(dueAt).getTime() - now;
  const abs = Math.abs(left);
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const tone = left <= 0 ? 'bg-red-600 text-white' : left < 6 * 3_600_000 ? 'bg-amber-100 text-amber-900' : 'bg-sky-50 text-sky-900';
  return (
    <span className={`inline-flex items-center rounded-md px-2 py-1 text-sm font-semibold tabular-nums ${tone}`} data-testid="feedback-ae-clock" data-due={dueAt} data-running={stopped ? 'false' : 'true'}>
      {left > 0 ? t('ae.remaining', { hours, minutes }) : t('ae.overdue', { hours, minutes })}
    </span>
  );
}

interface AeValues {
  id: string;
  patientInitials: string | null;
  patientAge: number | null;
  patientSex: string | null;
  productId: string | null;
  reporterName: string | null;
  description: string;
}

/** Completing the minimum fields, closing with the safety reference, or dismissing with a reason. */
export function AeHandling({ ae, products }: { ae: AeValues; products: { id: string; name: string }[] }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const update = usePluginMutation<Record<string, unknown>, unknown>('feedback', 'ae.update');
  const close = usePluginMutation<Record<string, unknown>, unknown>('feedback', 'ae.close');
  const dismiss = usePluginMutation<Record<string, unknown>, unknown>('feedback', 'ae.dismiss');
  const [v, setV] = useState({
    patientInitials: ae.patientInitials ?? '',
    patientAge: ae.patientAge === null ? '' : String(ae.patientAge),
    patientSex: ae.patientSex ?? '',
    productId: ae.productId ?? '',
    reporterName: ae.reporterName ?? '',
    description: ae.description,
  });
  const [safetyRef, setSafetyRef] = useState('');
  const [reason, setReason] = useState('');
  const updateErrors = fieldErrorsOf(update.error);
  const closeErrors = fieldErrorsOf(close.error);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  return (
    <div className="space-y-4">
      <form
        className="card space-y-3 p-4"
        data-testid="feedback-ae-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await update
            .mutateAsync({
              id: ae.id,
              patientInitials: v.patientInitials || null,
              patientAge: v.patientAge === '' ? null : Number(v.patientAge),
              patientSex: v.patientSex || null,
              productId: v.productId || null,
              reporterName: v.reporterName || null,
              description: v.description,
            })
            .then(
              () => true,
              () => false,
            );
          if (ok) router.refresh();
        }}
      >
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t('ae.patientInitials')} error={updateErrors.patientInitials ?? closeErrors.patientInitials}>
            <input className="input" value={v.patientInitials} onChange={set('patientInitials')} maxLength={10} data-testid="feedback-ae-initials" />
          </Field>
          <Field label={t('ae.patientAge')} error={updateErrors.patientAge ?? closeErrors.patientAge}>
            <input className="input" type="number" min={0} max={130} value={v.patientAge} onChange={set('patientAge')} data-testid="feedback-ae-age" />
          </Field>
          <Field label={t('ae.patientSex')} error={closeErrors.patientSex}>
            <select className="input" value={v.patientSex} onChange={set('patientSex')} data-testid="feedback-ae-sex">
              <option value="">—</option>
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`ae.sex.${s}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('ae.product')} error={updateErrors.productId ?? closeErrors.productId}>
            <select className="input" value={v.productId} onChange={set('productId')} data-testid="feedback-ae-product">
              <option value="">—</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ae.reporter')} error={closeErrors.reporterName}>
            <input className="input" value={v.reporterName} onChange={set('reporterName')} maxLength={100} data-testid="feedback-ae-reporter" />
          </Field>
        </div>
        <Field label={t('ae.description')} error={updateErrors.description}>
          <textarea className="input" rows={3} value={v.description} onChange={set('description')} data-testid="feedback-ae-description" />
        </Field>
        {update.error && !Object.keys(updateErrors).length && <p className="text-sm text-red-700">{update.error.message}</p>}
        <button className="btn-secondary" disabled={update.isPending} data-testid="feedback-ae-save">
          {t('save')}
        </button>
      </form>

      <form
        className="card space-y-3 p-4"
        data-testid="feedback-ae-close-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await close.mutateAsync({ id: ae.id, safetyRef }).then(
            () => true,
            () => false,
          );
          if (ok) router.refresh();
        }}
      >
        <Field label={t('ae.safetyRef')} hint={t('ae.safetyRefHint')} error={closeErrors.safetyRef}>
          <input className="input" value={safetyRef} onChange={(e) => setSafetyRef(e.target.value)} maxLength={100} data-testid="feedback-ae-safety-ref" />
        </Field>
        {close.error && (
          <p className="text-sm text-red-700" role="alert" data-testid="feedback-ae-close-error">
            {close.error.message}
          </p>
        )}
        <button className="btn-primary" disabled={close.isPending} data-testid="feedback-ae-close">
          {t('ae.close')}
        </button>
      </form>

      <form
        className="card space-y-3 p-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await dismiss.mutateAsync({ id: ae.id, reason }).then(
            () => true,
            () => false,
          );
          if (ok) router.refresh();
        }}
      >
        <Field label={t('ae.dismissReason')} hint={t('ae.dismissHint')} error={fieldErrorsOf(dismiss.error).reason}>
          <textarea className="input" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="feedback-ae-dismiss-reason" />
        </Field>
        {dismiss.error && !fieldErrorsOf(dismiss.error).reason && <p className="text-sm text-red-700">{dismiss.error.message}</p>}
        <button className="btn-danger" disabled={dismiss.isPending || reason.trim().length < 5} data-testid="feedback-ae-dismiss">
          {t('ae.dismiss')}
        </button>
      </form>
    </div>
  );
}
