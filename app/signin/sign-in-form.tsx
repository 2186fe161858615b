'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useT } from '../_lib/i18n';

export function SignInForm() {
  const t = useT('auth');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn('credentials', { email: String(form.get('email')), password: String(form.get('password')), redirect: false });
    setBusy(false);
    if (res?.ok && !res.error) {
      router.replace('/');
      router.refresh();
      return;
    }
    setError(res?.status === 429 || res?.error === 'RateLimited' ? t('lockedShort') : t('invalidCredentials'));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('email')}</span>
        <input name="email" type="email" autoComplete="username" required className="input" data-testid="signin-email" />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-700">{t('password')}</span>
        <input name="password" type="password" autoComplete="current-password" required className="input" data-testid="signin-password" />
      </label>
      {error && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="btn-primary w-full py-2" data-testid="signin-submit">
        {busy ? t('signingIn') : t('signIn')}
      </button>
    </form>
  );
}
