'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { useLabels } from './labels';

type Page = inferRouterOutputs<AppRouter>['customers']['timeline'];
type Item = Page['items'][number];

const DOT: Record<Item['source'], string> = {
  interaction: 'bg-brand-500',
  order: 'bg-violet-500',
  service: 'bg-orange-500',
  task: 'bg-sky-500',
  activity: 'bg-pink-500',
  lifecycle: 'bg-amber-500',
  plugin: 'bg-slate-400',
};

/** The customer's unified timeline, newest first, with "load more". The first page comes from the server render. */
export function Timeline({ kind, id, initial }: { kind: CustomerKind; id: string; initial: Page }) {
  const t = useT('timeline');
  const utils = trpc.useUtils();
  const [pages, setPages] = useState<Page[]>([initial]);
  // A refresh of the page (after a change on it) brings a new first page: start over from it.
  const [first, setFirst] = useState(initial);
  if (first !== initial) {
    setFirst(initial);
    setPages([initial]);
  }
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = pages.flatMap((p) => p.items);
  const next = pages.at(-1)!.nextBefore;

  const more = async () => {
    if (!next) return;
    setLoading(true);
    setError(null);
    try {
      const page = await utils.customers.timeline.fetch({ kind, id, before: next, limit: 25 });
      setPages((p) => [...p, page]);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  };

  if (!items.length) return <p className="text-sm text-slate-500" data-testid="timeline-empty">{t('empty')}</p>;
  return (
    <div>
      <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="timeline">
        {items.map((item) => (
          <TimelineEntry key={item.key} item={item} />
        ))}
      </ol>
      {error && <p className="mt-3 text-sm text-red-700">{error}</p>}
      {next && (
        <button type="button" className="btn-secondary mt-4 w-full" onClick={() => void more()} disabled={loading} data-testid="timeline-more">
          {loading ? t('loading') : t('more')}
        </button>
      )}
    </div>
  );
}

function TimelineEntry({ item }: { item: Item }) {
  const t = useT('timeline');
  const tAll = useT();
  const l = useLabels();
  const f = useFormat();
  const m = item.meta;
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  let heading: string;
  const details: string[] = [];
  switch (item.source) {
    case 'interaction':
      heading = t('interaction', { channel: t(`channel.${s(m.channel)}`) });
      if (m.outcome) details.push(t(`outcome.${s(m.outcome)}`));
      if (m.owner) details.push(t('by', { name: s(m.owner) }));
      break;
    case 'order':
      heading = t('order', { orderNo: item.title ?? '' });
      if (typeof m.amount === 'number') details.push(f.money(m.amount));
      if (m.paymentMethod) details.push(t(`payment.${s(m.paymentMethod)}`));
      break;
    case 'service':
      heading = t('service', { title: item.title ?? '' });
      details.push(t(`serviceType.${s(m.type)}`), t(`serviceStatus.${s(m.status)}`));
      break;
    case 'task':
      heading = t('task', { title: item.title ?? '' });
      details.push(t(`taskStatus.${s(m.status)}`));
      if (m.dueAt) details.push(t('due', { date: f.date(s(m.dueAt)) }));
      if (m.owner) details.push(t('owner', { name: s(m.owner) }));
      break;
    case 'activity':
      heading = t('activity', { name: item.title ?? '' });
      details.push(t(`activityType.${s(m.type)}`));
      if (typeof m.effectRating === 'number') details.push(t('effect', { rating: m.effectRating }));
      break;
    case 'lifecycle': {
      const label = (v: unknown) => (m.field === 'tier' ? l.tier(v as string | null) : l.stage(s(v)) || '—');
      heading = t(m.field === 'tier' ? 'tierChange' : 'stageChange', { from: label(m.from), to: label(m.to) });
      if (m.by) details.push(t('changedBy', { name: s(m.by) }));
      break;
    }
    default:
      heading = tAll(`plugins.${item.pluginId}.${item.typeKey}`);
      if (item.title) details.unshift(item.title);
  }
  const body = (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="font-medium text-slate-800">{heading}</span>
        <time className="text-xs text-slate-400" dateTime={new Date(item.at).toISOString()}>
          {f.dateTime(item.at)}
        </time>
      </div>
      {details.length > 0 && <div className="text-xs text-slate-500">{details.join(' · ')}</div>}
      {item.summary && <p className="mt-1 text-sm whitespace-pre-wrap text-slate-600">{item.summary}</p>}
      {item.source === 'interaction' && m.nextStep && <p className="mt-1 text-xs text-slate-500">{t('nextStep', { step: s(m.nextStep) })}</p>}
    </>
  );
  return (
    <li className="relative" data-testid={`timeline-${item.source}`}>
      <span className={`absolute top-1.5 -left-[1.6rem] h-2.5 w-2.5 rounded-full ring-4 ring-white ${DOT[item.source]}`} aria-hidden />
      {item.href ? (
        <Link href={item.href} className="block rounded-md p-1 -m-1 hover:bg-slate-50">
          {body}
        </Link>
      ) : (
        body
      )}
    </li>
  );
}
