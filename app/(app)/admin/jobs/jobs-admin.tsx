'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

type Overview = inferRouterOutputs<AppRouter>['admin']['jobs']['overview'];
type Failed = Overview['failed'][number];

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/** Queue driver, counts per queue and state, and this company's failed jobs with Retry. Refreshes every 5 s. */
export function JobsAdmin({ initialOverview, fetchedAt }: { initialOverview: Overview; fetchedAt: number }) {
  const t = useT('admin.jobs');
  const f = useFormat();
  const overview = trpc.admin.jobs.overview.useQuery(undefined, { initialData: initialOverview, initialDataUpdatedAt: fetchedAt, refetchInterval: 5_000 });
  const data = overview.data ?? initialOverview;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500">{t('driver')}</span>
        <span className={`badge ${data.driver === 'bullmq' ? 'bg-brand-100 text-brand-700' : 'bg-amber-50 text-amber-800'}`} data-testid="jobs-driver" data-driver={data.driver}>
          {data.driver === 'bullmq' ? t('driverBullmq') : t('driverInProcess')}
        </span>
        <span className="text-xs text-slate-400" data-testid="jobs-updated">
          {t('autoRefresh', { time: f.dateTime(overview.dataUpdatedAt || fetchedAt) })}
        </span>
      </div>
      {data.driver === 'in-process' && <p className="text-xs text-slate-500">{t('inProcessNote')}</p>}
      {overview.error && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {overview.error.message}
        </p>
      )}

      <section className="card">
        <div className="border-b border-slate-100 px-4 py-3">
          <h2 className="text-base font-semibold">{t('queuesTitle')}</h2>
          <p className="text-xs text-slate-500">{t('queuesNote')}</p>
        </div>
        {data.counts.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t('noQueues')}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-sm" data-testid="jobs-counts">
              <thead>
                <tr className="border-b border-slate-100 text-xs text-slate-500">
                  <th scope="col" className="px-4 py-2 text-left font-medium">
                    {t('queue')}
                  </th>
                  {STATES.map((s) => (
                    <th key={s} scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                      {t(`state.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.counts.map((q) => (
                  <tr key={q.queue} className="border-b border-slate-100 last:border-0" data-testid={`jobs-queue-${q.queue}`}>
                    <th scope="row" className="px-4 py-2 text-left font-mono text-xs font-normal">
                      {q.queue}
                    </th>
                    {STATES.map((s) => (
                      <td key={s} className={`px-3 py-2 text-right tabular-nums ${s === 'failed' && q.failed > 0 ? 'font-semibold text-red-700' : ''}`} data-testid={`jobs-count-${q.queue}-${s}`}>
                        {f.number(q[s])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card">
        <div className="border-b border-slate-100 px-4 py-3">
          <h2 className="text-base font-semibold">{t('failedTitle')}</h2>
          <p className="text-xs text-slate-500">{t('failedNote')}</p>
        </div>
        {data.failed.length === 0 ? (
          <p className="p-4 text-sm text-slate-500" data-testid="jobs-failed-empty">
            {t('noFailed')}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="jobs-failed">
            {data.failed.map((job) => (
              <FailedJob key={`${job.queue}/${job.id}`} job={job} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function FailedJob({ job }: { job: Failed }) {
  const t = useT('admin.jobs');
  const f = useFormat();
  const utils = trpc.useUtils();
  const [retried, setRetried] = useState(false);
  const retry = trpc.admin.jobs.retry.useMutation({
    onSuccess: async () => {
      setRetried(true);
      await utils.admin.jobs.overview.invalidate();
    },
  });
  return (
    <li className="flex flex-col gap-2 px-4 py-3 md:flex-row md:items-start md:gap-4" data-testid={`jobs-failed-${job.id}`}>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{job.name}</span>
          <span className="badge bg-slate-100 font-mono text-slate-600">{job.queue}</span>
          <span className="text-xs text-slate-500">{t('attempts', { count: job.attemptsMade })}</span>
          <span className="text-xs text-slate-500">{job.finishedAt ? f.dateTime(job.finishedAt) : '—'}</span>
        </div>
        <pre className="max-h-32 overflow-auto rounded bg-red-50 p-2 font-mono text-xs break-all whitespace-pre-wrap text-red-800">{job.failedReason || t('noReason')}</pre>
        {retry.error && (
          <p className="text-sm text-red-700" role="alert">
            {retry.error.message}
          </p>
        )}
      </div>
      <div className="shrink-0">
        <button type="button" className="btn-secondary" onClick={() => retry.mutate({ queue: job.queue, jobId: job.id })} disabled={retry.isPending || retried} data-testid={`jobs-retry-${job.id}`}>
          {retry.isPending ? t('retrying') : retried ? t('retried') : t('retry')}
        </button>
      </div>
    </li>
  );
}
