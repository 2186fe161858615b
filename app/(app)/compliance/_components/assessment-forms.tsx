'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ASSESSMENT_KINDS, type AssessmentKind } from '@/server/db/entities/compliance-enums';
import type { AppRouter } from '@/server/trpc/root';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { PersonSearch, type PickedPerson } from './person-search';
import { Badge, Fields } from './ui';

type Assessment = inferRouterOutputs<AppRouter>['compliance']['assessments']['list'][number];

/** The cross-border switch: on only with an approved cross-border assessment; both ways audited. */
export function CrossBorderSwitch({ enabled, assessmentId, approved, canManage }: { enabled: boolean; assessmentId: string | null; approved: { id: string; title: string; recipient: string | null; recipientCountry: string | null }[]; canManage: boolean }) {
  const tp = useT('privacy.crossBorder');
  const router = useRouter();
  const [choice, setChoice] = useState(assessmentId ?? approved[0]?.id ?? '');
  const set = trpc.compliance.privacy.setCrossBorder.useMutation({ onSuccess: () => router.refresh() });
  const current = approved.find((a) => a.id === assessmentId);
  return (
    <div className="space-y-2 text-sm" data-testid="crossborder-switch">
      <p>
        {enabled ? <Badge tone="amber">{tp('stateOn')}</Badge> : <Badge tone="slate">{tp('stateOff')}</Badge>}
        {enabled && current && <span className="ml-2">{tp('basedOn', { title: current.title, recipient: current.recipient ?? '—', country: current.recipientCountry ?? '—' })}</span>}
      </p>
      {canManage && (
        <div className="flex flex-wrap items-center gap-2">
          {!enabled && (
            <>
              <select className="input w-auto" value={choice} onChange={(e) => setChoice(e.target.value)} aria-label={tp('chooseAssessment')} data-testid="crossborder-assessment">
                <option value="">{approved.length ? tp('chooseAssessment') : tp('noApproved')}</option>
                {approved.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.title}
                  </option>
                ))}
              </select>
              <button type="button" className="btn-primary" disabled={set.isPending} onClick={() => set.mutate({ enabled: true, assessmentId: choice || null })} data-testid="crossborder-enable">
                {tp('enable')}
              </button>
            </>
          )}
          {enabled && (
            <button type="button" className="btn-danger" disabled={set.isPending} onClick={() => set.mutate({ enabled: false })} data-testid="crossborder-disable">
              {tp('disable')}
            </button>
          )}
        </div>
      )}
      {set.error && (
        <p className="rounded-md bg-red-50 p-2 text-red-700" role="alert">
          {set.error.message}
        </p>
      )}
      <p className="text-xs text-slate-500">{tp('switchHelp')}</p>
    </div>
  );
}

/** Records people whose data was transferred abroad outside Rapport (e.g. a replication to headquarters). */
export function RecordTransferForm() {
  const tp = useT('privacy.crossBorder');
  const tc = useT('common');
  const td = useT('consent');
  const router = useRouter();
  const [people, setPeople] = useState<PickedPerson[]>([]);
  const [recipient, setRecipient] = useState('');
  const [country, setCountry] = useState('');
  const [categories, setCategories] = useState('');
  const [sensitive, setSensitive] = useState(false);
  const record = trpc.compliance.crossBorder.record.useMutation({ onSuccess: () => router.refresh() });
  return (
    <form
      className="mt-2 space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate({ personIds: people.map((p) => p.id), recipient, recipientCountry: country, dataCategories: categories.split(/[,，、\s]+/).filter(Boolean), sensitive });
      }}
    >
      <PersonSearch onPick={(p) => setPeople((list) => (list.some((x) => x.id === p.id) ? list : [...list, p]))} testId="transfer-people" />
      <ul className="flex flex-wrap gap-1">
        {people.map((p) => (
          <li key={p.id} className="badge bg-slate-100 text-slate-700">
            {p.name}
            <button type="button" className="ml-1" aria-label={tc('cancel')} onClick={() => setPeople((l) => l.filter((x) => x.id !== p.id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="grid gap-3 sm:grid-cols-2">
        <input className="input" placeholder={tp('recipient')} value={recipient} onChange={(e) => setRecipient(e.target.value)} required maxLength={200} />
        <input className="input" placeholder={tp('country')} value={country} onChange={(e) => setCountry(e.target.value)} required maxLength={60} />
        <input className="input sm:col-span-2" placeholder={tp('categoriesPlaceholder')} value={categories} onChange={(e) => setCategories(e.target.value)} required />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} />
        {tp('includesSensitive')}
      </label>
      {record.data && (
        <p className="rounded-md bg-brand-50 p-2 text-sm text-brand-700" role="status">
          {tp('recorded', { recorded: record.data.recorded.length, refused: record.data.refused.length })}
          {record.data.refused.length > 0 && <span className="block text-xs">{record.data.refused.map((r) => `${people.find((p) => p.id === r.personId)?.name ?? r.personId}: ${td(`reason.${r.reason}`)}`).join('；')}</span>}
        </p>
      )}
      {record.error && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {record.error.message}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={record.isPending || people.length === 0}>
        {tp('record')}
      </button>
    </form>
  );
}

const blank = { kind: 'cross_border' as AssessmentKind, title: '', scope: '', dataCategories: '', recipient: '', recipientCountry: '', risks: '', measures: '' };

function AssessmentForm({ initial, id, onDone }: { initial?: typeof blank; id?: string; onDone: () => void }) {
  const tp = useT('privacy.pipia');
  const tk = useT('privacy.assessmentKind');
  const tc = useT('common');
  const [v, setV] = useState(initial ?? blank);
  const create = trpc.compliance.assessments.create.useMutation({ onSuccess: onDone });
  const update = trpc.compliance.assessments.update.useMutation({ onSuccess: onDone });
  const m = id ? update : create;
  const errors = fieldErrorsOf(m.error);
  const field = (k: keyof typeof blank, label: string, area = false) => (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      {area ? (
        <textarea className="input min-h-24" value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} required data-testid={`pipia-${k}`} />
      ) : (
        <input className="input" value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} data-testid={`pipia-${k}`} />
      )}
      {errors[k] && <span className="text-xs text-red-700">{errors[k]}</span>}
    </label>
  );
  return (
    <form
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid="pipia-form"
      onSubmit={(e) => {
        e.preventDefault();
        const input = { ...v, dataCategories: v.dataCategories.split(/[,，、\s]+/).filter(Boolean), recipient: v.recipient || null, recipientCountry: v.recipientCountry || null };
        if (id) update.mutate({ id, ...input });
        else create.mutate(input);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tp('kind')}</span>
          <select className="input" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as AssessmentKind })} data-testid="pipia-kind">
            {ASSESSMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {tk(k)}
              </option>
            ))}
          </select>
        </label>
        {field('title', tp('titleField'))}
        {field('recipient', tp('recipient'))}
        {field('recipientCountry', tp('country'))}
      </div>
      {field('dataCategories', tp('categories'))}
      {field('scope', tp('scope'), true)}
      {field('risks', tp('risks'), true)}
      {field('measures', tp('measures'), true)}
      {m.error && !Object.keys(errors).length && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {m.error.message}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={m.isPending} data-testid="pipia-save">
        {m.isPending ? tc('saving') : id ? tc('save') : tp('create')}
      </button>
    </form>
  );
}

function Decide({ id, onDone }: { id: string; onDone: () => void }) {
  const tp = useT('privacy.pipia');
  const [note, setNote] = useState('');
  const decide = trpc.compliance.assessments.decide.useMutation({ onSuccess: onDone });
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3">
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{tp('decisionNote')}</span>
        <textarea className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </label>
      {decide.error && (
        <p className="text-sm text-red-700" role="alert">
          {decide.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button type="button" className="btn-primary" disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: 'approved', note: note || null })} data-testid="pipia-approve">
          {tp('approve')}
        </button>
        <button type="button" className="btn-danger" disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: 'rejected', note: note || null })}>
          {tp('reject')}
        </button>
      </div>
      <p className="text-xs text-slate-500">{tp('decideHelp')}</p>
    </div>
  );
}

/** Assessments: each opens to its record; drafts can be edited and decided. */
export function AssessmentList({ assessments, canManage }: { assessments: Assessment[]; canManage: boolean }) {
  const tp = useT('privacy.pipia');
  const tk = useT('privacy.assessmentKind');
  const ts = useT('privacy.assessmentStatus');
  const f = useFormat();
  const router = useRouter();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const done = () => {
    setCreating(false);
    router.refresh();
  };
  return (
    <div className="space-y-3">
      {canManage && (
        <button type="button" className="btn-secondary" onClick={() => setCreating((c) => !c)} data-testid="pipia-new">
          {tp('new')}
        </button>
      )}
      {creating && <AssessmentForm onDone={done} />}
      <ul className="divide-y divide-slate-100">
        {assessments.map((a) => (
          <li key={a.id} className="py-2" data-testid={`pipia-${a.id}`}>
            <button type="button" className="flex w-full flex-wrap items-center gap-2 text-left text-sm" onClick={() => setOpen(open === a.id ? null : a.id)} aria-expanded={open === a.id}>
              <Badge tone={a.status === 'approved' ? 'green' : a.status === 'rejected' ? 'red' : 'amber'}>{ts(a.status)}</Badge>
              <span className="text-xs text-slate-500">{tk(a.kind)}</span>
              <span className="min-w-0 flex-1 font-medium">{a.title}</span>
              <span className="text-xs text-slate-500">{f.date(a.createdAt)}</span>
            </button>
            {open === a.id && (
              <div className="mt-2 space-y-3">
                <Fields
                  rows={[
                    [tp('scope'), <span key="s" className="whitespace-pre-wrap">{a.scope}</span>],
                    [tp('categories'), a.dataCategories.join('、')],
                    [tp('recipient'), [a.recipient, a.recipientCountry].filter(Boolean).join(' · ')],
                    [tp('risks'), <span key="r" className="whitespace-pre-wrap">{a.risks}</span>],
                    [tp('measures'), <span key="m" className="whitespace-pre-wrap">{a.measures}</span>],
                    [tp('author'), a.createdByName],
                    [tp('approver'), a.approverName ? `${a.approverName} · ${a.approvedAt ? f.dateTime(a.approvedAt) : ''}` : null],
                    [tp('decisionNote'), a.decisionNote],
                    [tp('retainUntil'), a.retainUntil ? f.date(a.retainUntil) : null],
                  ]}
                />
                {a.status === 'draft' && canManage && (
                  <>
                    <AssessmentForm
                      id={a.id}
                      initial={{ kind: a.kind, title: a.title, scope: a.scope, dataCategories: a.dataCategories.join('、'), recipient: a.recipient ?? '', recipientCountry: a.recipientCountry ?? '', risks: a.risks, measures: a.measures }}
                      onDone={done}
                    />
                    <Decide id={a.id} onDone={done} />
                  </>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
