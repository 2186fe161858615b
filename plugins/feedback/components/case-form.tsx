'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CustomerPicker, type PickedCustomer } from '@/app/(app)/_work/customer-picker';
import { Field } from '@/app/(app)/_work/ui';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { usePluginMutation } from '@/app/_lib/plugin-client';
import { CASE_CHANNELS, CASE_KINDS, SEVERITIES, type CaseChannel, type CaseKind, type Severity } from '../settings';

interface Created {
  id: string;
  number: string;
  adverseEventId: string | null;
  adverseEventNumber: string | null;
  adverseEventHref: string | null;
}

/**
 * Records a feedback case: on the feedback page (customer picked here) or on an interaction's page
 * (customer, channel and interaction prefilled).
 */
export function CaseForm({
  products,
  preset,
  testId = 'feedback-case-form',
}: {
  products: { id: string; name: string }[];
  preset?: { customer: PickedCustomer; interactionId: string; channel: CaseChannel } | null;
  testId?: string;
}) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const create = usePluginMutation<Record<string, unknown>, Created>('feedback', 'cases.create');
  const [customer, setCustomer] = useState<PickedCustomer | null>(preset?.customer ?? null);
  const [kind, setKind] = useState<CaseKind>('complaint');
  const [channel, setChannel] = useState<CaseChannel>(preset?.channel ?? 'visit');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [productId, setProductId] = useState('');
  const [text, setText] = useState('');
  const [done, setDone] = useState<Created | null>(null);
  const errors = fieldErrorsOf(create.error);

  return (
    <form
      className="space-y-3"
      data-testid={testId}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!customer) return;
        const result = await create
          .mutateAsync({ kind, channel, severity, text, customer: { kind: customer.kind, id: customer.id }, productId: productId || null, interactionId: preset?.interactionId ?? null })
          .catch(() => null);
        if (!result) return;
        setDone(result);
        setText('');
        router.refresh();
      }}
    >
      {!preset && (
        <Field label={t('fields.customer')} error={errors['customer.id']}>
          {customer ? (
            <div className="flex items-center gap-2 text-sm">
              <span className="font-medium" data-testid="feedback-case-customer">{customer.name}</span>
              <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => setCustomer(null)}>
                ✕
              </button>
            </div>
          ) : (
            <CustomerPicker onPick={setCustomer} testId="feedback-customer-picker" />
          )}
        </Field>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t('fields.kind')}>
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as CaseKind)} data-testid="feedback-kind">
            {CASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.severity')}>
          <select className="input" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} data-testid="feedback-severity">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.channel')}>
          <select className="input" value={channel} onChange={(e) => setChannel(e.target.value as CaseChannel)} data-testid="feedback-channel">
            {CASE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('fields.product')} error={errors.productId}>
        <select className="input" value={productId} onChange={(e) => setProductId(e.target.value)} data-testid="feedback-product">
          <option value="">{t('fields.noProduct')}</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fields.text')} error={errors.text}>
        <textarea className="input" rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} data-testid="feedback-text" />
      </Field>
      {create.error && !Object.keys(errors).length && (
        <p className="text-sm text-red-700" role="alert">
          {create.error.message}
        </p>
      )}
      {done && (
        <div className="space-y-1 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="feedback-case-created">
          <p>
            <Link href={`/m/feedback/cases/${done.id}`} className="font-medium underline">
              {t('caseCreated', { number: done.number })}
            </Link>
          </p>
          {done.adverseEventHref && (
            <p className="rounded bg-red-50 p-2 text-red-800" data-testid="feedback-ae-notice">
              {t('aeOpenedNotice', { number: done.adverseEventNumber ?? '' })}{' '}
              <Link href={done.adverseEventHref} className="font-medium underline" data-testid="feedback-ae-link">
                {t('openAe')}
              </Link>
            </p>
          )}
        </div>
      )}
      <button className="btn-primary" disabled={create.isPending || !customer || !text.trim()} data-testid="feedback-case-save">
        {t('save')}
      </button>
    </form>
  );
}
