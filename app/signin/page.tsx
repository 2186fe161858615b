import { redirect } from 'next/navigation';
import { serverContext } from '@/server/trpc/server-caller';
import { getT } from '../_lib/server-i18n';
import { LanguageSwitch } from '../_components/language-switch';
import { SignInForm } from './sign-in-form';

export async function generateMetadata() {
  const t = await getT('auth');
  return { title: t('signIn') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  const ctx = await serverContext();
  if (ctx.session) redirect('/');
  const t = await getT();
  const { ended } = await searchParams;
  const reason = ctx.sessionEnded ?? ended ?? null;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between">
          <div>
            <h1 className="text-2xl font-semibold text-brand-700">{t('app.name')}</h1>
            <p className="text-sm text-slate-500">{t('app.tagline')}</p>
          </div>
          <LanguageSwitch signedIn={false} />
        </div>
        <div className="card p-6">
          <h2 className="mb-4 text-lg font-medium">{t('auth.signIn')}</h2>
          {reason && reason !== 'not_found' && (
            <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800" role="status">
              {t('errors.sessionEnded', { reason })}
            </p>
          )}
          <SignInForm />
        </div>
      </div>
    </main>
  );
}
