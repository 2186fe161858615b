'use client';

import { useLocale, useT } from '@/app/_lib/i18n';
import type { presenterView, sessionForTrainee } from '../services/live';
import { AttitudeMap } from './attitude-map';
import { pick, useSimMutation, useSimQuery } from './client';
import { influenceLabels, TimeBox, TurnCard } from './player';

const POLL_MS = 2000;

/** Trainer's presenter view: the persona line, the attitude map and the group's answers, polled. */
export function LivePresenter({ sessionId }: { sessionId: string }) {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const q = useSimQuery<Awaited<ReturnType<typeof presenterView>>>('live.presenter', { id: sessionId }, { refetchInterval: POLL_MS });
  const advance = useSimMutation<{ id: string; optionId: string }>('live.advance');
  const score = useSimMutation<{ answerId: string; score: number }>('live.score');
  const close = useSimMutation<{ id: string }>('live.close');
  if (q.error) return <p className="text-sm text-red-700">{q.error.message}</p>;
  const s = q.data;
  if (!s) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  const v = s.view;
  const current = s.answers.filter((a) => a.stepIndex === s.stepIndex);
  return (
    <div className="mx-auto max-w-5xl space-y-4" data-testid="sim-presenter">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{pick(v.title, locale)}</h1>
          <p className="text-sm text-slate-500">{t('live.joinWith')}</p>
        </div>
        <div className="rounded-lg bg-brand-50 px-4 py-2 font-mono text-3xl tracking-widest text-brand-700" data-testid="sim-session-code">
          {s.code}
        </div>
      </div>
      <TimeBox elapsed={v.elapsedSeconds} total={v.timeBoxSeconds} label={t('play.timeBox')} />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('map.title')}</h2>
          <AttitudeMap personas={v.personas} locale={locale} labels={influenceLabels(t)} />
        </div>
        <div className="card space-y-3 p-4">
          {v.turn ? (
            <>
              <p className="text-lg">“{pick(v.turn.line, locale)}”</p>
              <ul className="space-y-2">
                {v.turn.options.map((o) => {
                  const count = s.counts.find((c) => c.optionId === o.id)?.count ?? 0;
                  return (
                    <li key={o.id} className="flex items-center justify-between gap-2 rounded border border-slate-200 p-2 text-sm">
                      <span>
                        {pick(o.text, locale)}
                        <span className="ml-1 text-xs text-slate-500">{(s.tagsByOption[o.id] ?? []).map((tag) => t(`tags.${tag}`)).join(' · ')}</span>
                      </span>
                      <span className="flex items-center gap-2">
                        <span className="badge" data-testid={`sim-count-${o.id}`}>
                          {count}
                        </span>
                        <button className="btn-secondary" disabled={advance.isPending || s.status !== 'open'} onClick={() => advance.mutate({ id: s.id, optionId: o.id })} data-testid={`sim-advance-${o.id}`}>
                          {t('live.playThis')}
                        </button>
                      </span>
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            <p className="text-sm">{t('live.finished')}</p>
          )}
          {s.status === 'open' && (
            <button className="btn-danger" onClick={() => close.mutate({ id: s.id })} disabled={close.isPending}>
              {t('live.close')}
            </button>
          )}
        </div>
      </div>
      <section className="card p-4" data-testid="sim-live-answers">
        <h2 className="mb-2 text-sm font-semibold">{t('live.answers', { n: current.length })}</h2>
        <ul className="divide-y divide-slate-100">
          {s.answers
            .slice()
            .reverse()
            .map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <span className="text-xs text-slate-500">
                    {a.stepIndex + 1}. {a.userName}
                  </span>{' '}
                  {a.freeText ?? a.optionId}
                  {a.tags.map((tag) => (
                    <span key={tag} className="badge ml-1">
                      {t(`tags.${tag}`)}
                    </span>
                  ))}
                </span>
                <span className="flex gap-1" aria-label={t('live.handScore')}>
                  {[0, 1, 2, 3, 4].map((n) => (
                    <button key={n} className={`h-7 w-7 rounded border text-xs ${a.trainerScore === n ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-200'}`} onClick={() => score.mutate({ answerId: a.id, score: n })}>
                      {n}
                    </button>
                  ))}
                </span>
              </li>
            ))}
        </ul>
      </section>
    </div>
  );
}

/** A trainee's phone during a live session: the shared turn; their answer goes to the trainer. */
export function LiveJoin({ sessionId }: { sessionId: string }) {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const q = useSimQuery<Awaited<ReturnType<typeof sessionForTrainee>>>('live.view', { id: sessionId }, { refetchInterval: POLL_MS });
  const answer = useSimMutation<{ id: string; stepIndex: number; optionId?: string; freeText?: string }>('live.answer');
  if (q.error) return <p className="text-sm text-red-700">{q.error.message}</p>;
  const s = q.data;
  if (!s) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  return (
    <div className="mx-auto max-w-xl space-y-4" data-testid="sim-live-join">
      <h1 className="text-lg font-semibold">{pick(s.title, locale)}</h1>
      <TimeBox elapsed={s.elapsedSeconds} total={s.timeBoxSeconds} label={t('play.timeBox')} />
      <div className="card p-3">
        <AttitudeMap personas={s.personas} locale={locale} labels={influenceLabels(t)} />
      </div>
      {s.status !== 'open' || !s.turn ? (
        <p className="card p-3 text-sm">{t('live.finished')}</p>
      ) : (
        <div className="card p-3">
          <TurnCard
            view={s}
            chosen={s.myAnswer?.optionId ?? null}
            pending={answer.isPending}
            onOption={(optionId) => answer.mutate({ id: s.id, stepIndex: s.stepIndex, optionId })}
            onFreeText={(freeText) => answer.mutate({ id: s.id, stepIndex: s.stepIndex, freeText })}
          />
          {s.myAnswer && <p className="mt-2 text-xs text-emerald-700">{t('live.sent')}</p>}
          {answer.error && <p className="mt-2 text-sm text-red-700">{answer.error.message}</p>}
        </div>
      )}
    </div>
  );
}
