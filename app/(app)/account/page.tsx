import { api } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ChangePasswordForm, SignOutEverywhere } from './account-forms';

export async function generateMetadata() {
  const t = await getT('account');
  return { title: t('title') };
}

/** Any signed-in user (the (app) layout redirects the others): who I am, password, sessions. */
export default async function AccountPage() {
  const me = await (await api()).account.me();
  const t = await getT('account');
  const tr = await getT('roles');
  const tc = await getT('common');
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <section className="card p-4 md:p-6" data-testid="account-profile">
        <h2 className="mb-3 text-base font-semibold">{t('profileTitle')}</h2>
        <dl className="grid gap-3 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">{t('name')}</dt>
          <dd data-testid="account-name">{me.user.name}</dd>
          <dt className="text-slate-500">{t('email')}</dt>
          <dd className="break-all" data-testid="account-email">
            {me.user.email}
          </dd>
          {me.tenant && (
            <>
              <dt className="text-slate-500">{t('company')}</dt>
              <dd>{me.tenant.name}</dd>
              <dt className="text-slate-500">{t('roles')}</dt>
              <dd className="flex flex-wrap gap-1" data-testid="account-roles">
                {me.roles.length ? (
                  me.roles.map((r) => (
                    <span key={r} className="badge bg-slate-100 text-slate-700">
                      {tr(r)}
                    </span>
                  ))
                ) : (
                  <span className="text-slate-400">{tc('none')}</span>
                )}
              </dd>
            </>
          )}
        </dl>
      </section>
      <ChangePasswordForm />
      <SignOutEverywhere />
    </div>
  );
}
