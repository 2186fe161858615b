import Link from 'next/link';
import { notFound } from 'next/navigation';
import { translatorFor } from '@/server/i18n/catalog';
import { formatters } from '@/server/i18n/translate';
import type { PluginUi, PluginViewProps } from '@/server/plugins/contract';
import { api, serverContext } from '@/server/trpc/server-caller';
import type { Localized } from './engine/schema';
import { P, PLUGIN_ID } from './manifest';
import type { runDebrief, listRuns } from './services/runs';
import type { listScenarios } from './services/scenarios';
import type { coachingNotes, leaderboard, listAssignments, progress } from './services/trainer';
import { AttitudeMap } from './ui/attitude-map';
import { AcknowledgeForm, CoachingNoteForm, JoinForm, OverrideForm, RehearseMeetings, StartButton } from './ui/debrief-actions';
import { Editor } from './ui/editor';
import { LiveJoin, LivePresenter } from './ui/live';
import { Player } from './ui/player';
import { TrainerHub } from './ui/trainer-hub';

const BASE = `/m/${PLUGIN_ID}`;
type Res<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** Calls this plugin's procedures as the signed-in member (same checks as over HTTP). */
async function sim<T>(path: string, input?: unknown): Promise<T> {
  const caller = await api();
  let target: unknown = (caller as unknown as { plugins: Record<string, unknown> }).plugins[PLUGIN_ID];
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  return (target as (i?: unknown) => Promise<T>)(input);
}

async function simOrNotFound<T>(path: string, input?: unknown): Promise<T> {
  try {
    return await sim<T>(path, input);
  } catch {
    notFound();
  }
}

function tr(locale: PluginViewProps['locale']) {
  return translatorFor(locale, `plugins.${PLUGIN_ID}`);
}
const pick = (text: Localized | null | undefined, locale: string) => (text ? (locale === 'en' ? text.en : text['zh-CN']) : '—');
const labelsOf = (t: ReturnType<typeof tr>) => ({ influence: { H: t('influence.H'), M: t('influence.M'), L: t('influence.L') }, scale: t('map.scale') });

function ScoreBadge({ total, passed, gatePassed, t }: { total: number | null; passed: boolean | null; gatePassed: boolean | null; t: ReturnType<typeof tr> }) {
  if (total === null) return <span className="badge">{t('runs.inProgress')}</span>;
  if (gatePassed === false) return <span className="badge bg-red-100 text-red-800">{t('runs.gateFailed')}</span>;
  return <span className={`badge ${passed ? 'bg-emerald-100 text-emerald-800' : 'bg-orange-100 text-orange-800'}`}>{t('runs.score', { total })}</span>;
}

async function Home(props: PluginViewProps) {
  const t = tr(props.locale);
  const f = formatters(props.locale);
  const ctx = await serverContext();
  const [assignments, scenarios, runs, board] = await Promise.all([
    sim<Res<typeof listAssignments>>('training.assignments', { scope: 'mine' }),
    sim<Res<typeof listScenarios>>('scenarios.list'),
    sim<Res<typeof listRuns>>('runs.list'),
    sim<Res<typeof leaderboard>>('training.leaderboard'),
  ]);
  const open = assignments.filter((a) => !a.completedAt);
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="sim-home">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <div className="flex gap-2">
          <Link className="btn-secondary" href={`${BASE}/people/${props.userId}`} data-testid="sim-my-progress">
            {t('home.myProgress')}
          </Link>
          {ctx.permissions.has(P.train) && (
            <Link className="btn-primary" href={`${BASE}/trainer`} data-testid="sim-trainer-link">
              {t('home.trainer')}
            </Link>
          )}
        </div>
      </div>
      <section className="card p-4" data-testid="sim-my-assignments">
        <h2 className="mb-2 text-sm font-semibold">{t('home.assignments')}</h2>
        {!assignments.length && <p className="text-sm text-slate-500">{t('home.noAssignments')}</p>}
        <ul className="divide-y divide-slate-100">
          {[...open, ...assignments.filter((a) => a.completedAt)].map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`sim-assignment-${a.id}`}>
              <div>
                <div className="text-sm font-medium">{pick(a.title, props.locale)}</div>
                <div className="text-xs text-slate-500">
                  {t('home.assignedBy', { name: a.assignedBy })}
                  {a.dueAt && ` · ${t('home.due', { date: f.date(a.dueAt) })}`}
                  {a.overdue && <span className="ml-1 text-red-700">{t('home.overdue')}</span>}
                  {a.note && ` · ${a.note}`}
                </div>
              </div>
              {a.completedAt && a.runId ? (
                <Link href={`${BASE}/runs/${a.runId}`} className="text-sm text-brand-700 underline">
                  {t('home.done', { total: a.total ?? 0 })}
                </Link>
              ) : (
                <StartButton scenarioId={a.scenarioId} assignmentId={a.id} label={t('home.start')} testId={`sim-start-assignment-${a.scenarioId}`} />
              )}
            </li>
          ))}
        </ul>
      </section>
      <RehearseMeetings />
      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('live.joinTitle')}</h2>
        <JoinForm />
      </section>
      <section className="card p-4" data-testid="sim-library">
        <h2 className="mb-2 text-sm font-semibold">{t('home.library')}</h2>
        <ul className="divide-y divide-slate-100">
          {scenarios.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div>
                <div className="text-sm font-medium">{pick(s.title, props.locale)}</div>
                <div className="text-xs text-slate-500">
                  {s.type ? t(`types.${s.type}`) : ''} · {pick(s.department, props.locale)} · {t('home.minutes', { n: s.timeBoxMinutes ?? 0 })} · {t('home.personas', { n: s.personas })}
                </div>
              </div>
              <StartButton scenarioId={s.id} label={t('home.practise')} testId={`sim-practise-${s.libraryKey ?? s.id}`} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card p-4" data-testid="sim-my-runs">
        <h2 className="mb-2 text-sm font-semibold">{t('home.runs')}</h2>
        {!runs.length && <p className="text-sm text-slate-500">{t('home.noRuns')}</p>}
        <ul className="divide-y divide-slate-100">
          {runs.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <Link href={r.status === 'finished' ? `${BASE}/runs/${r.id}` : `${BASE}/play/${r.id}`} className="text-sm text-brand-700 underline">
                {pick(r.title, props.locale)} <span className="text-xs text-slate-500">v{r.version}</span>
              </Link>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                {f.dateTime(r.startedAt)}
                {r.overridden && <span className="badge">{t('runs.overridden')}</span>}
                <ScoreBadge total={r.total} passed={r.passed} gatePassed={r.gatePassed} t={t} />
              </span>
            </li>
          ))}
        </ul>
      </section>
      {board.enabled && (
        <section className="card p-4" data-testid="sim-leaderboard">
          <h2 className="mb-2 text-sm font-semibold">{t('home.leaderboard')}</h2>
          <ol className="space-y-1 text-sm">
            {board.rows.slice(0, 10).map((r) => (
              <li key={r.userId} className={`flex justify-between ${r.userId === props.userId ? 'font-semibold' : ''}`}>
                <span>
                  {r.rank}. {r.name}
                </span>
                <span className="font-mono">{r.best ?? '—'}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

async function DebriefPage(props: PluginViewProps) {
  const t = tr(props.locale);
  const f = formatters(props.locale);
  const r = await simOrNotFound<Res<typeof runDebrief>>('runs.debrief', { id: String(props.params.runId) });
  const d = r.debrief;
  const personaName = (id: string) => pick(r.personas.find((p) => p.id === id)?.name, props.locale);
  const blockers = new Set<string>(r.blockerTags);
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="sim-debrief">
      <div>
        <Link href={BASE} className="text-xs text-brand-700 underline">
          ← {t('title')}
        </Link>
        <h1 className="text-xl font-semibold">{t('debrief.title', { title: pick(r.title, props.locale) })}</h1>
        <p className="text-xs text-slate-500">
          {r.trainee.name} · v{r.version} · {r.finishedAt ? f.dateTime(r.finishedAt) : t('runs.inProgress')}
          {d.endReason === 'time_up' && ` · ${t('debrief.timeUp')}`}
        </p>
      </div>
      {r.status !== 'finished' ? (
        <p className="card p-4 text-sm">{t('debrief.notFinished')}</p>
      ) : (
        <>
          <section className={`card p-4 ${d.gate.passed ? '' : 'border-red-300 bg-red-50'}`} data-testid="sim-gate">
            {d.gate.passed ? (
              <p className="text-sm font-semibold text-emerald-800" data-testid="sim-gate-passed">
                {t('debrief.gatePassed')}
              </p>
            ) : (
              <div className="space-y-2" data-testid="sim-gate-failed">
                <p className="text-sm font-semibold text-red-800">{t('debrief.gateFailed')}</p>
                <ul className="space-y-2">
                  {d.gate.blockers.map((b, i) => (
                    <li key={i} className="rounded bg-white p-2 text-sm" data-testid="sim-blocker">
                      <div className="text-xs text-slate-500">{t('debrief.atTurn', { n: b.stepIndex + 1 })}</div>
                      <div>
                        <span className="badge bg-red-100 text-red-800">{t(`tags.${b.tag}`)}</span> “{b.freeText ?? pick(d.timeline[b.stepIndex]?.optionText, props.locale)}”
                      </div>
                      {b.feedback && <p className="mt-1 text-red-900" data-testid="sim-blocker-why">{pick(b.feedback, props.locale)}</p>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
          <section className="card p-4" data-testid="sim-scores">
            <div className="mb-2 flex items-baseline justify-between">
              <h2 className="text-sm font-semibold">{t('debrief.scores')}</h2>
              <span className="text-2xl font-semibold" data-testid="sim-total">
                {d.total}
                <span className="ml-1 text-xs font-normal text-slate-500">{t('debrief.passMark', { mark: d.passMark })}</span>
              </span>
            </div>
            <ul className="divide-y divide-slate-100">
              {d.criteria.map((c) => (
                <li key={c.id} className="py-2 text-sm" data-testid={`sim-criterion-${c.id}`}>
                  <div className="flex justify-between">
                    <span className="font-medium">
                      {pick(c.name, props.locale)} <span className="text-xs text-slate-500">×{c.weight}</span>
                    </span>
                    <span className="font-mono" data-testid={`sim-criterion-score-${c.id}`}>
                      {c.score}
                      {c.override && c.computed !== c.score && <span className="ml-1 text-xs text-slate-400 line-through">{c.computed ?? '—'}</span>}
                    </span>
                  </div>
                  {c.override && (
                    <p className="mt-1 rounded bg-amber-50 p-2 text-xs text-amber-900" data-testid={`sim-override-${c.id}`}>
                      {t('debrief.overriddenBy', { name: c.override.byName, time: f.dateTime(new Date(c.override.at)) })}：{c.override.comment}
                    </p>
                  )}
                  <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
                    {c.evidence.map((e) => (
                      <li key={e.stepIndex}>
                        {t('debrief.evidence', { n: e.stepIndex + 1, points: e.points })} {e.feedback ? pick(e.feedback, props.locale) : ''}
                      </li>
                    ))}
                    {!c.evidence.length && <li>{t('debrief.noEvidence')}</li>}
                  </ul>
                  <details className="mt-1 text-xs text-slate-500">
                    <summary>{t('debrief.anchors')}</summary>
                    <p>0 · {pick(c.anchors.low, props.locale)}</p>
                    <p>2 · {pick(c.anchors.mid, props.locale)}</p>
                    <p>4 · {pick(c.anchors.high, props.locale)}</p>
                  </details>
                </li>
              ))}
            </ul>
          </section>
          <section className="card p-4" data-testid="sim-attitudes">
            <h2 className="mb-2 text-sm font-semibold">{t('debrief.attitudes')}</h2>
            <AttitudeMap
              personas={r.personas.map((p) => ({ ...p, attitude: d.attitudesAfter[p.id] ?? 0, start: d.attitudesBefore[p.id] ?? 0 }))}
              locale={props.locale}
              labels={labelsOf(t)}
            />
            <p className="mt-2 text-xs text-slate-500">{t('debrief.attitudeHint')}</p>
          </section>
          <section className="card p-4" data-testid="sim-concerns">
            <h2 className="mb-2 text-sm font-semibold">{t('debrief.concerns')}</h2>
            <ul className="space-y-1 text-sm">
              {d.concerns.map((c) => (
                <li key={c.id} data-testid={`sim-concern-${c.id}`} data-found={c.found}>
                  {c.found ? '✓' : '○'} <span className="font-medium">{personaName(c.personaId)}</span>：
                  {c.found ? pick(c.text, props.locale) : t('debrief.concernMissed')}
                  {c.found && c.stepIndex !== null && <span className="text-xs text-slate-500"> {t('debrief.atTurn', { n: c.stepIndex + 1 })}</span>}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      <section className="card p-4" data-testid="sim-timeline">
        <h2 className="mb-2 text-sm font-semibold">{t('debrief.timeline')}</h2>
        <ol className="space-y-3">
          {d.timeline.map((s, i) => (
            <li key={i} className="text-sm" data-testid={`sim-step-${i}`}>
              <div className="text-xs text-slate-500">
                {i + 1}. {personaName(s.personaId)}
              </div>
              <p className="text-slate-700">“{pick(s.line, props.locale)}”</p>
              <p className="mt-1 border-l-2 border-brand-500 pl-2">{s.freeText ?? pick(s.optionText, props.locale)}</p>
              <div className="mt-1 flex flex-wrap gap-1">
                {s.tags.map((tag) => (
                  <span key={tag} className={`badge ${blockers.has(tag) ? 'bg-red-100 text-red-800' : ''}`}>
                    {t(`tags.${tag}`)}
                  </span>
                ))}
                {Object.entries(s.attitudeDelta).map(([p, delta]) => (
                  <span key={p} className="badge">
                    {personaName(p)} {delta > 0 ? `+${delta}` : delta}
                  </span>
                ))}
                {s.revealed.length > 0 && <span className="badge bg-emerald-100 text-emerald-800">{t('debrief.revealed')}</span>}
              </div>
              {s.matched.length > 0 && (
                <p className="mt-1 text-xs text-slate-500">
                  {t('debrief.matched')} {s.matched.map((m) => `“${m.phrase}” → ${t(`tags.${m.tag}`)}`).join('；')}
                </p>
              )}
              {s.freeText && !s.optionId && <p className="mt-1 text-xs text-slate-500">{t('debrief.unmatched')}</p>}
            </li>
          ))}
        </ol>
      </section>
      {r.status === 'finished' && (
        <section className="card space-y-3 p-4" data-testid="sim-ack">
          <h2 className="text-sm font-semibold">{t('debrief.traineeSection')}</h2>
          {r.acknowledgedAt ? (
            <p className="text-sm" data-testid="sim-acknowledged">
              {t('debrief.acknowledgedAt', { time: f.dateTime(r.acknowledgedAt) })}
              {r.traineeComment && <span className="block text-slate-700">“{r.traineeComment}”</span>}
            </p>
          ) : r.isMine ? (
            <AcknowledgeForm runId={r.id} />
          ) : (
            <p className="text-sm text-slate-500">{t('debrief.notAcknowledged')}</p>
          )}
          {r.canOverride && <OverrideForm runId={r.id} criteria={d.criteria.map((c) => ({ id: c.id, name: c.name, score: c.score }))} />}
          {r.isMine && (
            <Link className="btn-secondary" href={BASE}>
              {t('debrief.again')}
            </Link>
          )}
        </section>
      )}
    </div>
  );
}

async function PersonPage(props: PluginViewProps) {
  const t = tr(props.locale);
  const f = formatters(props.locale);
  const ctx = await serverContext();
  const userId = String(props.params.userId);
  const [prog, notes, runs] = await Promise.all([
    simOrNotFound<Res<typeof progress>>('training.progress', { userId }),
    simOrNotFound<Res<typeof coachingNotes>>('training.notes', { userId }),
    simOrNotFound<Res<typeof listRuns>>('runs.list', { userId }),
  ]);
  const person = prog.people[0];
  if (!person) notFound();
  const canNote = userId !== props.userId && (ctx.permissions.has(P.train) || ctx.permissions.has(P.coach));
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="sim-person">
      <h1 className="text-xl font-semibold">{t('people.title', { name: person.name })}</h1>
      <section className="card p-4">
        <div className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
          <div>{t('people.runs', { n: person.runs })}</div>
          <div>{t('people.best', { score: person.best ?? '—' })}</div>
          <div>{t('people.gateFailures', { n: person.gateFailures })}</div>
          <div>{t('people.assignments', { open: person.assignmentsOpen, done: person.assignmentsDone })}</div>
        </div>
      </section>
      <section className="card p-4" data-testid="sim-competencies">
        <h2 className="mb-2 text-sm font-semibold">{t('people.competencies')}</h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">{t('people.competency')}</th>
              <th>{t('people.first')}</th>
              <th>{t('people.last')}</th>
              <th>{t('people.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {prog.competencies.map((c) => {
              const s = person.competencies[c.id];
              return (
                <tr key={c.id} className="border-t border-slate-100">
                  <td className="py-1">{pick(c.name, props.locale)}</td>
                  <td className="font-mono">{s?.first ?? '—'}</td>
                  <td className="font-mono">{s?.last ?? '—'}</td>
                  <td>
                    <svg width="96" height="20" viewBox="0 0 96 20" aria-hidden="true">
                      {s && s.series.length > 1 && (
                        <polyline fill="none" stroke="#1f8a80" strokeWidth="1.5" points={s.series.map((v, i) => `${(i / (s.series.length - 1)) * 94 + 1},${19 - (v / 100) * 18}`).join(' ')} />
                      )}
                    </svg>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('home.runs')}</h2>
        <ul className="divide-y divide-slate-100">
          {runs.map((r) => (
            <li key={r.id} className="flex justify-between py-1 text-sm">
              <Link className="text-brand-700 underline" href={`${BASE}/runs/${r.id}`}>
                {pick(r.title, props.locale)}
              </Link>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                {f.dateTime(r.startedAt)} <ScoreBadge total={r.total} passed={r.passed} gatePassed={r.gatePassed} t={t} />
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card space-y-2 p-4" data-testid="sim-notes">
        <h2 className="text-sm font-semibold">{t('people.notes')}</h2>
        {!notes.length && <p className="text-sm text-slate-500">{t('people.noNotes')}</p>}
        <ul className="space-y-2">
          {notes.map((n) => (
            <li key={n.id} className="text-sm">
              <p className="whitespace-pre-wrap">{n.body}</p>
              <p className="text-xs text-slate-400">
                {n.author} · {f.dateTime(n.createdAt)}
              </p>
            </li>
          ))}
        </ul>
        {canNote && <CoachingNoteForm userId={userId} />}
      </section>
    </div>
  );
}

async function DashboardWidget(props: PluginViewProps) {
  const t = tr(props.locale);
  const f = formatters(props.locale);
  const ctx = await serverContext();
  if (ctx.permissions.has(P.train)) {
    const all = await sim<Res<typeof listAssignments>>('training.assignments', { scope: 'all' });
    const done = all.filter((a) => a.completedAt).length;
    const overdue = all.filter((a) => a.overdue).length;
    return (
      <div className="space-y-1 text-sm" data-testid="sim-widget-trainer">
        <p>{t('widget.cohort', { done, total: all.length })}</p>
        {overdue > 0 && <p className="text-red-700">{t('widget.overdue', { n: overdue })}</p>}
        <Link className="text-brand-700 underline" href={`${BASE}/trainer`}>
          {t('home.trainer')}
        </Link>
      </div>
    );
  }
  const mine = (await sim<Res<typeof listAssignments>>('training.assignments', { scope: 'mine' })).filter((a) => !a.completedAt);
  return (
    <div className="space-y-1 text-sm" data-testid="sim-widget-mine">
      {!mine.length && <p className="text-slate-500">{t('home.noAssignments')}</p>}
      <ul className="space-y-1">
        {mine.slice(0, 5).map((a) => (
          <li key={a.id}>
            <Link className="text-brand-700 underline" href={BASE}>
              {pick(a.title, props.locale)}
            </Link>
            {a.dueAt && <span className={`ml-1 text-xs ${a.overdue ? 'text-red-700' : 'text-slate-500'}`}>{t('home.due', { date: f.date(a.dueAt) })}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

const ui: PluginUi = {
  nav: [{ path: '', labelKey: 'nav', permission: P.play }],
  pages: [
    { path: '', titleKey: 'title', permission: P.play, render: (props) => <Home {...props} /> },
    { path: 'play/:runId', titleKey: 'play.title', permission: P.play, render: (props) => <Player runId={String(props.params.runId)} /> },
    { path: 'runs/:runId', titleKey: 'debrief.pageTitle', permission: P.play, render: (props) => <DebriefPage {...props} /> },
    { path: 'people/:userId', titleKey: 'people.pageTitle', permission: P.play, render: (props) => <PersonPage {...props} /> },
    { path: 'trainer', titleKey: 'trainer.title', permission: P.train, render: () => <TrainerHub /> },
    { path: 'editor/new', titleKey: 'editor.title', permission: P.train, render: () => <Editor scenarioId={null} /> },
    { path: 'editor/:scenarioId', titleKey: 'editor.title', permission: P.train, render: (props) => <Editor scenarioId={String(props.params.scenarioId)} /> },
    { path: 'live/:sessionId', titleKey: 'live.presenterTitle', permission: P.train, render: (props) => <LivePresenter sessionId={String(props.params.sessionId)} /> },
    { path: 'join/:sessionId', titleKey: 'live.joinTitle', permission: P.play, render: (props) => <LiveJoin sessionId={String(props.params.sessionId)} /> },
  ],
  panels: [{ slot: 'dashboard.widgets', id: 'assignments', titleKey: 'widget.title', permission: P.play, render: (props) => <DashboardWidget {...props} /> }],
};

export default ui;
