'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useLocale, useT } from '@/app/_lib/i18n';
import { turnFromObjection } from '../engine/builders';
import { ADOPTION_STAGES, FORMULARY_STATUSES, INFLUENCE, SCENARIO_TYPES, TAGS, type Localized, type ScenarioContent, type Tag } from '../engine/schema';
import { parseScenario } from '../engine/validate';
import { endocrinology } from '../library';
import { standardCriteria, STANDARD_COMPETENCIES } from '../library/helpers';
import type { objectionLibrary, scenarioDetail } from '../services/scenarios';
import { BranchMap } from './branch-map';
import { pick, SIM_BASE, useSimMutation, useSimQuery } from './client';

type Detail = Awaited<ReturnType<typeof scenarioDetail>>;

function blank(): ScenarioContent {
  const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });
  return {
    format: 'rapport.meeting-sim/1',
    title: L('新场景', 'New scenario'),
    summary: L('场景简介', 'Summary'),
    type: 'doctor_visit',
    product: { name: L('产品', 'Product'), productId: null, approvedClaims: [{ id: 'claim1', text: L('已批准的产品声明', 'Approved claim') }] },
    hospitalTier: L('三级甲等', 'Tier 3A'),
    department: L('科室', 'Department'),
    formularyStatus: 'not_listed',
    competitor: L('竞品', 'Competitor'),
    timeBoxMinutes: 8,
    competencies: STANDARD_COMPETENCIES,
    patientFlow: [],
    personas: [structuredClone(endocrinology.personas[0]!)],
    startTurnId: 't1',
    turns: [turnFromObjection('t1', endocrinology.personas[0]!.id, '你们的产品有什么新证据？', null)],
    rubric: { blockers: ['off_label_claim', 'inducement', 'promised_formulary_access'], criteria: standardCriteria(), passMark: 60 },
  };
}

function LocalizedInput({ value, onChange, label, rows, testId }: { value: Localized; onChange: (v: Localized) => void; label: string; rows?: number; testId?: string }) {
  const Field = rows ? 'textarea' : 'input';
  return (
    <div className="grid gap-1 sm:grid-cols-2">
      <label className="block text-xs text-slate-500">
        {label} · 中文
        <Field className="input" rows={rows} value={value['zh-CN']} onChange={(e) => onChange({ ...value, 'zh-CN': e.target.value })} data-testid={testId ? `${testId}-zh` : undefined} />
      </label>
      <label className="block text-xs text-slate-500">
        {label} · English
        <Field className="input" rows={rows} value={value.en} onChange={(e) => onChange({ ...value, en: e.target.value })} data-testid={testId ? `${testId}-en` : undefined} />
      </label>
    </div>
  );
}

function ObjectionPicker({ onUse }: { onUse: (text: string) => void }) {
  const t = useT('plugins.meeting-sim');
  const [search, setSearch] = useState('');
  const q = useSimQuery<Awaited<ReturnType<typeof objectionLibrary>>>('scenarios.objections', { search: search || null });
  return (
    <div className="space-y-2" data-testid="sim-objections">
      <input className="input" placeholder={t('editor.searchObjections')} value={search} onChange={(e) => setSearch(e.target.value)} />
      {q.data && !q.data.available && <p className="text-xs text-slate-500">{t('editor.objectionsUnavailable')}</p>}
      <ul className="max-h-56 space-y-1 overflow-y-auto text-sm">
        {q.data?.objections.map((o) => (
          <li key={o.id} className="flex items-start justify-between gap-2 rounded border border-slate-100 p-2">
            <span>
              {o.text}
              <span className="block text-xs text-slate-400">
                {o.source}
                {o.productName ? ` · ${o.productName}` : ''}
              </span>
            </span>
            <button type="button" className="btn-secondary shrink-0" onClick={() => onUse(o.text)}>
              {t('editor.useObjection')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The scenario editor: form sections, live validation, the branch map, save / publish / JSON. */
export function Editor({ scenarioId }: { scenarioId: string | null }) {
  const t = useT('plugins.meeting-sim');
  const tv = useT('plugins.meeting-sim.validation');
  const locale = useLocale();
  const router = useRouter();
  const q = useSimQuery<Detail>('scenarios.get', { id: scenarioId }, { enabled: Boolean(scenarioId) });
  const save = useSimMutation<{ id: string | null; content: unknown }, { id: string; version: number }>('scenarios.save');
  const publish = useSimMutation<{ id: string }, { version: number }>('scenarios.publish');
  const [content, setContent] = useState<ScenarioContent | null>(null);
  const [json, setJson] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const current: ScenarioContent | null = content ?? (scenarioId ? (q.data?.content ?? null) : blank());
  const check = useMemo(() => (current ? parseScenario(current) : null), [current]);
  if (scenarioId && q.error) return <p className="text-sm text-red-700">{q.error.message}</p>;
  if (!current || !check) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  const c = current;
  const update = (fn: (d: ScenarioContent) => void) => {
    const d = structuredClone(c);
    fn(d);
    setContent(d);
    setSaved(null);
  };
  const problemTurns = new Set(check.problems.map((p) => String(p.values.turn ?? '')).filter(Boolean));
  const concerns = c.personas.flatMap((p) => p.hiddenConcerns.map((h) => ({ id: h.id, label: `${pick(p.name, locale)}: ${pick(h.text, locale)}` })));
  const nextTurnId = () => {
    let i = c.turns.length + 1;
    while (c.turns.some((x) => x.id === `t${i}`)) i++;
    return `t${i}`;
  };
  const doSave = async () => {
    const res = await save.mutateAsync({ id: scenarioId, content: c });
    setSaved(t('editor.saved', { version: res.version }));
    setContent(null);
    if (!scenarioId) router.push(`${SIM_BASE}/editor/${res.id}`);
  };
  return (
    <div className="mx-auto max-w-6xl space-y-4" data-testid="sim-editor">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{pick(c.title, locale)}</h1>
          {q.data && (
            <p className="text-xs text-slate-500">
              {q.data.versions.map((v) => `v${v.version} ${t(`editor.status.${v.status}`)}`).join(' · ')}
            </p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <button className="btn-secondary" type="button" onClick={() => setJson(json === null ? JSON.stringify(c, null, 2) : null)} data-testid="sim-editor-json-toggle">
            {json === null ? t('editor.json') : t('editor.form')}
          </button>
          <button className="btn-primary" type="button" disabled={save.isPending} onClick={() => void doSave()} data-testid="sim-editor-save">
            {t('editor.save')}
          </button>
          {scenarioId && (
            <button className="btn-secondary" type="button" disabled={publish.isPending || content !== null} onClick={() => publish.mutate({ id: scenarioId })} data-testid="sim-editor-publish">
              {t('editor.publish')}
            </button>
          )}
        </div>
      </div>
      {(save.error || publish.error) && (
        <p className="rounded bg-red-50 p-2 text-sm text-red-800" role="alert" data-testid="sim-editor-error">
          {(save.error ?? publish.error)!.message}
        </p>
      )}
      {saved && <p className="text-sm text-emerald-700">{saved}</p>}
      {publish.data && <p className="text-sm text-emerald-700">{t('editor.published', { version: publish.data.version })}</p>}
      <section className={`card p-3 text-sm ${check.ok ? '' : 'border-orange-300'}`} data-testid="sim-editor-problems">
        {check.ok ? (
          <p className="text-emerald-700">{t('editor.valid')}</p>
        ) : (
          <ul className="list-inside list-disc space-y-0.5 text-orange-900">
            {check.problems.slice(0, 20).map((p, i) => (
              <li key={i}>{tv(p.code, p.values)}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="card overflow-x-auto p-3">
        <h2 className="mb-2 text-sm font-semibold">{t('editor.map')}</h2>
        <BranchMap content={c} problemTurns={problemTurns} onSelect={(id) => { setSelected(id); document.getElementById(`turn-${id}`)?.scrollIntoView({ behavior: 'smooth' }); }} labels={{ end: t('editor.end'), start: t('editor.start') }} />
      </section>
      {json !== null ? (
        <section className="card space-y-2 p-3">
          <textarea className="input font-mono text-xs" rows={24} value={json} onChange={(e) => setJson(e.target.value)} data-testid="sim-editor-json" />
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              try {
                setContent(JSON.parse(json) as ScenarioContent);
                setJson(null);
              } catch {
                setSaved(t('editor.jsonInvalid'));
              }
            }}
          >
            {t('editor.applyJson')}
          </button>
        </section>
      ) : (
        <>
          <section className="card space-y-3 p-3">
            <h2 className="text-sm font-semibold">{t('editor.basics')}</h2>
            <LocalizedInput label={t('editor.titleField')} value={c.title} onChange={(v) => update((d) => void (d.title = v))} testId="sim-editor-title" />
            <LocalizedInput label={t('editor.summary')} value={c.summary} rows={2} onChange={(v) => update((d) => void (d.summary = v))} />
            <div className="grid gap-2 sm:grid-cols-4">
              <label className="block text-xs text-slate-500">
                {t('editor.type')}
                <select className="input" value={c.type} onChange={(e) => update((d) => void (d.type = e.target.value as ScenarioContent['type']))}>
                  {SCENARIO_TYPES.map((x) => (
                    <option key={x} value={x}>
                      {t(`types.${x}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="block text-xs text-slate-500">
                {t('editor.formulary')}
                <select className="input" value={c.formularyStatus} onChange={(e) => update((d) => void (d.formularyStatus = e.target.value as ScenarioContent['formularyStatus']))}>
                  {FORMULARY_STATUSES.map((x) => (
                    <option key={x} value={x}>
                      {t(`formulary.${x}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="block text-xs text-slate-500">
                {t('editor.timeBox')}
                <input className="input" type="number" min={1} max={120} value={c.timeBoxMinutes} onChange={(e) => update((d) => void (d.timeBoxMinutes = Number(e.target.value)))} />
              </label>
              <label className="block text-xs text-slate-500">
                {t('editor.passMark')}
                <input className="input" type="number" min={0} max={100} value={c.rubric.passMark} onChange={(e) => update((d) => void (d.rubric.passMark = Number(e.target.value)))} />
              </label>
            </div>
            <LocalizedInput label={t('editor.product')} value={c.product.name} onChange={(v) => update((d) => void (d.product.name = v))} />
            {c.product.approvedClaims.map((cl, i) => (
              <LocalizedInput key={cl.id} label={t('editor.claim', { n: i + 1 })} value={cl.text} onChange={(v) => update((d) => void (d.product.approvedClaims[i]!.text = v))} />
            ))}
            <LocalizedInput label={t('editor.department')} value={c.department} onChange={(v) => update((d) => void (d.department = v))} />
            <LocalizedInput label={t('editor.competitor')} value={c.competitor} onChange={(v) => update((d) => void (d.competitor = v))} />
          </section>
          <section className="card space-y-2 p-3" data-testid="sim-editor-rubric">
            <h2 className="text-sm font-semibold">{t('editor.rubric')}</h2>
            <div className="grid gap-2 sm:grid-cols-5">
              {c.rubric.criteria.map((cr, i) => (
                <label key={cr.id} className="block text-xs text-slate-500" title={pick(cr.anchors.high, locale)}>
                  {pick(cr.name, locale)}
                  <input className="input" type="number" min={0} max={100} value={cr.weight} onChange={(e) => update((d) => void (d.rubric.criteria[i]!.weight = Number(e.target.value)))} data-testid={`sim-weight-${cr.id}`} />
                </label>
              ))}
            </div>
            <div className="flex flex-wrap gap-2 text-xs">
              <span className="text-slate-500">{t('editor.blockers')}</span>
              {TAGS.map((tag) => (
                <label key={tag} className="flex items-center gap-1">
                  <input type="checkbox" checked={c.rubric.blockers.includes(tag)} onChange={(e) => update((d) => void (d.rubric.blockers = e.target.checked ? [...d.rubric.blockers, tag] : d.rubric.blockers.filter((x) => x !== tag)))} />
                  {t(`tags.${tag}`)}
                </label>
              ))}
            </div>
          </section>
          <section className="card space-y-3 p-3">
            <div className="flex items-center justify-between">
              <h2 className="text-sm font-semibold">{t('editor.personas')}</h2>
              <button
                type="button"
                className="btn-secondary"
                onClick={() =>
                  update((d) => {
                    const p = structuredClone(endocrinology.personas[2]!);
                    p.id = `p${d.personas.length + 1}`;
                    p.hiddenConcerns = [];
                    d.personas.push(p);
                  })
                }
              >
                {t('editor.addPersona')}
              </button>
            </div>
            {c.personas.map((p, pi) => (
              <div key={pi} className="space-y-2 rounded border border-slate-200 p-2">
                <LocalizedInput label={`${p.id} · ${t('editor.name')}`} value={p.name} onChange={(v) => update((d) => void (d.personas[pi]!.name = v))} />
                <LocalizedInput label={t('editor.personaTitle')} value={p.title} onChange={(v) => update((d) => void (d.personas[pi]!.title = v))} />
                <div className="grid gap-2 sm:grid-cols-3">
                  <label className="block text-xs text-slate-500">
                    {t('editor.influence')}
                    <select className="input" value={p.influence} onChange={(e) => update((d) => void (d.personas[pi]!.influence = e.target.value as 'H' | 'M' | 'L'))}>
                      {INFLUENCE.map((x) => (
                        <option key={x} value={x}>
                          {t(`influence.${x}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="block text-xs text-slate-500">
                    {t('editor.attitude')}
                    <input className="input" type="number" min={-2} max={2} value={p.attitude} onChange={(e) => update((d) => void (d.personas[pi]!.attitude = Number(e.target.value)))} />
                  </label>
                  <label className="block text-xs text-slate-500">
                    {t('editor.adoption')}
                    <select className="input" value={p.adoptionStage} onChange={(e) => update((d) => void (d.personas[pi]!.adoptionStage = e.target.value as (typeof ADOPTION_STAGES)[number]))}>
                      {ADOPTION_STAGES.map((x) => (
                        <option key={x} value={x}>
                          {t(`adoption.${x}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                {p.hiddenConcerns.map((h, hi) => (
                  <LocalizedInput key={h.id} label={`${t('editor.hidden')} ${h.id}`} value={h.text} onChange={(v) => update((d) => void (d.personas[pi]!.hiddenConcerns[hi]!.text = v))} />
                ))}
                <button type="button" className="text-xs text-brand-700 underline" onClick={() => update((d) => void d.personas[pi]!.hiddenConcerns.push({ id: `${p.id}_c${p.hiddenConcerns.length + 1}`, text: { 'zh-CN': '隐藏顾虑', en: 'Hidden concern' } }))}>
                  {t('editor.addHidden')}
                </button>
              </div>
            ))}
          </section>
          <section className="card space-y-3 p-3" data-testid="sim-editor-turns">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-sm font-semibold">{t('editor.turns')}</h2>
              <label className="text-xs text-slate-500">
                {t('editor.startTurn')}{' '}
                <select className="input inline-block w-auto" value={c.startTurnId} onChange={(e) => update((d) => void (d.startTurnId = e.target.value))}>
                  {c.turns.map((x) => (
                    <option key={x.id}>{x.id}</option>
                  ))}
                </select>
              </label>
              <button type="button" className="btn-secondary" onClick={() => update((d) => void d.turns.push(turnFromObjection(nextTurnId(), d.personas[0]!.id, '……', null)))} data-testid="sim-editor-add-turn">
                {t('editor.addTurn')}
              </button>
            </div>
            {c.turns.map((turn, ti) => (
              <div key={ti} id={`turn-${turn.id}`} className={`space-y-2 rounded border p-2 ${problemTurns.has(turn.id) ? 'border-red-400' : selected === turn.id ? 'border-brand-500' : 'border-slate-200'}`} data-testid={`sim-editor-turn-${turn.id}`}>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-mono font-semibold">{turn.id}</span>
                  <select className="input w-auto" value={turn.personaId} onChange={(e) => update((d) => void (d.turns[ti]!.personaId = e.target.value))} aria-label={t('editor.speaker')}>
                    {c.personas.map((p) => (
                      <option key={p.id} value={p.id}>
                        {pick(p.name, locale)}
                      </option>
                    ))}
                  </select>
                  <label className="flex items-center gap-1 text-xs">
                    <input type="checkbox" checked={turn.allowFreeText} onChange={(e) => update((d) => void (d.turns[ti]!.allowFreeText = e.target.checked))} />
                    {t('editor.freeText')}
                  </label>
                  <button type="button" className="ml-auto text-xs text-red-700 underline" onClick={() => update((d) => void d.turns.splice(ti, 1))}>
                    {t('editor.deleteTurn')}
                  </button>
                </div>
                <LocalizedInput label={t('editor.line')} value={turn.line} rows={2} onChange={(v) => update((d) => void (d.turns[ti]!.line = v))} />
                {turn.options.map((o, oi) => (
                  <div key={oi} className="space-y-2 rounded bg-slate-50 p-2">
                    <LocalizedInput label={`${t('editor.option')} ${o.id}`} value={o.text} rows={2} onChange={(v) => update((d) => void (d.turns[ti]!.options[oi]!.text = v))} />
                    <div className="flex flex-wrap gap-2 text-xs">
                      {TAGS.map((tag) => (
                        <label key={tag} className={`flex items-center gap-1 ${c.rubric.blockers.includes(tag) ? 'text-red-700' : ''}`}>
                          <input
                            type="checkbox"
                            checked={o.tags.includes(tag)}
                            onChange={(e) => update((d) => {
                              const opt = d.turns[ti]!.options[oi]!;
                              opt.tags = e.target.checked ? [...opt.tags, tag] : opt.tags.filter((x: Tag) => x !== tag);
                            })}
                          />
                          {t(`tags.${tag}`)}
                        </label>
                      ))}
                    </div>
                    <div className="grid gap-2 text-xs sm:grid-cols-3">
                      <label className="block text-slate-500">
                        {t('editor.next')}
                        <select className="input" value={o.next ?? ''} onChange={(e) => update((d) => void (d.turns[ti]!.options[oi]!.next = e.target.value || null))} data-testid={`sim-editor-next-${o.id}`}>
                          <option value="">{t('editor.end')}</option>
                          {c.turns.map((x) => (
                            <option key={x.id} value={x.id}>
                              {x.id}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="block text-slate-500">
                        {t('editor.reveals')}
                        <select className="input" value={o.reveals[0] ?? ''} onChange={(e) => update((d) => void (d.turns[ti]!.options[oi]!.reveals = e.target.value ? [e.target.value] : []))}>
                          <option value="">—</option>
                          {concerns.map((x) => (
                            <option key={x.id} value={x.id}>
                              {x.label}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="block text-slate-500">
                        {t('editor.seconds')}
                        <input className="input" type="number" min={5} max={900} value={o.seconds} onChange={(e) => update((d) => void (d.turns[ti]!.options[oi]!.seconds = Number(e.target.value)))} />
                      </label>
                    </div>
                    <div className="flex flex-wrap gap-2 text-xs">
                      <span className="text-slate-500">{t('editor.attitudeChange')}</span>
                      {c.personas.map((p) => (
                        <label key={p.id} className="flex items-center gap-1">
                          {pick(p.name, locale)}
                          <input
                            className="input w-14"
                            type="number"
                            min={-2}
                            max={2}
                            value={o.attitude[p.id] ?? 0}
                            onChange={(e) => update((d) => {
                              const v = Number(e.target.value);
                              const a = d.turns[ti]!.options[oi]!.attitude;
                              if (v) a[p.id] = v;
                              else delete a[p.id];
                            })}
                          />
                        </label>
                      ))}
                    </div>
                    <div className="flex flex-wrap gap-2 text-xs">
                      <span className="text-slate-500">{t('editor.scores')}</span>
                      {c.rubric.criteria.map((cr) => (
                        <label key={cr.id} className="flex items-center gap-1">
                          {pick(cr.name, locale)}
                          <select
                            className="input w-14"
                            value={o.scores[cr.id] ?? ''}
                            onChange={(e) => update((d) => {
                              const s = d.turns[ti]!.options[oi]!.scores;
                              if (e.target.value === '') delete s[cr.id];
                              else s[cr.id] = Number(e.target.value);
                            })}
                          >
                            <option value="">—</option>
                            {[0, 1, 2, 3, 4].map((n) => (
                              <option key={n} value={n}>
                                {n}
                              </option>
                            ))}
                          </select>
                        </label>
                      ))}
                    </div>
                    <LocalizedInput label={t('editor.feedback')} value={o.feedback} onChange={(v) => update((d) => void (d.turns[ti]!.options[oi]!.feedback = v))} />
                    {turn.options.length > 1 && (
                      <button type="button" className="text-xs text-red-700 underline" onClick={() => update((d) => void d.turns[ti]!.options.splice(oi, 1))}>
                        {t('editor.deleteOption')}
                      </button>
                    )}
                  </div>
                ))}
                <button
                  type="button"
                  className="text-xs text-brand-700 underline"
                  onClick={() => update((d) => {
                    const tt = d.turns[ti]!;
                    const base = structuredClone(tt.options[0]!);
                    let n = tt.options.length + 1;
                    while (tt.options.some((x) => x.id === `${tt.id}_o${n}`)) n++;
                    tt.options.push({ ...base, id: `${tt.id}_o${n}`, tags: [], attitude: {}, reveals: [] });
                  })}
                >
                  {t('editor.addOption')}
                </button>
              </div>
            ))}
          </section>
          <section className="card space-y-2 p-3">
            <h2 className="text-sm font-semibold">{t('editor.objections')}</h2>
            <p className="text-xs text-slate-500">{t('editor.objectionsHint')}</p>
            <ObjectionPicker onUse={(text) => update((d) => void d.turns.push(turnFromObjection(nextTurnId(), (selected && d.turns.find((x) => x.id === selected)?.personaId) || d.personas[0]!.id, text, null)))} />
          </section>
        </>
      )}
    </div>
  );
}
