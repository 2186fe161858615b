import { redirect } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '../_lib/server-i18n';
import { AppShell } from '../_components/app-shell';

/**
 * Every signed-in page. It only decides what to render: each procedure the pages call checks
 * authentication, tenant and permission itself.
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const ctx = await serverContext();
  if (!ctx.session) redirect(ctx.sessionEnded ? `/signin?ended=${ctx.sessionEnded}` : '/signin');
  const caller = await api();
  const [me, tenants] = await Promise.all([caller.account.me(), caller.account.tenants()]);
  if (!me.tenant) {
    const t = await getT('shell');
    return (
      <main className="flex min-h-dvh items-center justify-center p-6">
        <div className="card max-w-md p-6 text-center">
          <h1 className="mb-2 text-lg font-medium">{t('noTenantTitle')}</h1>
          <p className="text-sm text-slate-600">{t('noTenantBody')}</p>
        </div>
      </main>
    );
  }
  return (
    <AppShell user={{ name: me.user.name, email: me.user.email }} roles={me.roles} tenant={me.tenant} tenants={tenants} nav={me.nav}>
      {children}
    </AppShell>
  );
}
