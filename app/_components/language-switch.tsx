'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALES, type Locale } from '@/server/i18n/locales';
import { useLocale, useT } from '../_lib/i18n';
import { trpc } from '../_lib/trpc';

const LABELS: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

function rememberLocale(locale: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
}

/** 中文 / English. Signed-in users have the choice remembered on their account; everyone gets a cookie. */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const locale = useLocale();
  const t = useT('shell');
  const router = useRouter();
  const [pending, start] = useTransition();
  const setLocale = trpc.account.setLocale.useMutation();

  async function choose(next: Locale) {
    rememberLocale(next);
    if (signedIn) await setLocale.mutateAsync({ locale: next });
    start(() => router.refresh());
  }

  return (
    <div role="group" aria-label={t('language')} className="inline-flex overflow-hidden rounded-md border border-slate-300 text-xs" data-testid="language-switch">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          disabled={pending}
          aria-pressed={l === locale}
          onClick={() => void choose(l)}
          className={`px-2 py-1 ${l === locale ? 'bg-brand-600 text-white' : 'bg-white text-slate-600 hover:bg-slate-50'}`}
        >
          {LABELS[l]}
        </button>
      ))}
    </div>
  );
}
