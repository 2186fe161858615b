'use client';

import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { GrantForm, type NoticeOption, type ProductOption } from './grant-form';
import { scopeText, stateTone } from './labels';
import { Badge } from './ui';

type Status = inferRouterOutputs<AppRouter>['compliance']['consent']['status'];
type Scope = Status['scopes'][number];
type Receipt = { number: string; createdAt: Date; items: { purpose: string; channel: string }[] };

/** The consent panel's interactive part. Withdrawal is one click; withdrawing everything asks once. */
export function ConsentPanelClient({
  personId,
  initial,
  notices,
  products,
  canWrite,
  showHistoryLink,
}: {
  personId: string;
  initial: Status;
  notices: NoticeOption[];
  products: ProductOption[];
  canWrite: boolean;
  showHistoryLink: boolean;
}) {
  const t = useT('consent');
  const f = useFormat();
  const utils = trpc.useUtils();
  const status = trpc.compliance.consent.status.useQuery({ personId }, { initialData: initial });
  const [granting, setGranting] = useState(false);
  const [confirmAll, setConfirmAll] = useState(false);
  const [receipt, setReceipt] = useState<{ kind: 'grant' | 'withdraw'; r: Receipt } | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: Date } | null>(null);
  const [copied, setCopied] = useState(false);

  const refresh = () => Promise.all([utils.compliance.consent.status.invalidate({ personId }), utils.compliance.consent.history.invalidate({ personId })]);
  const withdraw = trpc.compliance.consent.withdraw.useMutation({
    onSuccess: async (r) => {
      setConfirmAll(false);
      setReceipt({ kind: 'withdraw', r });
      await refresh();
    },
  });
  const links = trpc.compliance.consent.links.useQuery({ personId }, { enabled: canWrite });
  const issueLink = trpc.compliance.consent.issueLink.useMutation({
    onSuccess: async (r) => {
      setCopied(false);
      setLink({ url: `${window.location.origin}${r.path}`, expiresAt: r.expiresAt });
      await utils.compliance.consent.links.invalidate({ personId });
    },
  });
  const revokeLink = trpc.compliance.consent.revokeLink.useMutation({
    onSuccess: async () => {
      setLink(null);
      await utils.compliance.consent.links.invalidate({ personId });
    },
  });

  const data = status.data ?? initial;
  const withdrawable = (s: Scope) => s.latestAction === 'grant';
  const anyWithdrawable = data.scopes.some(withdrawable);

  return (
    <section className="card p-4" data-testid="consent-panel">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">{t('panel.title')}</h2>
        {showHistoryLink && (
          <Link href={`/compliance/consent/${personId}`} className="text-sm text-brand-700 hover:underline" data-testid="consent-history-link">
            {t('panel.fullHistory')}
          </Link>
        )}
      </div>

      {receipt && (
        <p className="mb-3 rounded-md bg-brand-50 p-2 text-sm text-brand-700" role="status" data-testid="consent-receipt-notice">
          {t(receipt.kind === 'grant' ? 'panel.granted' : 'panel.withdrawn', { number: receipt.r.number, count: receipt.r.items.length })}
        </p>
      )}
      {withdraw.error && (
        <p className="mb-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {withdraw.error.message}
        </p>
      )}

      {data.scopes.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="consent-none">
          {t('panel.none')}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="consent-scopes">
          {data.scopes.map((s) => (
            <li key={s.scopeKey} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2" data-testid={`consent-scope-${s.purpose}-${s.channel}${s.productId ? `-${s.productId}` : ''}`}>
              <div className="min-w-0 flex-1">
                <div className="text-sm font-medium text-slate-800">{scopeText(t, s)}</div>
                <div className="text-xs text-slate-500">
                  {s.latestAction === 'grant'
                    ? t('panel.grantedLine', { at: f.dateTime(s.since), method: t(`capture.${s.captureMethod ?? 'electronic'}`) })
                    : t(s.latestAction === 'withdraw' ? 'panel.withdrawnLine' : 'panel.expiredLine', { at: f.dateTime(s.since), via: t(`capture.${s.latestVia}`) })}
                  {s.latestReceipt && <span className="ml-1 font-mono">· {s.latestReceipt}</span>}
                  {s.latestAction === 'grant' && s.expiresAt && <span className="ml-1">· {t('panel.expires', { at: f.date(s.expiresAt) })}</span>}
                  {s.recipient && <span className="ml-1">· {t('panel.recipient', { recipient: s.recipient, country: s.recipientCountry ?? '' })}</span>}
                </div>
              </div>
              <Badge tone={stateTone(s.state)} testId={`consent-state-${s.purpose}-${s.channel}`}>
                {t(`state.${s.state}`)}
              </Badge>
              {canWrite && withdrawable(s) && (
                <button
                  type="button"
                  className="btn-danger py-1"
                  disabled={withdraw.isPending}
                  data-testid={`consent-withdraw-${s.purpose}-${s.channel}`}
                  onClick={() => withdraw.mutate({ personId, scopes: [{ purpose: s.purpose, channel: s.channel, productId: s.productId, contentType: s.contentType }] })}
                >
                  {t('panel.withdraw')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {canWrite && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className="btn-primary" onClick={() => setGranting((g) => !g)} aria-expanded={granting} data-testid="consent-grant-open">
            {t('panel.record')}
          </button>
          <button type="button" className="btn-secondary" onClick={() => issueLink.mutate({ personId })} disabled={issueLink.isPending} data-testid="consent-issue-link">
            {t('panel.selfServiceLink')}
          </button>
          {anyWithdrawable && (
            <button type="button" className="btn-danger" onClick={() => setConfirmAll(true)} data-testid="consent-withdraw-all">
              {t('panel.withdrawAll')}
            </button>
          )}
        </div>
      )}

      {link && (
        <div className="mt-3 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="consent-link-box">
          <p className="text-slate-600">{t('panel.linkHelp', { at: f.date(link.expiresAt) })}</p>
          <div className="flex gap-2">
            <input className="input font-mono text-xs" readOnly value={link.url} data-testid="consent-link-url" onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="btn-secondary shrink-0"
              onClick={async () => {
                await navigator.clipboard?.writeText(link.url).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? t('panel.copied') : t('panel.copy')}
            </button>
          </div>
        </div>
      )}
      {issueLink.error && (
        <p className="mt-2 text-sm text-red-700" role="alert">
          {issueLink.error.message}
        </p>
      )}
      {canWrite && !!links.data?.length && (
        <div className="mt-3" data-testid="consent-links">
          <h3 className="mb-1 text-xs font-semibold text-slate-500">{t('panel.activeLinks')}</h3>
          <ul className="divide-y divide-slate-100 text-sm">
            {links.data.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                <span className="text-slate-600">{t('panel.linkIssued', { by: l.issuedBy ?? '—', at: f.dateTime(l.issuedAt), until: f.date(l.expiresAt) })}</span>
                <button type="button" className="text-xs text-red-700 hover:underline" disabled={revokeLink.isPending} onClick={() => revokeLink.mutate({ id: l.id })} data-testid="consent-link-revoke">
                  {t('panel.revokeLink')}
                </button>
              </li>
            ))}
          </ul>
          {revokeLink.error && (
            <p className="mt-1 text-sm text-red-700" role="alert">
              {revokeLink.error.message}
            </p>
          )}
        </div>
      )}

      {granting && canWrite && (
        <GrantForm
          personId={personId}
          notices={notices}
          products={products}
          onDone={async (r) => {
            setGranting(false);
            setReceipt({ kind: 'grant', r });
            await refresh();
          }}
          onCancel={() => setGranting(false)}
        />
      )}

      {data.receipts.length > 0 && (
        <div className="mt-4">
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('panel.receipts')}</h3>
          <ul className="space-y-1 text-sm" data-testid="consent-receipts">
            {data.receipts.map((r) => (
              <li key={r.id} className="flex flex-wrap gap-x-2" data-testid={`consent-receipt-${r.number}`}>
                <span className="font-mono text-xs text-slate-700">{r.number}</span>
                <span className="text-slate-500">{f.dateTime(r.createdAt)}</span>
                <span className={r.action === 'withdraw' ? 'text-red-700' : 'text-emerald-700'}>{t(`receiptAction.${r.action}`)}</span>
                <span className="text-slate-500">{t(`via.${r.via}`)}</span>
                <span className="text-slate-700">{r.items.map((i) => scopeText(t, { ...i, productName: i.productName })).join(t('listSeparator'))}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      <ConfirmDialog
        open={confirmAll}
        title={t('panel.withdrawAllTitle', { name: data.person.name })}
        confirmLabel={t('panel.withdrawAll')}
        danger
        pending={withdraw.isPending}
        error={withdraw.error?.message}
        onConfirm={() => withdraw.mutate({ personId, scopes: 'all' })}
        onCancel={() => setConfirmAll(false)}
        testId="consent-withdraw-all-dialog"
      >
        <p>{t('panel.withdrawAllBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
