import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { SelfServiceConsent } from './self-service';

export async function generateMetadata() {
  const t = await getT('consent.self');
  return { title: t('title'), robots: { index: false, follow: false }, referrer: 'no-referrer' };
}

/**
 * Public, no login: the person's own consent page, reached by a signed, expiring link. The link is
 * the only credential; anything that is not a valid link gets one clear message.
 */
export default async function ConsentSelfServicePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await api();
  // A malformed token fails input validation: to the visitor that is simply an invalid link.
  const view = await caller.consentSelfService.view({ token }).catch(() => ({ status: 'invalid' as const }));
  const ctx = await serverContext();
  const t = await getT('consent.self');
  return (
    <main className="mx-auto min-h-dvh w-full max-w-xl px-4 py-6" data-testid="consent-self-service">
      <div className="mb-4 flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm text-slate-500">{view.status === 'ok' ? view.tenantName : t('brand')}</p>
          <h1 className="text-xl font-semibold text-slate-900">{t('title')}</h1>
        </div>
        <LanguageSwitch signedIn={Boolean(ctx.session)} />
      </div>
      {view.status !== 'ok' ? (
        <div className="card p-5" data-testid={`consent-self-${view.status}`}>
          <h2 className="mb-2 text-base font-medium">{t(`${view.status}Title`)}</h2>
          <p className="text-sm text-slate-600">{t(`${view.status}Body`)}</p>
        </div>
      ) : (
        <SelfServiceConsent token={token} initial={view} />
      )}
      <p className="mt-6 text-xs leading-relaxed text-slate-500">{t('footer')}</p>
    </main>
  );
}
