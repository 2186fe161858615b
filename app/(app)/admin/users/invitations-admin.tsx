'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { Role } from '@/server/permissions';
import type { AppRouter } from '@/server/trpc/root';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { RoleBadges, RoleCheckboxes } from './role-checkboxes';

type Invitation = inferRouterOutputs<AppRouter>['admin']['invitations']['list'][number];
type Created = { url: string; email: string; expiresAt: Date; existingAccount: boolean };

/** Invite by email (the one-time link is shown once), and the open invitations with revoke. */
export function InvitationsAdmin({ initialInvitations }: { initialInvitations: Invitation[] }) {
  const t = useT('admin.invitations');
  const f = useFormat();
  const utils = trpc.useUtils();
  const invitations = trpc.admin.invitations.list.useQuery(undefined, { initialData: initialInvitations });
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const revoke = trpc.admin.invitations.revoke.useMutation({
    onSuccess: async () => {
      setRevoking(null);
      await utils.admin.invitations.list.invalidate();
    },
  });
  const list = invitations.data ?? [];

  return (
    <section className="card" data-testid="invitations-section">
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('title')}</h2>
        <p className="text-xs text-slate-500">{t('subtitle')}</p>
      </div>
      <div className="space-y-4 p-4">
        <InviteForm
          onCreated={async (c) => {
            setCreated(c);
            await utils.admin.invitations.list.invalidate();
          }}
          onStart={() => setCreated(null)}
        />
        {created && <CreatedLink created={created} onDismiss={() => setCreated(null)} />}
      </div>

      <div className="border-t border-slate-100 px-4 py-3">
        <h3 className="text-sm font-semibold">{t('openTitle')}</h3>
      </div>
      {list.length === 0 ? (
        <p className="px-4 pb-4 text-sm text-slate-500" data-testid="invitations-empty">
          {t('empty')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 border-t border-slate-100" data-testid="invitations-list">
          {list.map((inv) => (
            <li key={inv.id} className="flex flex-col gap-2 px-4 py-3 md:flex-row md:items-center md:gap-4" data-testid={`invitation-${inv.email}`}>
              <div className="min-w-0 md:w-1/3">
                <div className="truncate text-sm font-medium">{inv.email}</div>
                <div className="text-xs text-slate-500">{t('invitedAt', { time: f.dateTime(inv.createdAt) })}</div>
              </div>
              <div className="md:flex-1">
                <RoleBadges roles={inv.roles} />
              </div>
              <div className="text-sm text-slate-600 md:w-56">
                {inv.expired ? (
                  <span className="badge bg-amber-50 text-amber-800" data-testid={`invitation-expired-${inv.email}`}>
                    {t('expired')}
                  </span>
                ) : (
                  t('expiresAt', { time: f.dateTime(inv.expiresAt) })
                )}
              </div>
              <div>
                <button type="button" className="btn-danger" onClick={() => {
                    revoke.reset();
                    setRevoking(inv);
                  }} data-testid={`invitation-revoke-${inv.email}`}>
                  {t('revoke')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <ConfirmDialog
        open={revoking !== null}
        title={t('revokeTitle')}
        confirmLabel={t('revoke')}
        danger
        pending={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
        testId="invitation-revoke-confirm"
      >
        <p>{t('revokeBody', { email: revoking?.email ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}

function InviteForm({ onCreated, onStart }: { onCreated: (c: Created) => void | Promise<void>; onStart: () => void }) {
  const t = useT('admin.invitations');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['rep']);
  const create = trpc.admin.invitations.create.useMutation({
    onSuccess: async (res, vars) => {
      setEmail('');
      await onCreated({ url: `${window.location.origin}${res.path}`, email: vars.email, expiresAt: res.expiresAt, existingAccount: res.existingAccount });
    },
  });
  const fieldErrors = fieldErrorsOf(create.error);
  return (
    <form
      className="space-y-3"
      data-testid="invite-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!email.trim() || roles.length === 0) return;
        onStart();
        create.mutate({ email: email.trim(), roles });
      }}
    >
      <label className="block text-sm md:max-w-md">
        <span className="mb-1 block text-slate-700">{t('email')}</span>
        <input
          type="email"
          className="input"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder={t('emailPlaceholder')}
          autoComplete="off"
          required
          aria-invalid={Boolean(fieldErrors.email)}
          data-testid="invite-email"
        />
        {fieldErrors.email && <span className="mt-1 block text-xs text-red-700">{fieldErrors.email}</span>}
      </label>
      <fieldset className="text-sm">
        <legend className="mb-1 text-slate-700">{t('roles')}</legend>
        <RoleCheckboxes value={roles} onChange={setRoles} disabled={create.isPending} testId="invite-roles" />
        {roles.length === 0 && <span className="mt-1 block text-xs text-amber-700">{t('atLeastOneRole')}</span>}
      </fieldset>
      {create.error && !fieldErrors.email && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="invite-error">
          {create.error.message}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={create.isPending || !email.trim() || roles.length === 0} data-testid="invite-submit">
        {create.isPending ? t('sending') : t('submit')}
      </button>
    </form>
  );
}

function CreatedLink({ created, onDismiss }: { created: Created; onDismiss: () => void }) {
  const t = useT('admin.invitations');
  const tc = useT('common');
  const f = useFormat();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="space-y-2 rounded-md border border-brand-100 bg-brand-50 p-3" role="status" data-testid="invite-link-box">
      <p className="text-sm font-medium text-brand-700">{t('createdTitle', { email: created.email })}</p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input className="input font-mono text-xs" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} aria-label={t('linkLabel')} data-testid="invite-link" />
        <button type="button" className="btn-primary shrink-0" onClick={() => void copy()} data-testid="invite-copy">
          {copied === 'ok' ? tc('copied') : tc('copy')}
        </button>
      </div>
      {copied === 'failed' && <p className="text-xs text-amber-700">{t('copyFailed')}</p>}
      <p className="text-xs text-slate-600">{t('linkNote', { days: 7, time: f.dateTime(created.expiresAt) })}</p>
      {created.existingAccount && <p className="text-xs text-slate-600">{t('existingAccountNote')}</p>}
      <button type="button" className="text-xs text-brand-700 underline" onClick={onDismiss}>
        {t('dismissLink')}
      </button>
    </div>
  );
}
