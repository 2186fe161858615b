'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState, useTransition } from 'react';
import type { NavItem } from '@/server/services/navigation';
import { useT } from '../_lib/i18n';
import { trpc } from '../_lib/trpc';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from './notification-bell';

interface Props {
  user: { name: string; email: string };
  roles: string[];
  tenant: { id: string; name: string };
  tenants: { id: string; name: string; active: boolean }[];
  nav: NavItem[];
  children: React.ReactNode;
}

/** Sidebar (core + enabled plugins' entries), header with tenant switcher, language and user menu. */
export function AppShell({ user, roles, tenant, tenants, nav, children }: Props) {
  const t = useT();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const isActive = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  const main = nav.filter((n) => !n.href.startsWith('/admin'));
  const admin = nav.filter((n) => n.href.startsWith('/admin'));

  const links = (items: NavItem[]) =>
    items.map((item) => (
      <Link
        key={item.href}
        href={item.href}
        onClick={() => setOpen(false)}
        data-testid={`nav-${item.href}`}
        className={`block rounded-md px-3 py-2 text-sm ${isActive(item.href) ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`}
      >
        {t(item.labelKey)}
      </Link>
    ));

  return (
    <div className="min-h-dvh md:flex">
      <aside className={`${open ? 'block' : 'hidden'} fixed inset-0 z-30 w-64 border-r border-slate-200 bg-white p-3 md:static md:block md:min-h-dvh`} aria-label={t('shell.navigation')}>
        <div className="mb-4 flex items-center justify-between px-2">
          <span className="text-lg font-semibold text-brand-700">{t('app.name')}</span>
          <button type="button" className="btn-secondary md:hidden" onClick={() => setOpen(false)}>
            {t('shell.close')}
          </button>
        </div>
        <nav className="space-y-1" data-testid="sidebar">
          {links(main)}
          {admin.length > 0 && (
            <>
              <div className="px-3 pt-4 pb-1 text-xs font-semibold tracking-wide text-slate-400 uppercase">{t('nav.adminSection')}</div>
              {links(admin)}
            </>
          )}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white/95 px-3 py-2 backdrop-blur md:px-6">
          <button type="button" className="btn-secondary md:hidden" onClick={() => setOpen(true)} aria-label={t('shell.menu')}>
            ☰
          </button>
          <TenantSwitcher tenant={tenant} tenants={tenants} />
          <div className="ml-auto flex items-center gap-2">
            <NotificationBell />
            <LanguageSwitch signedIn />
            <UserMenu user={user} roles={roles} />
          </div>
        </header>
        <main className="flex-1 p-3 md:p-6">{children}</main>
      </div>
    </div>
  );
}

function TenantSwitcher({ tenant, tenants }: Pick<Props, 'tenant' | 'tenants'>) {
  const t = useT('shell');
  const router = useRouter();
  const [pending, start] = useTransition();
  const switchTenant = trpc.account.switchTenant.useMutation();
  if (tenants.length < 2) {
    return (
      <span className="truncate text-sm font-medium text-slate-800" data-testid="tenant-name">
        {tenant.name}
      </span>
    );
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{t('tenant')}</span>
      <select
        className="input w-auto py-1"
        value={tenant.id}
        disabled={pending || switchTenant.isPending}
        data-testid="tenant-switcher"
        onChange={async (e) => {
          await switchTenant.mutateAsync({ tenantId: e.target.value });
          start(() => {
            router.push('/');
            router.refresh();
          });
        }}
      >
        {tenants.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function UserMenu({ user, roles }: Pick<Props, 'user' | 'roles'>) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const everywhere = trpc.account.signOutEverywhere.useMutation();
  return (
    <div className="relative">
      <button type="button" className="btn-secondary" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="user-menu">
        <span className="max-w-[8rem] truncate">{user.name}</span>
      </button>
      {open && (
        <div className="absolute right-0 z-40 mt-1 w-64 rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg">
          <div className="border-b border-slate-100 px-2 pb-2">
            <div className="font-medium">{user.name}</div>
            <div className="truncate text-slate-500">{user.email}</div>
            <div className="mt-1 text-xs text-slate-500" data-testid="user-roles">
              {roles.map((r) => t(`roles.${r}`)).join('、')}
            </div>
          </div>
          <Link href="/account" className="block rounded px-2 py-1.5 hover:bg-slate-50" onClick={() => setOpen(false)}>
            {t('shell.account')}
          </Link>
          <button type="button" className="block w-full rounded px-2 py-1.5 text-left hover:bg-slate-50" data-testid="sign-out" onClick={() => void signOut({ callbackUrl: '/signin' })}>
            {t('shell.signOut')}
          </button>
          <button
            type="button"
            className="block w-full rounded px-2 py-1.5 text-left text-red-700 hover:bg-red-50"
            onClick={async () => {
              await everywhere.mutateAsync();
              await signOut({ callbackUrl: '/signin' });
            }}
          >
            {t('shell.signOutEverywhere')}
          </button>
        </div>
      )}
    </div>
  );
}
