'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale, useT } from '@/app/_lib/i18n';
import type { playView } from '../services/runs';
import { AttitudeMap } from './attitude-map';
import { pick, SIM_BASE, useSimMutation, useSimQuery } from './client';

export type PlayView = ReturnType<typeof playView> & { id: string; status: string };

export function TimeBox({ elapsed, total, label }: { elapsed: number; total: number; label: string }) {
  const pct = Math.min(100, Math.round((elapsed / total) * 100));
  const fmt = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return (
    <div className="space-y-1" data-testid="sim-timebox">
      <div className="flex justify-between text-xs text-slate-500">
        <span>{label}</span>
        <span className="font-mono">
          {fmt(elapsed)} / {fmt(total)}
        </span>
      </div>
      <div className="h-1.5 rounded-full bg-slate-100">
        <div className={`h-1.5 rounded-full ${pct > 85 ? 'bg-orange-500' : 'bg-brand-500'}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** The turn: persona line, answer buttons and (when allowed) a free-text answer. */
export function TurnCard({
  view,
  onOption,
  onFreeText,
  pending,
  chosen,
}: {
  view: ReturnType<typeof playView>;
  onOption: (id: string) => void;
  onFreeText: (text: string) => void;
  pending: boolean;
  chosen?: string | null;
}) {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const [text, setText] = useState('');
  const turn = view.turn;
  if (!turn) return null;
  const speaker = view.personas.find((p) => p.id === turn.personaId);
  return (
    <div className="space-y-3">
      <div className="rounded-lg bg-slate-50 p-3" data-testid="sim-persona-line">
        <div className="text-xs font-medium text-slate-500">
          {speaker ? `${pick(speaker.name, locale)} · ${pick(speaker.title, locale)}` : ''}
        </div>
        <p className="mt-1 text-base">“{pick(turn.line, locale)}”</p>
      </div>
      <div className="space-y-2" role="group" aria-label={t('play.yourAnswer')}>
        {turn.options.map((o) => (
          <button
            key={o.id}
            type="button"
            disabled={pending}
            onClick={() => onOption(o.id)}
            className={`block w-full rounded-lg border p-3 text-left text-sm hover:border-brand-500 hover:bg-brand-50 disabled:opacity-60 ${chosen === o.id ? 'border-brand-600 bg-brand-50' : 'border-slate-200'}`}
            data-testid={`sim-option-${o.id}`}
          >
            {pick(o.text, locale)}
          </button>
        ))}
      </div>
      {turn.allowFreeText && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) onFreeText(text.trim());
            setText('');
          }}
        >
          <label className="text-xs text-slate-500" htmlFor="sim-free-text">
            {t('play.freeText')}
          </label>
          <textarea id="sim-free-text" className="input" rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="sim-free-text" maxLength={2000} />
          <button className="btn-secondary" disabled={pending || !text.trim()} data-testid="sim-free-text-send">
            {t('play.send')}
          </button>
        </form>
      )}
    </div>
  );
}

export function influenceLabels(t: (k: string) => string) {
  return { influence: { H: t('influence.H'), M: t('influence.M'), L: t('influence.L') }, scale: t('map.scale') };
}

/** Self-paced play, phone first. */
export function Player({ runId }: { runId: string }) {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const router = useRouter();
  const q = useSimQuery<PlayView>('runs.get', { id: runId });
  const answer = useSimMutation<{ runId: string; optionId?: string; freeText?: string }, PlayView>('runs.answer');
  const [view, setView] = useState<PlayView | null>(null);
  const current = view ?? q.data ?? null;
  if (q.error) return <p className="text-sm text-red-700" role="alert">{q.error.message}</p>;
  if (!current) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  const submit = async (input: { optionId?: string; freeText?: string }) => {
    const next = await answer.mutateAsync({ runId, ...input });
    setView(next);
    if (next.finished) router.push(`${SIM_BASE}/runs/${runId}`);
  };
  return (
    <div className="mx-auto max-w-xl space-y-4" data-testid="sim-player">
      <div>
        <h1 className="text-lg font-semibold">{pick(current.title, locale)}</h1>
        <p className="text-xs text-slate-500">
          {pick(current.hospitalTier, locale)} · {pick(current.department, locale)} · {pick(current.product, locale)}
        </p>
      </div>
      <TimeBox elapsed={current.elapsedSeconds} total={current.timeBoxSeconds} label={t('play.timeBox')} />
      <div className="card p-3">
        <h2 className="mb-2 text-xs font-semibold text-slate-500">{t('map.title')}</h2>
        <AttitudeMap personas={current.personas} locale={locale} labels={influenceLabels(t)} />
      </div>
      {current.finished ? (
        <a className="btn-primary" href={`${SIM_BASE}/runs/${runId}`} data-testid="sim-see-debrief">
          {t('play.seeDebrief')}
        </a>
      ) : (
        <div className="card p-3">
          <div className="mb-2 text-xs text-slate-500">{t('play.step', { n: current.stepNumber })}</div>
          <TurnCard view={current} pending={answer.isPending} onOption={(optionId) => void submit({ optionId })} onFreeText={(freeText) => void submit({ freeText })} />
          {answer.error && (
            <p className="mt-2 text-sm text-red-700" role="alert">
              {answer.error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
