'use client';

import Link from 'next/link';
import { signIn } from 'next-auth/react';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-policy';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';


/**
 * New person: name + password (+ confirmation). Existing account: its password only. On success
 * the person is signed in and lands in the inviting company.
 */
export function AcceptInviteForm({ token, email, existingAccount }: { token: string; email: string; existingAccount: boolean }) {
  const t = useT('invite');
  const router = useRouter();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const [signInFailed, setSignInFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const accept = trpc.invite.accept.useMutation();
  const switchTenant = trpc.account.switchTenant.useMutation();
  const fieldErrors = fieldErrorsOf(accept.error);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setClientError(null);
    accept.reset();
    if (!existingAccount) {
      if (!name.trim()) return setClientError(t('errors.nameRequired'));
      if (password.length < MIN_PASSWORD_LENGTH) return setClientError(t('passwordTooShort', { min: MIN_PASSWORD_LENGTH }));
      if (password !== confirm) return setClientError(t('passwordMismatch'));
    } else if (!password) {
      return setClientError(t('passwordRequired'));
    }
    setBusy(true);
    let joined: { tenantId: string };
    try {
      joined = await accept.mutateAsync({ token, password, ...(existingAccount ? {} : { name: name.trim() }) });
    } catch {
      setBusy(false);
      return;
    }
    const res = await signIn('credentials', { email, password, redirect: false });
    if (!res?.ok || res.error) {
      setBusy(false);
      setSignInFailed(true);
      return;
    }
    await openInvitingCompany(joined.tenantId);
    router.replace('/');
    router.refresh();
  }

  /** Someone who already belonged to another company lands in the one that invited them. */
  async function openInvitingCompany(tenantId: string) {
    try {
      await switchTenant.mutateAsync({ tenantId });
    } catch {
      // Not fatal: the tenant switcher in the header reaches the company too.
    }
  }

  if (signInFailed) {
    return (
      <div className="space-y-3" data-testid="invite-accepted">
        <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-700" role="status">
          {t('acceptedSignInFailed')}
        </p>
        <Link href="/signin" className="btn-primary w-full py-2">
          {t('toSignIn')}
        </Link>
      </div>
    );
  }

  const error = clientError ?? (accept.error ? (fieldErrors.password ?? fieldErrors.name ?? accept.error.message) : null);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="invite-form">
      <p className="text-sm text-slate-600">{existingAccount ? t('existingAccountIntro') : t('newAccountIntro')}</p>
      {!existingAccount && (
        <label className="block text-sm">
          <span className="mb-1 block text-slate-700">{t('name')}</span>
          <input name="name" className="input" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required data-testid="invite-name" />
        </label>
      )}
      {/* Lets password managers store the new credential under the right account. */}
      <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{existingAccount ? t('currentPassword') : t('newPassword')}</span>
        <input
          name="password"
          type="password"
          className="input"
          autoComplete={existingAccount ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          data-testid="invite-password"
        />
        {!existingAccount && <span className="mt-1 block text-xs text-slate-500">{t('passwordHint', { min: MIN_PASSWORD_LENGTH })}</span>}
      </label>
      {!existingAccount && (
        <label className="block text-sm">
          <span className="mb-1 block text-slate-700">{t('confirmPassword')}</span>
          <input name="confirm" type="password" className="input" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required data-testid="invite-password-confirm" />
        </label>
      )}
      {error && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert" data-testid="invite-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="btn-primary w-full py-2" data-testid="invite-accept">
        {busy ? t('accepting') : existingAccount ? t('acceptExisting') : t('acceptNew')}
      </button>
    </form>
  );
}
