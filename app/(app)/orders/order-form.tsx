'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PAYMENT_METHODS, type PaymentMethod } from '@/server/db/entities/work-enums';
import { zonedDate, zonedInstant, zonedTime } from '@/server/services/work/dates';
import { MONEY_PATTERN, fromCents, toCents } from '@/server/services/work/money';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ErrorNote, Field } from '../_work/ui';

interface Product {
  id: string;
  name: string;
  spec: string | null;
}

interface Line {
  key: number;
  productId: string;
  productName: string;
  spec: string;
  quantity: string;
  unitPrice: string;
}

export interface OrderValues {
  id: string;
  orderNo: string;
  orderedAt: Date;
  paymentMethod: PaymentMethod | null;
  shippingAddress: string | null;
  invoiceNo: string | null;
  remarks: string | null;
  lines: { productId: string | null; productName: string; spec: string | null; quantity: number; unitPrice: string }[];
}

/** The product select's "not in the catalogue" choice: the line then carries a typed name. */
const CUSTOM = '__custom';

let nextKey = 1;
const blankLine = (): Line => ({ key: nextKey++, productId: '', productName: '', spec: '', quantity: '1', unitPrice: '' });

/** The line total as the server will compute it (cents, exact), or null while the line is incomplete. */
function lineCents(l: Line): bigint | null {
  const q = Number(l.quantity);
  if (!Number.isInteger(q) || q < 1 || !MONEY_PATTERN.test(l.unitPrice.trim())) return null;
  return toCents(l.unitPrice.trim()) * BigInt(q);
}

/**
 * A purchase with its lines. The total shown is a preview in the same exact arithmetic the server
 * uses; the server computes the stored one.
 */
export function OrderForm({ subject, products, timeZone, initial, defaultAddress = null }: { subject: { kind: string; id: string; name: string }; products: Product[]; timeZone: string; initial?: OrderValues; defaultAddress?: string | null }) {
  const t = useT('orders');
  const tw = useT('work');
  const f = useFormat();
  const router = useRouter();
  const now = new Date();
  const [orderNo, setOrderNo] = useState(initial?.orderNo ?? '');
  const [date, setDate] = useState(zonedDate(initial?.orderedAt ?? now, timeZone));
  const [time] = useState(zonedTime(initial?.orderedAt ?? now, timeZone));
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod | ''>(initial?.paymentMethod ?? '');
  const [shippingAddress, setShippingAddress] = useState(initial ? (initial.shippingAddress ?? '') : (defaultAddress ?? ''));
  const [invoiceNo, setInvoiceNo] = useState(initial?.invoiceNo ?? '');
  const [remarks, setRemarks] = useState(initial?.remarks ?? '');
  const [lines, setLines] = useState<Line[]>(
    initial?.lines.map((l) => ({ key: nextKey++, productId: l.productId ?? CUSTOM, productName: l.productId ? '' : l.productName, spec: l.spec ?? '', quantity: String(l.quantity), unitPrice: l.unitPrice })) ?? [blankLine()],
  );
  const create = trpc.orders.create.useMutation({ onSuccess: (o) => router.push(`/orders/${o.id}?saved=1`) });
  const update = trpc.orders.update.useMutation({ onSuccess: (o) => router.push(`/orders/${o.id}?saved=1`) });
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const errors = fieldErrorsOf(error);

  const setLine = (key: number, patch: Partial<Line>) => setLines(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const totals = lines.map(lineCents);
  const total = totals.every((c) => c !== null) ? fromCents(totals.reduce<bigint>((s, c) => s + (c ?? 0n), 0n)) : null;

  return (
    <form
      className="space-y-4"
      noValidate
      data-testid="order-form"
      onSubmit={(e) => {
        e.preventDefault();
        const values = {
          orderNo,
          orderedAt: zonedInstant(date, time, timeZone),
          paymentMethod: paymentMethod || null,
          shippingAddress,
          invoiceNo,
          remarks,
          lines: lines.map((l) => ({ productId: l.productId && l.productId !== CUSTOM ? l.productId : null, productName: l.productId === CUSTOM ? l.productName : null, spec: l.spec, quantity: Number(l.quantity), unitPrice: l.unitPrice.trim() })),
        };
        if (initial) update.mutate({ id: initial.id, ...values });
        else create.mutate({ subjectKind: subject.kind as 'person' | 'institution', subjectId: subject.id, ...values });
      }}
    >
      <section className="card grid gap-3 p-4 sm:grid-cols-2">
        <Field label={t('fields.orderNo')} error={errors.orderNo} hint={initial ? undefined : t('fields.orderNoHint')}>
          <input className="input" value={orderNo} onChange={(e) => setOrderNo(e.target.value)} maxLength={64} data-testid="order-no" />
        </Field>
        <Field label={t('fields.orderedAt')} error={errors.orderedAt}>
          <input type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} data-testid="order-date" />
        </Field>
        <Field label={t('fields.paymentMethod')} error={errors.paymentMethod}>
          <select className="input" value={paymentMethod} onChange={(e) => setPaymentMethod(e.target.value as PaymentMethod | '')} data-testid="order-payment">
            <option value="">{tw('none')}</option>
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`paymentMethod.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.invoiceNo')} error={errors.invoiceNo}>
          <input className="input" value={invoiceNo} onChange={(e) => setInvoiceNo(e.target.value)} maxLength={64} data-testid="order-invoice" />
        </Field>
        <Field label={t('fields.shippingAddress')} error={errors.shippingAddress} className="sm:col-span-2">
          <input className="input" value={shippingAddress} onChange={(e) => setShippingAddress(e.target.value)} maxLength={300} />
        </Field>
      </section>

      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('lines')}</h2>
        {errors.lines && <p className="mb-2 text-xs text-red-700">{errors.lines}</p>}
        <ul className="space-y-3" data-testid="order-lines">
          {lines.map((l, i) => {
            const cents = totals[i];
            const err = (field: string) => errors[`lines.${i}.${field}`];
            return (
              <li key={l.key} className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-[2fr_1fr_5rem_7rem_6rem_4rem] sm:items-end" data-testid={`order-line-${i}`}>
                <Field label={t('fields.product')} error={err('productId') ?? err('productName')}>
                  <select
                    className="input"
                    value={l.productId}
                    onChange={(e) => {
                      const p = products.find((x) => x.id === e.target.value);
                      setLine(l.key, { productId: e.target.value, spec: p?.spec ?? l.spec });
                    }}
                    data-testid={`order-line-product-${i}`}
                  >
                    <option value="">{t('fields.chooseProduct')}</option>
                    {products.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                    {l.productId && l.productId !== CUSTOM && !products.some((p) => p.id === l.productId) && <option value={l.productId}>{initial?.lines[i]?.productName}</option>}
                    <option value={CUSTOM}>{t('fields.otherProduct')}</option>
                  </select>
                  {l.productId === CUSTOM && (
                    <input className="input mt-1" value={l.productName} onChange={(e) => setLine(l.key, { productName: e.target.value })} maxLength={200} placeholder={t('fields.productName')} autoFocus />
                  )}
                </Field>
                <Field label={t('fields.spec')} error={err('spec')}>
                  <input className="input" value={l.spec} onChange={(e) => setLine(l.key, { spec: e.target.value })} maxLength={100} />
                </Field>
                <Field label={t('fields.quantity')} error={err('quantity')}>
                  <input className="input" inputMode="numeric" value={l.quantity} onChange={(e) => setLine(l.key, { quantity: e.target.value.replace(/\D/g, '') })} data-testid={`order-line-qty-${i}`} />
                </Field>
                <Field label={t('fields.unitPrice')} error={err('unitPrice')}>
                  <input className="input" inputMode="decimal" value={l.unitPrice} onChange={(e) => setLine(l.key, { unitPrice: e.target.value })} placeholder="0.00" data-testid={`order-line-price-${i}`} />
                </Field>
                <div className="text-sm sm:pb-2 sm:text-right">
                  <span className="text-xs text-slate-500 sm:hidden">{t('fields.lineTotal')} </span>
                  {cents === null || cents === undefined ? '—' : f.money(Number(fromCents(cents)))}
                </div>
                {lines.length > 1 ? (
                  <button type="button" className="justify-self-end text-xs text-red-700 hover:underline sm:pb-2" onClick={() => setLines(lines.filter((x) => x.key !== l.key))}>
                    {t('removeLine')}
                  </button>
                ) : (
                  <span />
                )}
              </li>
            );
          })}
        </ul>
        <div className="mt-3 flex items-center justify-between">
          <button type="button" className="btn-secondary" onClick={() => setLines([...lines, blankLine()])} disabled={lines.length >= 200} data-testid="order-add-line">
            {t('addLine')}
          </button>
          <div className="text-right">
            <div className="text-xs text-slate-500">{t('fields.total')}</div>
            <div className="text-lg font-semibold" data-testid="order-total-preview">
              {total === null ? '—' : f.money(Number(total))}
            </div>
          </div>
        </div>
      </section>

      <section className="card p-4">
        <Field label={t('fields.remarks')} error={errors.remarks} hint={t('fields.remarksHint')}>
          <textarea className="input min-h-16" value={remarks} onChange={(e) => setRemarks(e.target.value)} maxLength={5000} />
        </Field>
      </section>

      <ErrorNote message={error?.message} testId="order-error" />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending} data-testid="order-save">
          {pending ? tw('saving') : tw('save')}
        </button>
        <button type="button" className="btn-secondary" onClick={() => router.back()} disabled={pending}>
          {tw('cancel')}
        </button>
      </div>
    </form>
  );
}
