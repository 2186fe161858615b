'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { PRODUCT_CATEGORIES, PRODUCT_STATUSES, type ProductCategory, type ProductStatus } from '@/server/db/entities/work-enums';
import type { AppRouter } from '@/server/trpc/root';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ErrorNote, Field } from '../../_work/ui';

type Product = inferRouterOutputs<AppRouter>['products']['list'][number];

const STATUS_STYLE: Record<ProductStatus, string> = {
  active: 'bg-emerald-50 text-emerald-700',
  inactive: 'bg-amber-50 text-amber-700',
  discontinued: 'bg-slate-100 text-slate-500',
};

/** The product catalogue: what reps pick on visits and orders (active products only). */
export function ProductsAdmin({ initial }: { initial: Product[] }) {
  const t = useT('products');
  const utils = trpc.useUtils();
  const products = trpc.products.list.useQuery({ includeInactive: true }, { initialData: initial });
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const done = async () => {
    setEditing(null);
    await utils.products.list.invalidate();
  };
  const rows = products.data;
  return (
    <section className="card">
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('count', { count: rows.length })}</h2>
        {editing !== 'new' && (
          <button type="button" className="btn-primary" onClick={() => setEditing('new')} data-testid="product-new">
            {t('new')}
          </button>
        )}
      </div>
      {editing === 'new' && (
        <div className="border-b border-slate-100 p-4">
          <ProductForm onDone={done} onCancel={() => setEditing(null)} />
        </div>
      )}
      {rows.length === 0 && editing !== 'new' && <p className="p-6 text-center text-sm text-slate-500">{t('empty')}</p>}
      <ul className="divide-y divide-slate-100" data-testid="products-list">
        {rows.map((p) =>
          editing === p.id ? (
            <li key={p.id} className="p-4">
              <ProductForm initial={p} onDone={done} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3" data-testid={`product-${p.code ?? p.id}`}>
              <div className="min-w-0">
                <div className="font-medium">
                  {p.name}
                  {p.spec && <span className="ml-2 text-sm font-normal text-slate-500">{p.spec}</span>}
                </div>
                <div className="text-xs text-slate-500">{[p.code, p.genericName, t(`category.${p.category}`)].filter(Boolean).join(' · ')}</div>
              </div>
              <div className="flex items-center gap-2">
                <span className={`badge ${STATUS_STYLE[p.status]}`}>{t(`status.${p.status}`)}</span>
                <button type="button" className="btn-secondary" onClick={() => setEditing(p.id)}>
                  {t('edit')}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

function ProductForm({ initial, onDone, onCancel }: { initial?: Product; onDone: () => void; onCancel: () => void }) {
  const t = useT('products');
  const tw = useT('work');
  const [v, setV] = useState({
    code: initial?.code ?? '',
    name: initial?.name ?? '',
    genericName: initial?.genericName ?? '',
    spec: initial?.spec ?? '',
    category: (initial?.category ?? 'rx') as ProductCategory,
    status: (initial?.status ?? 'active') as ProductStatus,
  });
  const create = trpc.products.create.useMutation({ onSuccess: onDone });
  const update = trpc.products.update.useMutation({ onSuccess: onDone });
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const errors = fieldErrorsOf(error);
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      noValidate
      data-testid="product-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (initial) update.mutate({ id: initial.id, ...v });
        else create.mutate(v);
      }}
    >
      <Field label={t('fields.name')} error={errors.name}>
        <input className="input" value={v.name} onChange={(e) => set({ name: e.target.value })} maxLength={200} autoFocus data-testid="product-name" />
      </Field>
      <Field label={t('fields.genericName')} error={errors.genericName}>
        <input className="input" value={v.genericName} onChange={(e) => set({ genericName: e.target.value })} maxLength={200} />
      </Field>
      <Field label={t('fields.spec')} error={errors.spec} hint={t('fields.specHint')}>
        <input className="input" value={v.spec} onChange={(e) => set({ spec: e.target.value })} maxLength={100} data-testid="product-spec" />
      </Field>
      <Field label={t('fields.code')} error={errors.code}>
        <input className="input" value={v.code} onChange={(e) => set({ code: e.target.value })} maxLength={50} data-testid="product-code" />
      </Field>
      <Field label={t('fields.category')} error={errors.category}>
        <select className="input" value={v.category} onChange={(e) => set({ category: e.target.value as ProductCategory })} data-testid="product-category">
          {PRODUCT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fields.status')} error={errors.status}>
        <select className="input" value={v.status} onChange={(e) => set({ status: e.target.value as ProductStatus })} data-testid="product-status">
          {PRODUCT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="space-y-2 sm:col-span-2">
        <ErrorNote message={error?.message} />
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" disabled={pending || !v.name.trim()} data-testid="product-save">
            {pending ? tw('saving') : tw('save')}
          </button>
          <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending}>
            {tw('cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}
