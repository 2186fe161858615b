'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-policy';

export function ChangePasswordForm() {
  const t = useT('account');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const change = trpc.account.changePassword.useMutation({
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    },
  });
  const fieldErrors = fieldErrorsOf(change.error);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setDone(false);
    change.reset();
    if (next.length < MIN_PASSWORD_LENGTH) return setClientError(t('passwordTooShort', { min: MIN_PASSWORD_LENGTH }));
    if (next !== confirm) return setClientError(t('passwordMismatch'));
    if (next === current) return setClientError(t('passwordSame'));
    setClientError(null);
    change.mutate({ current, next });
  }

  const error = clientError ?? (change.error && Object.keys(fieldErrors).length === 0 ? change.error.message : null);
  return (
    <form className="card space-y-4 p-4 md:p-6" onSubmit={submit} noValidate data-testid="change-password-form">
      <div>
        <h2 className="text-base font-semibold">{t('changePasswordTitle')}</h2>
        <p className="text-xs text-slate-500">{t('changePasswordHint', { min: MIN_PASSWORD_LENGTH })}</p>
      </div>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('currentPassword')}</span>
        <input type="password" className="input" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required data-testid="password-current" />
        {fieldErrors.current && <span className="mt-1 block text-xs text-red-700">{fieldErrors.current}</span>}
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('newPassword')}</span>
        <input
          type="password"
          className="input"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          minLength={MIN_PASSWORD_LENGTH}
          required
          data-testid="password-new"
        />
        {fieldErrors.next && <span className="mt-1 block text-xs text-red-700">{fieldErrors.next}</span>}
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('confirmPassword')}</span>
        <input type="password" className="input" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required data-testid="password-confirm" />
      </label>
      {error && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="change-password-error">
          {error}
        </p>
      )}
      {done && (
        <p className="rounded-md bg-emerald-50 p-2 text-sm text-emerald-700" role="status" data-testid="change-password-done">
          {t('passwordChanged')}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={change.isPending || !current || !next || !confirm} data-testid="change-password-submit">
        {change.isPending ? t('changingPassword') : t('changePassword')}
      </button>
    </form>
  );
}

export function SignOutEverywhere() {
  const t = useT('account');
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const everywhere = trpc.account.signOutEverywhere.useMutation({
    onSuccess: async () => {
      setLeaving(true);
      await signOut({ callbackUrl: '/signin' });
    },
  });
  return (
    <section className="card space-y-3 p-4 md:p-6">
      <div>
        <h2 className="text-base font-semibold">{t('sessionsTitle')}</h2>
        <p className="text-sm text-slate-500">{t('sessionsHint')}</p>
      </div>
      <button
        type="button"
        className="btn-danger"
        onClick={() => {
          everywhere.reset();
          setOpen(true);
        }}
        data-testid="sign-out-everywhere"
      >
        {t('signOutEverywhere')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('signOutEverywhereTitle')}
        confirmLabel={t('signOutEverywhere')}
        danger
        pending={everywhere.isPending || leaving}
        error={everywhere.error?.message}
        onConfirm={() => everywhere.mutate()}
        onCancel={() => setOpen(false)}
        testId="sign-out-everywhere-confirm"
      >
        <p>{t('signOutEverywhereBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
