'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

type View = Extract<inferRouterOutputs<AppRouter>['consentSelfService']['view'], { status: 'ok' }>;
type Item = View['active'][number];
type Receipt = { number: string; createdAt: Date; items: { purpose: string; channel: string; productId: string | null; contentType: string | null }[] };

/** What the person consented to, each withdrawable with one tap, and the receipt of what they withdrew. */
export function SelfServiceConsent({ token, initial }: { token: string; initial: View }) {
  const t = useT('consent.self');
  const tc = useT('consent');
  const f = useFormat();
  const utils = trpc.useUtils();
  const view = trpc.consentSelfService.view.useQuery({ token }, { initialData: initial });
  const data = view.data?.status === 'ok' ? view.data : initial;
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const notice = trpc.consentSelfService.notice.useQuery({ token, noticeId: reading ?? '' }, { enabled: Boolean(reading) });
  const withdraw = trpc.consentSelfService.withdraw.useMutation({
    onSuccess: async (r) => {
      setReceipt(r);
      await utils.consentSelfService.view.invalidate({ token });
    },
  });
  const label = (i: { purpose: string; channel: string; productName?: string | null; contentType: string | null }) =>
    [tc(`purpose.${i.purpose}`), i.channel !== 'none' ? tc(`channel.${i.channel}`) : null, i.productName, i.contentType].filter(Boolean).join(' · ');
  const productName = (id: string | null) => [...data.active, ...data.withdrawn].find((x) => x.productId === id)?.productName ?? null;

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{t('greeting', { name: data.personName })}</p>
      <p className="text-sm text-slate-600">{t('intro')}</p>

      {receipt && (
        <section className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" role="status" data-testid="consent-self-receipt">
          <h2 className="font-semibold">{t('receiptTitle')}</h2>
          <p className="mt-1">
            {t('receiptNumber')} <span className="font-mono font-medium" data-testid="consent-self-receipt-number">{receipt.number}</span>
          </p>
          <p>
            {t('receiptTime')} {f.dateTime(receipt.createdAt)}
          </p>
          <ul className="mt-1 list-inside list-disc">
            {receipt.items.map((i) => (
              <li key={`${i.purpose}-${i.channel}-${i.productId ?? ''}-${i.contentType ?? ''}`}>{label({ ...i, productName: productName(i.productId) })}</li>
            ))}
          </ul>
          <p className="mt-2 text-xs">{t('receiptKeep')}</p>
        </section>
      )}
      {withdraw.error && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert">
          {withdraw.error.message}
        </p>
      )}

      <section className="card p-4" data-testid="consent-self-active">
        <h2 className="mb-2 text-base font-medium">{t('activeTitle')}</h2>
        {data.active.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="consent-self-none">
            {t('noneActive')}
          </p>
        ) : (
          <ul className="space-y-3">
            {data.active.map((i: Item) => (
              <li key={i.scopeKey} className="rounded-md border border-slate-200 p-3" data-testid={`consent-self-item-${i.purpose}-${i.channel}`}>
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <div className="font-medium text-slate-900">{label(i)}</div>
                    <div className="mt-0.5 text-xs text-slate-500">
                      {i.grantedAt && t('since', { date: f.date(i.grantedAt) })}
                      {i.expiresAt && ` · ${t('until', { date: f.date(i.expiresAt) })}`}
                      {i.recipient && ` · ${t('recipient', { recipient: i.recipient })}`}
                    </div>
                    {i.state === 'reconsent_required' && <div className="mt-1 text-xs text-amber-700">{t('reconsentNote')}</div>}
                    {i.notice && (
                      <button type="button" className="mt-1 text-xs text-brand-700 underline" onClick={() => setReading(reading === i.notice!.id ? null : i.notice!.id)}>
                        {t('readNotice', { title: i.notice.title, version: i.notice.version })}
                      </button>
                    )}
                  </div>
                  <button
                    type="button"
                    className="btn-danger shrink-0 px-4 py-2"
                    disabled={withdraw.isPending}
                    onClick={() => withdraw.mutate({ token, scopes: [{ purpose: i.purpose, channel: i.channel, productId: i.productId, contentType: i.contentType }] })}
                    data-testid={`consent-self-withdraw-${i.purpose}-${i.channel}`}
                  >
                    {t('withdraw')}
                  </button>
                </div>
                {reading && reading === i.notice?.id && (
                  <div className="mt-2 max-h-72 overflow-y-auto rounded-md bg-slate-50 p-3 text-xs whitespace-pre-wrap text-slate-700">{notice.data ? `${notice.data.title}\n\n${notice.data.body}` : t('loading')}</div>
                )}
              </li>
            ))}
          </ul>
        )}
        {data.active.length > 1 && (
          <button type="button" className="btn-danger mt-4 w-full py-2" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ token, scopes: 'all' })} data-testid="consent-self-withdraw-all">
            {t('withdrawAll')}
          </button>
        )}
      </section>

      {data.withdrawn.length > 0 && (
        <section className="card p-4" data-testid="consent-self-withdrawn">
          <h2 className="mb-2 text-base font-medium">{t('withdrawnTitle')}</h2>
          <ul className="space-y-1 text-sm text-slate-600">
            {data.withdrawn.map((i) => (
              <li key={i.scopeKey}>
                {label(i)} <span className="text-xs text-slate-400">· {t(i.state === 'withdrawn' ? 'withdrawnOn' : 'expiredOn', { date: f.date(i.since) })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.receipts.length > 0 && (
        <section className="card p-4">
          <h2 className="mb-2 text-base font-medium">{t('receiptsTitle')}</h2>
          <ul className="space-y-1 text-sm">
            {data.receipts.map((r) => (
              <li key={r.id} className="flex flex-wrap gap-x-2">
                <span className="font-mono text-xs">{r.number}</span>
                <span className="text-slate-500">{f.dateTime(r.createdAt)}</span>
                <span className="text-slate-500">{tc(`via.${r.via}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="text-xs text-slate-500">{t('linkExpires', { date: f.dateTime(data.linkExpiresAt) })}</p>
    </div>
  );
}
