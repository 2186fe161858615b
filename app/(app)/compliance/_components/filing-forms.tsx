'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

/** Records a filing (new or renewed): number, where filed, validity, the products it covers. */
export function FilingForm({ members, products }: { members: { id: string; name: string }[]; products: { id: string; name: string }[] }) {
  const tf = useT('filing');
  const tc = useT('common');
  const router = useRouter();
  const today = new Date().toISOString().slice(0, 10);
  const [userId, setUserId] = useState(members[0]?.id ?? '');
  const [filingNumber, setFilingNumber] = useState('');
  const [authority, setAuthority] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validUntil, setValidUntil] = useState('');
  const [productIds, setProductIds] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const record = trpc.compliance.filing.record.useMutation({
    onSuccess: () => {
      setFilingNumber('');
      setValidUntil('');
      setProductIds([]);
      router.refresh();
    },
  });
  const errors = fieldErrorsOf(record.error);
  return (
    <form
      className="space-y-3"
      data-testid="filing-form"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate({ userId, filingNumber, authority: authority || null, validFrom, validUntil, productIds, note: note || null });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tf('field.rep')}</span>
          <select className="input" value={userId} onChange={(e) => setUserId(e.target.value)} required data-testid="filing-user">
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tf('field.number')}</span>
          <input className="input font-mono" value={filingNumber} onChange={(e) => setFilingNumber(e.target.value)} required maxLength={64} data-testid="filing-number" />
          {errors.filingNumber && <span className="text-xs text-red-700">{errors.filingNumber}</span>}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tf('field.authority')}</span>
          <input className="input" value={authority} onChange={(e) => setAuthority(e.target.value)} maxLength={200} placeholder={tf('authorityPlaceholder')} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tf('field.validFrom')}</span>
          <input type="date" className="input" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} required />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tf('field.validUntil')}</span>
          <input type="date" className="input" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} required data-testid="filing-until" />
          {errors.validUntil && <span className="text-xs text-red-700">{errors.validUntil}</span>}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tf('field.note')}</span>
          <input className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </label>
      </div>
      {products.length > 0 && (
        <fieldset>
          <legend className="mb-1 text-sm font-medium">{tf('field.products')}</legend>
          <p className="mb-1 text-xs text-slate-500">{tf('productsHelp')}</p>
          <div className="flex flex-wrap gap-3">
            {products.map((p) => (
              <label key={p.id} className="inline-flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={productIds.includes(p.id)} onChange={() => setProductIds((l) => (l.includes(p.id) ? l.filter((x) => x !== p.id) : [...l, p.id]))} />
                {p.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {record.error && !Object.keys(errors).length && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {record.error.message}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={record.isPending || !userId} data-testid="filing-save">
        {record.isPending ? tc('saving') : tf('save')}
      </button>
    </form>
  );
}

export function RevokeFilingButton({ id }: { id: string }) {
  const tf = useT('filing');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const revoke = trpc.compliance.filing.revoke.useMutation({ onSuccess: () => router.refresh() });
  if (!open)
    return (
      <button type="button" className="text-red-700 underline" onClick={() => setOpen(true)}>
        {tf('revoke')}
      </button>
    );
  return (
    <form
      className="flex w-full flex-wrap gap-2 py-1"
      onSubmit={(e) => {
        e.preventDefault();
        revoke.mutate({ id, reason });
      }}
    >
      <input className="input flex-1" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={tf('revokeReason')} required maxLength={500} autoFocus />
      <button type="submit" className="btn-danger py-1" disabled={revoke.isPending}>
        {tf('confirmRevoke')}
      </button>
      {revoke.error && <span className="text-red-700">{revoke.error.message}</span>}
    </form>
  );
}
