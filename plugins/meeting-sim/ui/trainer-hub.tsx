'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFormat, useLocale, useT } from '@/app/_lib/i18n';
import { callPluginQuery } from '@/app/_lib/plugin-client';
import type { mySessions } from '../services/live';
import type { listScenarios, meetingsToRehearse } from '../services/scenarios';
import type { listAssignments, listCohorts, progress, trainees } from '../services/trainer';
import { TAGS } from '../engine/schema';
import { pick, SIM_BASE, useSimMutation, useSimQuery } from './client';

type R<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

function download(name: string, data: unknown) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

function ErrorLine({ error }: { error: Error | null }) {
  return error ? (
    <p className="text-sm text-red-700" role="alert">
      {error.message}
    </p>
  ) : null;
}

function AssignForm({ scenarios, people, cohorts }: { scenarios: R<typeof listScenarios>; people: R<typeof trainees>; cohorts: R<typeof listCohorts> }) {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const m = useSimMutation<{ scenarioId: string; userIds: string[]; cohortId: string | null; dueAt: string | null; note: string | null }, { created: number }>('training.assign');
  const published = scenarios.filter((s) => s.publishedVersion !== null);
  const [scenarioId, setScenario] = useState(published[0]?.id ?? '');
  const [userIds, setUsers] = useState<string[]>([]);
  const [cohortId, setCohort] = useState('');
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<number | null>(null);
  return (
    <form
      className="space-y-3"
      data-testid="sim-assign-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await m.mutateAsync({ scenarioId, userIds, cohortId: cohortId || null, dueAt: due ? new Date(`${due}T23:59:00`).toISOString() : null, note: note || null });
        setDone(res.created);
        setUsers([]);
      }}
    >
      <label className="block text-sm">
        {t('trainer.scenario')}
        <select className="input" value={scenarioId} onChange={(e) => setScenario(e.target.value)} data-testid="sim-assign-scenario">
          {published.map((s) => (
            <option key={s.id} value={s.id}>
              {pick(s.title, locale)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="text-sm">
        <legend>{t('trainer.trainees')}</legend>
        <div className="grid max-h-48 grid-cols-2 gap-1 overflow-y-auto rounded border border-slate-200 p-2 sm:grid-cols-3">
          {people.map((p) => (
            <label key={p.id} className="flex items-center gap-1">
              <input type="checkbox" checked={userIds.includes(p.id)} onChange={(e) => setUsers(e.target.checked ? [...userIds, p.id] : userIds.filter((x) => x !== p.id))} />
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-2 sm:grid-cols-3">
        <label className="block text-sm">
          {t('trainer.cohort')}
          <select className="input" value={cohortId} onChange={(e) => setCohort(e.target.value)} data-testid="sim-assign-cohort">
            <option value="">—</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          {t('trainer.due')}
          <input className="input" type="date" value={due} onChange={(e) => setDue(e.target.value)} data-testid="sim-assign-due" />
        </label>
        <label className="block text-sm">
          {t('trainer.note')}
          <input className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </label>
      </div>
      <ErrorLine error={m.error} />
      {done !== null && (
        <p className="text-sm text-emerald-700" data-testid="sim-assign-done">
          {t('trainer.assigned', { n: done })}
        </p>
      )}
      <button className="btn-primary" disabled={m.isPending || !scenarioId || (!userIds.length && !cohortId)} data-testid="sim-assign-save">
        {t('trainer.assign')}
      </button>
    </form>
  );
}

function CohortForm({ people }: { people: R<typeof trainees> }) {
  const t = useT('plugins.meeting-sim');
  const m = useSimMutation<{ name: string; memberIds: string[] }>('training.saveCohort');
  const [name, setName] = useState('');
  const [ids, setIds] = useState<string[]>([]);
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        await m.mutateAsync({ name, memberIds: ids });
        setName('');
        setIds([]);
      }}
    >
      <input className="input" placeholder={t('trainer.cohortName')} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
      <div className="grid max-h-32 grid-cols-2 gap-1 overflow-y-auto text-sm sm:grid-cols-3">
        {people.map((p) => (
          <label key={p.id} className="flex items-center gap-1">
            <input type="checkbox" checked={ids.includes(p.id)} onChange={(e) => setIds(e.target.checked ? [...ids, p.id] : ids.filter((x) => x !== p.id))} />
            {p.name}
          </label>
        ))}
      </div>
      <ErrorLine error={m.error} />
      <button className="btn-secondary" disabled={m.isPending || !name.trim()}>
        {t('trainer.saveCohort')}
      </button>
    </form>
  );
}

function ImportBox() {
  const t = useT('plugins.meeting-sim');
  const router = useRouter();
  const m = useSimMutation<{ json: string }, { id: string }>('scenarios.import');
  const [json, setJson] = useState('');
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await m.mutateAsync({ json });
        router.push(`${SIM_BASE}/editor/${res.id}`);
      }}
    >
      <input
        type="file"
        accept="application/json,.json"
        className="text-sm"
        aria-label={t('trainer.importFile')}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) setJson(await file.text());
        }}
      />
      <textarea className="input font-mono text-xs" rows={3} value={json} onChange={(e) => setJson(e.target.value)} placeholder={t('trainer.importPlaceholder')} data-testid="sim-import-json" />
      <ErrorLine error={m.error} />
      <button className="btn-secondary" disabled={m.isPending || json.length < 2} data-testid="sim-import">
        {t('trainer.import')}
      </button>
    </form>
  );
}

function FromMeeting() {
  const t = useT('plugins.meeting-sim');
  const f = useFormat();
  const router = useRouter();
  const q = useSimQuery<R<typeof meetingsToRehearse>>('scenarios.meetings');
  const m = useSimMutation<{ meetingId: string }, { id: string }>('scenarios.buildFromMeeting');
  if (!q.data) return null;
  if (!q.data.available) return <p className="text-sm text-slate-500">{t('trainer.meetingsUnavailable')}</p>;
  if (!q.data.meetings.length) return <p className="text-sm text-slate-500">{t('trainer.noMeetings')}</p>;
  return (
    <div className="space-y-1">
      <ul className="divide-y divide-slate-100 text-sm">
        {q.data.meetings.map((mt) => (
          <li key={mt.id} className="flex items-center justify-between gap-2 py-1">
            <span>
              {mt.title} <span className="text-xs text-slate-500">{mt.institutionName} · {f.dateTime(new Date(mt.startsAt))}</span>
            </span>
            <button
              className="btn-secondary"
              disabled={m.isPending}
              onClick={async () => {
                const res = await m.mutateAsync({ meetingId: mt.id });
                router.push(`${SIM_BASE}/editor/${res.id}`);
              }}
            >
              {t('trainer.build')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorLine error={m.error} />
    </div>
  );
}

function PhraseRules() {
  const t = useT('plugins.meeting-sim');
  const q = useSimQuery<{ tag: string; phrases: string[] }[]>('training.phraseRules');
  const m = useSimMutation<{ rules: { tag: string; phrases: string[] }[] }>('training.savePhraseRules');
  const [text, setText] = useState<Record<string, string> | null>(null);
  if (!q.data) return null;
  const current = text ?? Object.fromEntries(TAGS.map((tag) => [tag, (q.data.find((r) => r.tag === tag)?.phrases ?? []).join('\n')]));
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        await m.mutateAsync({ rules: TAGS.map((tag) => ({ tag, phrases: (current[tag] ?? '').split(/[\n,，]/).map((x) => x.trim()).filter(Boolean) })) });
        setText(null);
      }}
    >
      <p className="text-xs text-slate-500">{t('trainer.phraseHint')}</p>
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {TAGS.map((tag) => (
          <label key={tag} className="block text-xs text-slate-500">
            {t(`tags.${tag}`)}
            <textarea className="input font-mono text-xs" rows={3} value={current[tag]} onChange={(e) => setText({ ...current, [tag]: e.target.value })} data-testid={`sim-phrases-${tag}`} />
          </label>
        ))}
      </div>
      <ErrorLine error={m.error} />
      {m.isSuccess && !text && <p className="text-sm text-emerald-700">{t('trainer.phrasesSaved')}</p>}
      <button className="btn-secondary" disabled={m.isPending || !text}>
        {t('trainer.savePhrases')}
      </button>
    </form>
  );
}

/** The trainer's desk: scenarios, assignments, progress, cohorts and live sessions. */
export function TrainerHub() {
  const t = useT('plugins.meeting-sim');
  const locale = useLocale();
  const f = useFormat();
  const router = useRouter();
  const scenarios = useSimQuery<R<typeof listScenarios>>('scenarios.list', { includeUnpublished: true });
  const people = useSimQuery<R<typeof trainees>>('training.trainees');
  const cohorts = useSimQuery<R<typeof listCohorts>>('training.cohorts');
  const assignments = useSimQuery<R<typeof listAssignments>>('training.assignments', { scope: 'all' });
  const prog = useSimQuery<R<typeof progress>>('training.progress', {});
  const sessions = useSimQuery<R<typeof mySessions>>('live.mine');
  const publish = useSimMutation<{ id: string }>('scenarios.publish');
  const live = useSimMutation<{ scenarioId: string }, { id: string }>('live.create');
  return (
    <div className="mx-auto max-w-6xl space-y-4" data-testid="sim-trainer">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('trainer.title')}</h1>
        <Link className="btn-primary" href={`${SIM_BASE}/editor/new`}>
          {t('trainer.new')}
        </Link>
      </div>
      <section className="card p-4" data-testid="sim-trainer-scenarios">
        <h2 className="mb-2 text-sm font-semibold">{t('trainer.scenarios')}</h2>
        <ul className="divide-y divide-slate-100">
          {scenarios.data?.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">{pick(s.title, locale)}</span>{' '}
                <span className="text-xs text-slate-500">
                  {t(`origins.${s.origin}`)} · {s.publishedVersion ? t('trainer.publishedV', { v: s.publishedVersion }) : t('trainer.unpublished')}
                  {s.hasDraft && ` · ${t('trainer.draftV', { v: s.latestVersion })}`}
                </span>
              </span>
              <span className="flex flex-wrap gap-1">
                <Link className="btn-secondary" href={`${SIM_BASE}/editor/${s.id}`}>
                  {t('trainer.edit')}
                </Link>
                <button className="btn-secondary" onClick={async () => download(`${s.libraryKey ?? s.id}.json`, await callPluginQuery('meeting-sim', 'scenarios.export', { id: s.id }))}>
                  {t('trainer.export')}
                </button>
                {s.hasDraft && (
                  <button className="btn-secondary" disabled={publish.isPending} onClick={() => publish.mutate({ id: s.id })}>
                    {t('trainer.publish')}
                  </button>
                )}
                {s.publishedVersion !== null && (
                  <button
                    className="btn-secondary"
                    disabled={live.isPending}
                    onClick={async () => {
                      const res = await live.mutateAsync({ scenarioId: s.id });
                      router.push(`${SIM_BASE}/live/${res.id}`);
                    }}
                  >
                    {t('trainer.live')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
        <ErrorLine error={publish.error ?? live.error} />
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('trainer.fromMeeting')}</h2>
          <FromMeeting />
        </section>
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('trainer.importTitle')}</h2>
          <ImportBox />
        </section>
      </div>
      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('trainer.assignTitle')}</h2>
        {scenarios.data && people.data && cohorts.data && <AssignForm scenarios={scenarios.data} people={people.data} cohorts={cohorts.data} />}
      </section>
      <section className="card overflow-x-auto p-4" data-testid="sim-trainer-assignments">
        <h2 className="mb-2 text-sm font-semibold">{t('trainer.assignments')}</h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">{t('trainer.trainee')}</th>
              <th>{t('trainer.scenario')}</th>
              <th>{t('trainer.due')}</th>
              <th>{t('trainer.result')}</th>
            </tr>
          </thead>
          <tbody>
            {assignments.data?.map((a) => (
              <tr key={a.id} className="border-t border-slate-100">
                <td className="py-1">{a.userName}</td>
                <td>{pick(a.title, locale)}</td>
                <td className={a.overdue ? 'text-red-700' : ''}>{a.dueAt ? f.date(new Date(a.dueAt)) : '—'}</td>
                <td>
                  {a.runId ? (
                    <Link className="text-brand-700 underline" href={`${SIM_BASE}/runs/${a.runId}`} data-testid={`sim-assignment-result-${a.id}`}>
                      {a.passed ? t('trainer.passed', { total: a.total ?? 0 }) : t('trainer.failed', { total: a.total ?? 0 })}
                    </Link>
                  ) : (
                    <span className="text-slate-500">{t('trainer.open')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto p-4" data-testid="sim-trainer-progress">
        <h2 className="mb-2 text-sm font-semibold">{t('trainer.progress')}</h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">{t('trainer.trainee')}</th>
              <th>{t('trainer.runs')}</th>
              <th>{t('trainer.best')}</th>
              <th>{t('trainer.gateFailures')}</th>
              {prog.data?.competencies.map((c) => (
                <th key={c.id}>{pick(c.name, locale)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {prog.data?.people
              .filter((p) => p.runs > 0 || p.assignmentsOpen > 0)
              .map((p) => (
                <tr key={p.userId} className="border-t border-slate-100">
                  <td className="py-1">
                    <Link className="text-brand-700 underline" href={`${SIM_BASE}/people/${p.userId}`}>
                      {p.name}
                    </Link>
                  </td>
                  <td>{p.runs}</td>
                  <td>{p.best ?? '—'}</td>
                  <td>{p.gateFailures}</td>
                  {prog.data?.competencies.map((c) => (
                    <td key={c.id} className="font-mono">
                      {p.competencies[c.id] ? `${p.competencies[c.id]!.first}→${p.competencies[c.id]!.last}` : '—'}
                    </td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </section>
      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('trainer.phrases')}</h2>
        <PhraseRules />
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('trainer.cohorts')}</h2>
          <ul className="mb-3 space-y-1 text-sm">
            {cohorts.data?.map((c) => (
              <li key={c.id}>
                <span className="font-medium">{c.name}</span> <span className="text-xs text-slate-500">{c.members.map((m) => m.name).join('、')}</span>
              </li>
            ))}
          </ul>
          {people.data && <CohortForm people={people.data} />}
        </section>
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold">{t('trainer.sessions')}</h2>
          <ul className="space-y-1 text-sm">
            {sessions.data?.map((s) => (
              <li key={s.id}>
                <Link className="text-brand-700 underline" href={`${SIM_BASE}/live/${s.id}`}>
                  {s.code}
                </Link>{' '}
                <span className="text-xs text-slate-500">
                  {t(`live.status.${s.status}`)} · {f.dateTime(new Date(s.createdAt))}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
