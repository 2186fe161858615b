'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { InstitutionProfile } from '@/server/services/customers/institutions';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

type Department = InstitutionProfile['departments'][number];

/** The institution's departments (科室): add, rename, set specialty and phone, delete an unused one. */
export function DepartmentsPanel({ institutionId, departments, canWrite }: { institutionId: string; departments: Department[]; canWrite: boolean }) {
  const t = useT('institutions');
  const tc = useT('customers');
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);
  const [draft, setDraft] = useState({ name: '', specialty: '', phone: '' });
  const refresh = () => router.refresh();
  const create = trpc.customers.departments.create.useMutation({
    onSuccess: () => {
      setAdding(false);
      refresh();
    },
  });
  const update = trpc.customers.departments.update.useMutation({
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const remove = trpc.customers.departments.delete.useMutation({
    onSuccess: () => {
      setDeleting(null);
      refresh();
    },
  });
  const active = adding ? create : update;
  const errors = fieldErrorsOf(active.error);

  const form = (onSubmit: () => void, pending: boolean) => (
    <form
      className="grid gap-2 rounded-md bg-slate-50 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_10rem_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.name.trim()) onSubmit();
      }}
      data-testid="department-form"
    >
      <div>
        <input className="input" value={draft.name} maxLength={100} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} placeholder={t('departments.name')} aria-label={t('departments.name')} autoFocus data-testid="department-name" />
        {errors.name && <p className="mt-1 text-xs text-red-700">{errors.name}</p>}
      </div>
      <input className="input" value={draft.specialty} maxLength={100} onChange={(e) => setDraft((d) => ({ ...d, specialty: e.target.value }))} placeholder={t('departments.specialty')} aria-label={t('departments.specialty')} />
      <input className="input" type="tel" value={draft.phone} maxLength={50} onChange={(e) => setDraft((d) => ({ ...d, phone: e.target.value }))} placeholder={t('departments.phone')} aria-label={t('departments.phone')} />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending || !draft.name.trim()} data-testid="department-save">
          {tc('form.save')}
        </button>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            setAdding(false);
            setEditing(null);
          }}
        >
          {tc('form.cancel')}
        </button>
      </div>
      {active.error && !Object.keys(errors).length && <p className="text-xs text-red-700 sm:col-span-4">{active.error.message}</p>}
    </form>
  );

  return (
    <div className="space-y-2" data-testid="departments-panel">
      {departments.length === 0 && !adding && <p className="text-sm text-slate-500">{t('departments.empty')}</p>}
      <ul className="divide-y divide-slate-100">
        {departments.map((d) =>
          editing === d.id ? (
            <li key={d.id} className="py-2">
              {form(() => update.mutate({ id: d.id, name: draft.name.trim(), specialty: draft.specialty.trim() || null, phone: draft.phone.trim() || null }), update.isPending)}
            </li>
          ) : (
            <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`department-${d.name}`}>
              <div className="min-w-0">
                <Link href={`/customers/people?institutionId=${institutionId}&departmentId=${d.id}`} className="font-medium text-brand-700 hover:underline">
                  {d.name}
                </Link>
                <span className="ml-2 text-xs text-slate-500">{[d.specialty, d.phone, d.headName && t('departments.head', { name: d.headName }), t('departments.people', { count: d.people })].filter(Boolean).join(' · ')}</span>
              </div>
              {canWrite && (
                <div className="flex shrink-0 gap-3 text-sm">
                  <button
                    type="button"
                    className="text-brand-700 hover:underline"
                    onClick={() => {
                      update.reset();
                      setAdding(false);
                      setDraft({ name: d.name, specialty: d.specialty ?? '', phone: d.phone ?? '' });
                      setEditing(d.id);
                    }}
                  >
                    {tc('form.edit')}
                  </button>
                  <button
                    type="button"
                    className="text-red-700 hover:underline"
                    onClick={() => {
                      remove.reset();
                      setDeleting(d);
                    }}
                  >
                    {tc('form.delete')}
                  </button>
                </div>
              )}
            </li>
          ),
        )}
      </ul>
      {adding && form(() => create.mutate({ institutionId, name: draft.name.trim(), specialty: draft.specialty.trim() || null, phone: draft.phone.trim() || null }), create.isPending)}
      {canWrite && !adding && (
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            create.reset();
            setEditing(null);
            setDraft({ name: '', specialty: '', phone: '' });
            setAdding(true);
          }}
          data-testid="department-add"
        >
          {t('departments.add')}
        </button>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t('departments.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={tc('form.delete')}
        danger
        pending={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        testId="department-delete"
      >
        <p>{t('departments.deleteBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
