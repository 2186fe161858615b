import Link from 'next/link';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { AcceptInviteForm } from './accept-invite-form';

export async function generateMetadata() {
  const t = await getT('invite');
  return { title: t('title'), robots: { index: false, follow: false } };
}

/** Public: the link is the credential. Anything that is not a live invitation gets one clear message. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const ctx = await serverContext();
  const caller = await api();
  // A malformed token fails input validation: to the visitor that is just an invalid link.
  const invitation = await caller.invite.describe({ token }).catch(() => null);
  const t = await getT();
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md">
        <div className="mb-6 flex items-center justify-between">
          <div>
            <h1 className="text-2xl font-semibold text-brand-700">{t('app.name')}</h1>
            <p className="text-sm text-slate-500">{t('app.tagline')}</p>
          </div>
          <LanguageSwitch signedIn={Boolean(ctx.session)} />
        </div>
        {!invitation ? (
          <div className="card p-6" data-testid="invite-invalid">
            <h2 className="mb-2 text-lg font-medium">{t('invite.invalidTitle')}</h2>
            <p className="text-sm text-slate-600">{t('invite.invalidBody')}</p>
            <Link href="/signin" className="btn-secondary mt-4">
              {t('invite.toSignIn')}
            </Link>
          </div>
        ) : (
          <div className="card p-6" data-testid="invite-card">
            <h2 className="mb-1 text-lg font-medium">{t('invite.heading', { company: invitation.tenantName })}</h2>
            <p className="mb-4 text-sm text-slate-600">{t('invite.intro')}</p>
            <dl className="mb-4 grid grid-cols-[5rem_1fr] gap-2 rounded-md bg-slate-50 p-3 text-sm">
              <dt className="text-slate-500">{t('invite.company')}</dt>
              <dd data-testid="invite-company">{invitation.tenantName}</dd>
              <dt className="text-slate-500">{t('invite.email')}</dt>
              <dd className="break-all" data-testid="invite-email">
                {invitation.email}
              </dd>
              <dt className="text-slate-500">{t('invite.roles')}</dt>
              <dd className="flex flex-wrap gap-1" data-testid="invite-roles">
                {invitation.roles.map((r) => (
                  <span key={r} className="badge bg-brand-100 text-brand-700">
                    {t(`roles.${r}`)}
                  </span>
                ))}
              </dd>
            </dl>
            {ctx.session && ctx.session.user.email !== invitation.email && (
              <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800" role="status" data-testid="invite-other-user">
                {t('invite.signedInAsOther', { email: ctx.session.user.email })}
              </p>
            )}
            <AcceptInviteForm token={token} email={invitation.email} existingAccount={invitation.existingAccount} />
          </div>
        )}
      </div>
    </main>
  );
}
