'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { scopeText } from './labels';
import { Badge } from './ui';

type History = inferRouterOutputs<AppRouter>['compliance']['consent']['history'];
const PAGE = 50;

/** The person's whole ledger, newest first: what, when, by whom, on which notice, with which proof. */
export function ConsentHistory({ personId, initial }: { personId: string; initial: History }) {
  const t = useT('consent');
  const tl = useT('consent.history');
  const f = useFormat();
  const utils = trpc.useUtils();
  const first = trpc.compliance.consent.history.useQuery({ personId, limit: PAGE, offset: 0 }, { initialData: initial });
  const [more, setMore] = useState<History['events']>([]);
  const [loading, setLoading] = useState(false);
  const base = first.data ?? initial;
  const data = { total: base.total, events: [...base.events, ...more.filter((m) => !base.events.some((b) => b.id === m.id))] };
  const loadMore = async () => {
    setLoading(true);
    try {
      const next = await utils.compliance.consent.history.fetch({ personId, limit: PAGE, offset: data.events.length });
      setMore((m) => [...m, ...next.events]);
    } finally {
      setLoading(false);
    }
  };
  return (
    <section className="card p-4" data-testid="consent-history">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 className="text-sm font-semibold text-slate-700">{tl('title')}</h2>
        <span className="text-xs text-slate-500">{tl('count', { count: data.total })}</span>
      </div>
      {data.events.length === 0 ? (
        <p className="text-sm text-slate-500">{tl('empty')}</p>
      ) : (
        <ol className="space-y-3">
          {data.events.map((e) => (
            <li key={e.id} className="rounded-md border border-slate-100 p-3 text-sm" data-testid={`consent-event-${e.action}`}>
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={e.action === 'grant' ? 'green' : e.action === 'withdraw' ? 'red' : 'slate'}>{t(`action.${e.action}`)}</Badge>
                <span className="font-medium">{scopeText(t, e)}</span>
                <span className="ml-auto text-xs text-slate-500">{f.dateTime(e.occurredAt)}</span>
              </div>
              <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-slate-600 sm:grid-cols-[7rem_minmax(0,1fr)]">
                <dt className="text-slate-400">{tl('by')}</dt>
                <dd>{e.actorKind === 'subject' ? tl('bySubject') : e.actorKind === 'system' ? tl('bySystem') : (e.actor ?? '—')}</dd>
                <dt className="text-slate-400">{tl('method')}</dt>
                <dd>
                  {t(`capture.${e.captureMethod}`)}
                  {e.captureReference && <span className="ml-1">（{e.captureReference}）</span>}
                </dd>
                {e.action === 'grant' && (
                  <>
                    <dt className="text-slate-400">{tl('legalBasis')}</dt>
                    <dd>{t(`legalBasis.${e.legalBasis}`)}</dd>
                  </>
                )}
                {e.notice && (
                  <>
                    <dt className="text-slate-400">{tl('notice')}</dt>
                    <dd>
                      {tl('noticeLine', { title: e.notice.title ?? '—', version: e.notice.version, locale: t(`locale.${e.notice.locale ?? 'zh-CN'}`) })}
                      {e.noticeHash && <span className="ml-1 font-mono text-[10px] text-slate-400" title={e.noticeHash}>#{e.noticeHash.slice(0, 10)}</span>}
                    </dd>
                  </>
                )}
                {e.evidence && (
                  <>
                    <dt className="text-slate-400">{tl('evidence')}</dt>
                    <dd>
                      <a className="text-brand-700 underline" href={`/api/compliance/evidence/${e.evidence.id}`}>
                        {e.evidence.fileName}
                      </a>
                      <span className="ml-1 font-mono text-[10px] text-slate-400" title={e.evidence.sha256}>
                        SHA-256 {e.evidence.sha256.slice(0, 12)}…
                      </span>
                    </dd>
                  </>
                )}
                {e.expiresAt && (
                  <>
                    <dt className="text-slate-400">{tl('expires')}</dt>
                    <dd>{f.date(e.expiresAt)}</dd>
                  </>
                )}
                {e.recipient && (
                  <>
                    <dt className="text-slate-400">{tl('recipient')}</dt>
                    <dd>{[e.recipient, e.recipientCountry].filter(Boolean).join(' · ')}</dd>
                  </>
                )}
                {e.receipt && (
                  <>
                    <dt className="text-slate-400">{tl('receipt')}</dt>
                    <dd className="font-mono">{e.receipt.number}</dd>
                  </>
                )}
                {e.note && (
                  <>
                    <dt className="text-slate-400">{tl('note')}</dt>
                    <dd>{e.note}</dd>
                  </>
                )}
                {e.recordedAt.getTime() - e.occurredAt.getTime() > 60_000 && (
                  <>
                    <dt className="text-slate-400">{tl('recordedAt')}</dt>
                    <dd>{f.dateTime(e.recordedAt)}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ol>
      )}
      {data.events.length < data.total && (
        <button type="button" className="btn-secondary mt-3" onClick={() => void loadMore()} disabled={loading}>
          {tl('more')}
        </button>
      )}
    </section>
  );
}
