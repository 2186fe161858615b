'use client';

import { useState } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import type { ListSort } from '@/server/services/customers/list-input';
import type { SavedViewOut } from '@/server/services/customers/saved-views';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

interface Definition {
  filters: Record<string, unknown>;
  columns: string[];
  sort: ListSort;
}

const same = (a: Definition, b: { filters: unknown; columns: string[]; sort: { field: string; dir: string } | null }) =>
  JSON.stringify([a.filters, a.columns, a.sort]) === JSON.stringify([b.filters, b.columns, b.sort ?? { field: 'name', dir: 'asc' }]);

/** The user's saved views of a list: open one, save the current list as a view, update, rename, delete, make default. */
export function SavedViewsBar({
  kind,
  initialViews,
  current,
  viewId,
  onOpen,
  onSaved,
}: {
  kind: CustomerKind;
  initialViews: SavedViewOut[];
  current: Definition;
  viewId: string | null;
  onOpen: (view: SavedViewOut | null) => void;
  onSaved: (id: string) => void;
}) {
  const t = useT('savedViews');
  const utils = trpc.useUtils();
  const views = trpc.customers.views.list.useQuery({ entity: kind }, { initialData: initialViews });
  const list = views.data ?? [];
  const selected = list.find((v) => v.id === viewId) ?? null;
  const [mode, setMode] = useState<'idle' | 'save' | 'rename'>('idle');
  const [name, setName] = useState('');
  const [asDefault, setAsDefault] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => utils.customers.views.list.invalidate({ entity: kind });
  const definition = current as never;

  const create = trpc.customers.views.create.useMutation({
    onSuccess: async (v) => {
      setMode('idle');
      onSaved(v.id);
      await refresh();
    },
  });
  const update = trpc.customers.views.update.useMutation({
    onSuccess: async () => {
      setMode('idle');
      await refresh();
    },
  });
  const remove = trpc.customers.views.delete.useMutation({
    onSuccess: async () => {
      setConfirmDelete(false);
      onOpen(null);
      await refresh();
    },
  });
  const setDefault = trpc.customers.views.setDefault.useMutation({ onSuccess: refresh });
  const error = create.error ?? update.error;
  const nameError = fieldErrorsOf(error).name ?? error?.message;
  const changed = selected ? !same(current, selected.definition) : false;

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="views-bar">
      <label className="flex items-center gap-2">
        <span className="text-slate-500">{t('view')}</span>
        <select
          className="input w-auto py-1.5"
          value={viewId ?? ''}
          onChange={(e) => onOpen(list.find((v) => v.id === e.target.value) ?? null)}
          data-testid="views-select"
        >
          <option value="">{t('allRecords')}</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {v.isDefault ? t('defaultMark', { name: v.name }) : v.name}
            </option>
          ))}
        </select>
      </label>
      {mode === 'idle' && (
        <>
          {selected && changed && (
            <button type="button" className="btn-secondary py-1" onClick={() => update.mutate({ id: selected.id, entity: kind, definition })} disabled={update.isPending} data-testid="views-update">
              {t('update')}
            </button>
          )}
          <button
            type="button"
            className="btn-secondary py-1"
            onClick={() => {
              setName('');
              setAsDefault(false);
              create.reset();
              setMode('save');
            }}
            data-testid="views-save-as"
          >
            {t('saveAs')}
          </button>
          {selected && (
            <>
              <button
                type="button"
                className="text-brand-700 hover:underline"
                onClick={() => {
                  setName(selected.name);
                  update.reset();
                  setMode('rename');
                }}
                data-testid="views-rename"
              >
                {t('rename')}
              </button>
              <button type="button" className="text-brand-700 hover:underline" onClick={() => setDefault.mutate({ id: selected.id, isDefault: !selected.isDefault })} data-testid="views-default">
                {selected.isDefault ? t('unsetDefault') : t('setDefault')}
              </button>
              <button type="button" className="text-red-700 hover:underline" onClick={() => setConfirmDelete(true)} data-testid="views-delete">
                {t('delete')}
              </button>
            </>
          )}
        </>
      )}
      {mode !== 'idle' && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            if (mode === 'save') create.mutate({ entity: kind, name: name.trim(), definition, isDefault: asDefault });
            else if (selected) update.mutate({ id: selected.id, entity: kind, name: name.trim() });
          }}
        >
          <input className="input w-48 py-1.5" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder={t('namePlaceholder')} autoFocus data-testid="views-name" aria-invalid={nameError ? true : undefined} />
          {mode === 'save' && (
            <label className="flex items-center gap-1 text-slate-600">
              <input type="checkbox" checked={asDefault} onChange={(e) => setAsDefault(e.target.checked)} />
              {t('asDefault')}
            </label>
          )}
          <button type="submit" className="btn-primary py-1" disabled={create.isPending || update.isPending || !name.trim()} data-testid="views-name-save">
            {t('save')}
          </button>
          <button type="button" className="btn-secondary py-1" onClick={() => setMode('idle')}>
            {t('cancel')}
          </button>
          {nameError && <span className="w-full text-xs text-red-700">{nameError}</span>}
        </form>
      )}
      <ConfirmDialog
        open={confirmDelete && !!selected}
        title={t('deleteTitle', { name: selected?.name ?? '' })}
        confirmLabel={t('delete')}
        danger
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => selected && remove.mutate({ id: selected.id })}
        onCancel={() => setConfirmDelete(false)}
        testId="views-delete-confirm"
      >
        <p>{t('deleteBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
