'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale, useT } from '@/app/_lib/i18n';
import type { Localized } from '../engine/schema';
import { pick, useSimMutation, useSimQuery } from './client';

/** Trainer: replace one criterion's score with a comment (audited; the trainee is notified). */
export function OverrideForm({ runId, criteria }: { runId: string; criteria: { id: string; name: Localized; score: number }[] }) {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const router = useRouter();
  const m = useSimMutation<{ id: string; criterionId: string; score: number; comment: string }>('runs.override');
  const [criterionId, setCriterion] = useState(criteria[0]?.id ?? '');
  const [score, setScore] = useState(String(criteria[0]?.score ?? 0));
  const [comment, setComment] = useState('');
  return (
    <form
      className="space-y-2"
      data-testid="sim-override-form"
      onSubmit={async (e) => {
        e.preventDefault();
        await m.mutateAsync({ id: runId, criterionId, score: Number(score), comment });
        setComment('');
        router.refresh();
      }}
    >
      <h3 className="text-sm font-semibold">{t('debrief.override')}</h3>
      <div className="grid gap-2 sm:grid-cols-[1fr_6rem]">
        <select className="input" value={criterionId} onChange={(e) => setCriterion(e.target.value)} data-testid="sim-override-criterion" aria-label={t('debrief.criterion')}>
          {criteria.map((c) => (
            <option key={c.id} value={c.id}>
              {pick(c.name, locale)}
            </option>
          ))}
        </select>
        <input className="input" type="number" min={0} max={100} value={score} onChange={(e) => setScore(e.target.value)} data-testid="sim-override-score" aria-label={t('debrief.score')} />
      </div>
      <textarea className="input" rows={2} placeholder={t('debrief.overrideComment')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="sim-override-comment" maxLength={2000} />
      {m.error && (
        <p className="text-sm text-red-700" role="alert">
          {m.error.message}
        </p>
      )}
      <button className="btn-primary" disabled={m.isPending || !comment.trim()} data-testid="sim-override-save">
        {t('debrief.overrideSave')}
      </button>
    </form>
  );
}

/** Trainee: acknowledge the debrief, optionally with a comment. */
export function AcknowledgeForm({ runId }: { runId: string }) {
  const t = useT('plugins.meeting-sim');
  const router = useRouter();
  const m = useSimMutation<{ id: string; comment: string }>('runs.acknowledge');
  const [comment, setComment] = useState('');
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        await m.mutateAsync({ id: runId, comment });
        router.refresh();
      }}
    >
      <textarea className="input" rows={2} placeholder={t('debrief.ackComment')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="sim-ack-comment" maxLength={2000} />
      {m.error && (
        <p className="text-sm text-red-700" role="alert">
          {m.error.message}
        </p>
      )}
      <button className="btn-primary" disabled={m.isPending} data-testid="sim-ack-save">
        {t('debrief.acknowledge')}
      </button>
    </form>
  );
}

/** Start a run (optionally for an assignment) and open the player. */
export function StartButton({ scenarioId, assignmentId, label, testId }: { scenarioId: string; assignmentId?: string | null; label: string; testId: string }) {
  const router = useRouter();
  const m = useSimMutation<{ scenarioId: string; assignmentId?: string | null }, { id: string }>('runs.start');
  return (
    <span>
      <button
        type="button"
        className="btn-primary"
        disabled={m.isPending}
        data-testid={testId}
        onClick={async () => {
          const run = await m.mutateAsync({ scenarioId, assignmentId: assignmentId ?? null });
          router.push(`/m/meeting-sim/play/${run.id}`);
        }}
      >
        {label}
      </button>
      {m.error && (
        <span className="ml-2 text-sm text-red-700" role="alert">
          {m.error.message}
        </span>
      )}
    </span>
  );
}

/** Join a trainer's live session with its code. */
export function JoinForm() {
  const t = useT('plugins.meeting-sim');
  const router = useRouter();
  const m = useSimMutation<{ code: string }, { id: string }>('live.join');
  const [code, setCode] = useState('');
  return (
    <form
      className="flex gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const s = await m.mutateAsync({ code });
        router.push(`/m/meeting-sim/join/${s.id}`);
      }}
    >
      <input className="input uppercase" placeholder={t('live.code')} value={code} onChange={(e) => setCode(e.target.value)} maxLength={12} data-testid="sim-join-code" aria-label={t('live.code')} />
      <button className="btn-secondary" disabled={m.isPending || code.trim().length < 4} data-testid="sim-join">
        {t('live.join')}
      </button>
      {m.error && (
        <p className="text-sm text-red-700" role="alert">
          {m.error.message}
        </p>
      )}
    </form>
  );
}

/** Trainer or manager: add a coaching note for a trainee. */
export function CoachingNoteForm({ userId }: { userId: string }) {
  const t = useT('plugins.meeting-sim');
  const router = useRouter();
  const m = useSimMutation<{ userId: string; body: string }>('training.addNote');
  const [body, setBody] = useState('');
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        await m.mutateAsync({ userId, body });
        setBody('');
        router.refresh();
      }}
    >
      <textarea className="input" rows={2} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('people.notePlaceholder')} maxLength={4000} data-testid="sim-note-body" />
      {m.error && (
        <p className="text-sm text-red-700" role="alert">
          {m.error.message}
        </p>
      )}
      <button className="btn-secondary" disabled={m.isPending || !body.trim()} data-testid="sim-note-save">
        {t('people.addNote')}
      </button>
    </form>
  );
}

/** A rep's upcoming meetings (from dept-meetings): rehearse one with its invited HCPs as personas. */
export function RehearseMeetings() {
  const t = useT('plugins.meeting-sim');
  const router = useRouter();
  const q = useSimQuery<{ available: boolean; meetings: { id: string; title: string; startsAt: string | Date; institutionName: string | null }[] }>('scenarios.meetings');
  const m = useSimMutation<{ meetingId: string }, { id: string }>('scenarios.rehearse');
  if (!q.data?.available) return null;
  return (
    <section className="card p-4" data-testid="sim-rehearse">
      <h2 className="mb-2 text-sm font-semibold">{t('home.rehearse')}</h2>
      {!q.data.meetings.length && <p className="text-sm text-slate-500">{t('trainer.noMeetings')}</p>}
      <ul className="divide-y divide-slate-100 text-sm">
        {q.data.meetings.map((mt) => (
          <li key={mt.id} className="flex items-center justify-between gap-2 py-1">
            <span>
              {mt.title} <span className="text-xs text-slate-500">{mt.institutionName}</span>
            </span>
            <button
              type="button"
              className="btn-secondary"
              disabled={m.isPending}
              onClick={async () => {
                const run = await m.mutateAsync({ meetingId: mt.id });
                router.push(`/m/meeting-sim/play/${run.id}`);
              }}
            >
              {t('home.rehearseThis')}
            </button>
          </li>
        ))}
      </ul>
      {m.error && (
        <p className="text-sm text-red-700" role="alert">
          {m.error.message}
        </p>
      )}
    </section>
  );
}
