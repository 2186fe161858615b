import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { InvitationsAdmin } from './invitations-admin';
import { MembersAdmin } from './members-admin';

export async function generateMetadata() {
  const t = await getT('admin.users');
  return { title: t('title') };
}

export default async function UsersPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('users.manage')) notFound();
  const caller = await api();
  const [members, invitations] = await Promise.all([caller.admin.users.list(), caller.admin.invitations.list()]);
  const t = await getT('admin.users');
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <MembersAdmin initialMembers={members} />
      <InvitationsAdmin initialInvitations={invitations} />
    </div>
  );
}
