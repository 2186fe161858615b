'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Role } from '@/server/permissions';
import type { AppRouter } from '@/server/trpc/root';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { RoleBadges, RoleCheckboxes } from './role-checkboxes';

type Member = inferRouterOutputs<AppRouter>['admin']['users']['list'][number];
type Pending = { kind: 'remove' | 'disable' | 'enable' | 'sessions'; member: Member } | null;

/** Members of the company: roles, account state, sessions, and what an admin can do about them. */
export function MembersAdmin({ initialMembers }: { initialMembers: Member[] }) {
  const t = useT('admin.users');
  const utils = trpc.useUtils();
  const members = trpc.admin.users.list.useQuery(undefined, { initialData: initialMembers });
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const done = async (message: string) => {
    setPending(null);
    setNotice(message);
    await utils.admin.users.list.invalidate();
  };
  const remove = trpc.admin.users.remove.useMutation({ onSuccess: () => done(t('removed')) });
  const setDisabled = trpc.admin.users.setDisabled.useMutation({ onSuccess: (_r, v) => done(v.disabled ? t('disabledDone') : t('enabledDone')) });
  const sessions = trpc.admin.users.revokeSessions.useMutation({ onSuccess: (n) => done(t('sessionsEnded', { count: n })) });
  const busy = remove.isPending || setDisabled.isPending || sessions.isPending;
  const actionError = remove.error?.message ?? setDisabled.error?.message ?? sessions.error?.message ?? null;

  const open = (p: Pending) => {
    remove.reset();
    setDisabled.reset();
    sessions.reset();
    setNotice(null);
    setPending(p);
  };
  const confirm = () => {
    if (!pending) return;
    const { kind, member } = pending;
    if (kind === 'remove') remove.mutate({ membershipId: member.membershipId });
    else if (kind === 'sessions') sessions.mutate({ userId: member.userId });
    else setDisabled.mutate({ userId: member.userId, disabled: kind === 'disable' });
  };

  const list = members.data ?? [];
  return (
    <section className="card" data-testid="members-section">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('membersTitle')}</h2>
        <span className="text-xs text-slate-500">{t('memberCount', { count: list.length })}</span>
      </div>
      {notice && (
        <p className="mx-4 mt-3 rounded-md bg-brand-50 p-2 text-sm text-brand-700" role="status" data-testid="members-notice">
          {notice}
        </p>
      )}
      {members.error && (
        <p className="mx-4 mt-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {members.error.message}
        </p>
      )}
      <div className="hidden grid-cols-[minmax(0,2fr)_minmax(0,2fr)_6rem_minmax(0,1.4fr)_5rem] gap-3 border-b border-slate-100 px-4 py-2 text-xs font-medium text-slate-500 md:grid">
        <span>{t('colMember')}</span>
        <span>{t('colRoles')}</span>
        <span>{t('colStatus')}</span>
        <span>{t('colLastSignIn')}</span>
        <span className="text-right">{t('colSessions')}</span>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="members-list">
        {list.map((m) => (
          <MemberRow key={m.membershipId} member={m} editing={editing === m.membershipId} onEdit={(on) => setEditing(on ? m.membershipId : null)} onAction={(kind) => open({ kind, member: m })} />
        ))}
      </ul>

      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`confirm.${pending.kind}Title`, { name: pending.member.name }) : ''}
        confirmLabel={pending ? t(`confirm.${pending.kind}Action`) : undefined}
        danger={pending?.kind !== 'enable'}
        pending={busy}
        error={actionError}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
        testId="member-confirm"
      >
        {pending && <p>{t(`confirm.${pending.kind}Body`, { name: pending.member.name, email: pending.member.email })}</p>}
      </ConfirmDialog>
    </section>
  );
}

function MemberRow({ member: m, editing, onEdit, onAction }: { member: Member; editing: boolean; onEdit: (on: boolean) => void; onAction: (kind: NonNullable<Pending>['kind']) => void }) {
  const t = useT('admin.users');
  const f = useFormat();
  return (
    <li className="px-4 py-3" data-testid={`member-${m.email}`}>
      <div className="grid gap-2 md:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_6rem_minmax(0,1.4fr)_5rem] md:items-center md:gap-3">
        <div className="min-w-0">
          <div className="truncate font-medium">
            {m.name}
            {m.isSelf && <span className="ml-2 badge bg-slate-100 text-slate-600">{t('you')}</span>}
          </div>
          <div className="truncate text-sm text-slate-500">{m.email}</div>
        </div>
        <div data-testid={`member-roles-${m.email}`}>
          <RoleBadges roles={m.roles} />
        </div>
        <div>
          {m.disabled ? (
            <span className="badge bg-red-50 text-red-700" data-testid={`member-status-${m.email}`}>
              {t('statusDisabled')}
            </span>
          ) : (
            <span className="badge bg-emerald-50 text-emerald-700" data-testid={`member-status-${m.email}`}>
              {t('statusActive')}
            </span>
          )}
        </div>
        <div className="text-sm text-slate-600">
          <span className="mr-1 text-slate-400 md:hidden">{t('colLastSignIn')}</span>
          {m.lastSignInAt ? f.dateTime(m.lastSignInAt) : t('neverSignedIn')}
        </div>
        <div className="text-sm text-slate-600 md:text-right" data-testid={`member-sessions-${m.email}`}>
          <span className="mr-1 text-slate-400 md:hidden">{t('colSessions')}</span>
          {f.number(m.liveSessions)}
        </div>
      </div>
      {editing ? (
        <RoleEditor member={m} onClose={() => onEdit(false)} />
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={() => onEdit(true)} data-testid={`member-edit-roles-${m.email}`}>
            {t('editRoles')}
          </button>
          {!m.isSelf && (
            <>
              <button type="button" className="btn-secondary" onClick={() => onAction('sessions')} disabled={m.liveSessions === 0} data-testid={`member-end-sessions-${m.email}`}>
                {t('endSessions')}
              </button>
              {m.disabled ? (
                <button type="button" className="btn-secondary" onClick={() => onAction('enable')} data-testid={`member-enable-${m.email}`}>
                  {t('enable')}
                </button>
              ) : (
                <button type="button" className="btn-danger" onClick={() => onAction('disable')} data-testid={`member-disable-${m.email}`}>
                  {t('disable')}
                </button>
              )}
              <button type="button" className="btn-danger" onClick={() => onAction('remove')} data-testid={`member-remove-${m.email}`}>
                {t('remove')}
              </button>
            </>
          )}
          {m.isSelf && <span className="self-center text-xs text-slate-400">{t('selfHint')}</span>}
        </div>
      )}
    </li>
  );
}

function RoleEditor({ member, onClose }: { member: Member; onClose: () => void }) {
  const t = useT('admin.users');
  const tc = useT('common');
  const router = useRouter();
  const utils = trpc.useUtils();
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const save = trpc.admin.users.setRoles.useMutation({
    onSuccess: async () => {
      onClose();
      // My own roles decide my permissions: the sidebar (and this page's access) follow.
      if (member.isSelf) router.refresh();
      await utils.admin.users.list.invalidate();
    },
  });
  return (
    <form
      className="mt-3 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid={`role-editor-${member.email}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (roles.length) save.mutate({ membershipId: member.membershipId, roles });
      }}
    >
      <div className="text-sm font-medium">{t('rolesFor', { name: member.name })}</div>
      <RoleCheckboxes value={roles} onChange={setRoles} disabled={save.isPending} testId={`role-editor-roles-${member.email}`} />
      {roles.length === 0 && <p className="text-xs text-amber-700">{t('atLeastOneRole')}</p>}
      {save.error && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {save.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={save.isPending || roles.length === 0} data-testid={`role-editor-save-${member.email}`}>
          {save.isPending ? tc('saving') : tc('save')}
        </button>
        <button type="button" className="btn-secondary" onClick={onClose} disabled={save.isPending}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
