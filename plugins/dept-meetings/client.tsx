'use client';

import { useRouter } from 'next/navigation';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useT } from '@/app/_lib/i18n';
import { callPluginMutation, callPluginQuery } from '@/app/_lib/plugin-client';

const ID = 'dept-meetings';
const NS = `plugins.${ID}`;

function errorText(e: unknown, t: (k: string) => string): string {
  const err = e as { message?: string; data?: { appCode?: string } };
  const base = err?.message ?? String(e);
  return err?.data?.appCode === 'RULE_NEEDS_COMMENT' ? `${base} ${t('errors.needsComment')}` : base;
}

function useRun() {
  const router = useRouter();
  const t = useT(NS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  async function run<T>(fn: () => Promise<T>, after?: (r: T) => void): Promise<T | null> {
    setBusy(true);
    setError(null);
    setOk(null);
    try {
      const r = await fn();
      after?.(r);
      router.refresh();
      return r;
    } catch (e) {
      setError(errorText(e, t));
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, ok, setOk, run, t };
}

function Alert({ text, testId }: { text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}

/* ───────── plan form ───────── */

interface Options {
  products: { id: string; name: string }[];
  institutions: { id: string; name: string }[];
  departments: { id: string; name: string }[];
  people: { id: string; name: string; title: string | null; departmentId: string | null }[];
}

export interface PlanValues {
  id?: string;
  title: string;
  objective: string;
  productId: string;
  indication: string;
  institutionId: string;
  departmentId: string | null;
  startsAt: string;
  durationMinutes: number;
  venue: string;
  speakerKind: 'hcp' | 'internal' | 'none';
  speakerPersonId: string | null;
  speakerName: string | null;
  speakerFee: number;
  mealPerHead: number;
  headcount: number;
  agenda: string;
  deckId: string | null;
  deckVersion: string | null;
  invitees: { personId: string; attitude: number }[];
}

function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function PlanForm({ initial }: { initial?: PlanValues & { startsAtIso: string } }) {
  const { busy, error, run, t } = useRun();
  const router = useRouter();
  const [v, setV] = useState<PlanValues>(() =>
    initial
      ? { ...initial, startsAt: localInput(new Date(initial.startsAtIso)) }
      : {
          title: '',
          objective: '',
          productId: '',
          indication: '',
          institutionId: '',
          departmentId: null,
          startsAt: localInput(new Date(Date.now() + 24 * 3600_000)),
          durationMinutes: 60,
          venue: '',
          speakerKind: 'internal',
          speakerPersonId: null,
          speakerName: '',
          speakerFee: 0,
          mealPerHead: 100,
          headcount: 10,
          agenda: '',
          deckId: '',
          deckVersion: '',
          invitees: [],
        },
  );
  const [opts, setOpts] = useState<Options>({ products: [], institutions: [], departments: [], people: [] });
  const [comment, setComment] = useState('');
  useEffect(() => {
    void callPluginQuery<{ institutionId: string | null }, Options>(ID, 'planOptions', { institutionId: v.institutionId || null }).then(setOpts);
  }, [v.institutionId]);
  const set = <K extends keyof PlanValues>(k: K, val: PlanValues[K]) => setV((o) => ({ ...o, [k]: val }));
  const people = opts.people.filter((p) => !v.departmentId || p.departmentId === v.departmentId);
  const invited = new Map(v.invitees.map((i) => [i.personId, i.attitude]));
  const estimate = v.headcount * v.mealPerHead + (v.speakerKind === 'none' ? 0 : v.speakerFee);
  const label = (k: string) => <span className="mb-1 block text-xs font-medium text-slate-600">{t(`form.${k}`)}</span>;
  return (
    <form
      className="space-y-3"
      data-testid="dm-plan-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const input = { ...v, startsAt: new Date(v.startsAt), speakerName: v.speakerName || null, deckId: v.deckId || null, deckVersion: v.deckVersion || null };
        if (initial?.id) await run(() => callPluginMutation(ID, 'update', { ...input, id: initial.id, comment: comment || null }));
        else await run(() => callPluginMutation<unknown, { id: string }>(ID, 'create', input), (r) => router.push(`/m/${ID}/meetings/${r.id}`));
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block sm:col-span-2">
          {label('title')}
          <input className="input" required value={v.title} onChange={(e) => set('title', e.target.value)} data-testid="dm-title" />
        </label>
        <label className="block sm:col-span-2">
          {label('objective')}
          <textarea className="input" required rows={2} value={v.objective} onChange={(e) => set('objective', e.target.value)} data-testid="dm-objective" />
        </label>
        <label className="block">
          {label('product')}
          <select className="input" required value={v.productId} onChange={(e) => set('productId', e.target.value)} data-testid="dm-product">
            <option value="">—</option>
            {opts.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          {label('indication')}
          <input className="input" required value={v.indication} onChange={(e) => set('indication', e.target.value)} data-testid="dm-indication" />
        </label>
        <label className="block">
          {label('hospital')}
          <select className="input" required value={v.institutionId} onChange={(e) => setV((o) => ({ ...o, institutionId: e.target.value, departmentId: null, invitees: [] }))} data-testid="dm-hospital">
            <option value="">—</option>
            {opts.institutions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          {label('department')}
          <select className="input" value={v.departmentId ?? ''} onChange={(e) => set('departmentId', e.target.value || null)} data-testid="dm-department">
            <option value="">—</option>
            {opts.departments.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          {label('startsAt')}
          <input className="input" type="datetime-local" required value={v.startsAt} onChange={(e) => set('startsAt', e.target.value)} data-testid="dm-starts" />
        </label>
        <label className="block">
          {label('duration')}
          <input className="input" type="number" min={15} max={720} value={v.durationMinutes} onChange={(e) => set('durationMinutes', Number(e.target.value))} data-testid="dm-duration" />
        </label>
        <label className="block sm:col-span-2">
          {label('venue')}
          <input className="input" required value={v.venue} onChange={(e) => set('venue', e.target.value)} data-testid="dm-venue" />
        </label>
        <label className="block">
          {label('speakerKind')}
          <select className="input" value={v.speakerKind} onChange={(e) => set('speakerKind', e.target.value as PlanValues['speakerKind'])} data-testid="dm-speaker-kind">
            {(['internal', 'hcp', 'none'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`form.speaker.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {v.speakerKind === 'hcp' && (
          <label className="block">
            {label('speakerWho')}
            <select className="input" value={v.speakerPersonId ?? ''} onChange={(e) => set('speakerPersonId', e.target.value || null)} data-testid="dm-speaker-person">
              <option value="">—</option>
              {opts.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {v.speakerKind === 'internal' && (
          <label className="block">
            {label('speakerWho')}
            <input className="input" value={v.speakerName ?? ''} onChange={(e) => set('speakerName', e.target.value)} data-testid="dm-speaker-name" />
          </label>
        )}
        {v.speakerKind !== 'none' && (
          <label className="block">
            {label('speakerFee')}
            <input className="input" type="number" min={0} step="0.01" value={v.speakerFee} onChange={(e) => set('speakerFee', Number(e.target.value))} data-testid="dm-speaker-fee" />
          </label>
        )}
        <label className="block">
          {label('mealPerHead')}
          <input className="input" type="number" min={0} step="0.01" value={v.mealPerHead} onChange={(e) => set('mealPerHead', Number(e.target.value))} data-testid="dm-meal" />
        </label>
        <label className="block">
          {label('headcount')}
          <input className="input" type="number" min={1} max={500} value={v.headcount} onChange={(e) => set('headcount', Number(e.target.value))} data-testid="dm-headcount" />
        </label>
        <label className="block">
          {label('deckId')}
          <input className="input" value={v.deckId ?? ''} onChange={(e) => set('deckId', e.target.value)} data-testid="dm-deck-id" />
        </label>
        <label className="block">
          {label('deckVersion')}
          <input className="input" value={v.deckVersion ?? ''} onChange={(e) => set('deckVersion', e.target.value)} data-testid="dm-deck-version" />
        </label>
        <label className="block sm:col-span-2">
          {label('agenda')}
          <textarea className="input" rows={3} value={v.agenda} onChange={(e) => set('agenda', e.target.value)} data-testid="dm-agenda" />
        </label>
      </div>
      <p className="text-sm text-slate-600" data-testid="dm-estimate">
        {t('form.estimate', { amount: estimate.toFixed(2) })}
      </p>
      <fieldset className="space-y-1">
        <legend className="mb-1 text-xs font-medium text-slate-600">{t('form.invitees')}</legend>
        {!people.length && <p className="text-sm text-slate-500">{t('form.noPeople')}</p>}
        <ul className="max-h-72 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200">
          {people.map((p) => (
            <li key={p.id} className="flex items-center gap-3 px-3 py-1.5 text-sm">
              <label className="flex flex-1 items-center gap-2">
                <input
                  type="checkbox"
                  checked={invited.has(p.id)}
                  data-testid="dm-invitee"
                  onChange={(e) => set('invitees', e.target.checked ? [...v.invitees, { personId: p.id, attitude: 0 }] : v.invitees.filter((i) => i.personId !== p.id))}
                />
                {p.name}
                {p.title && <span className="text-xs text-slate-400">{p.title}</span>}
              </label>
              {invited.has(p.id) && (
                <select
                  className="input w-28"
                  value={invited.get(p.id)}
                  aria-label={t('form.attitude')}
                  onChange={(e) => set('invitees', v.invitees.map((i) => (i.personId === p.id ? { ...i, attitude: Number(e.target.value) } : i)))}
                >
                  {[-2, -1, 0, 1, 2].map((a) => (
                    <option key={a} value={a}>
                      {t(`attitude.${a}`)}
                    </option>
                  ))}
                </select>
              )}
            </li>
          ))}
        </ul>
      </fieldset>
      {initial?.id && <input className="input" placeholder={t('form.changeComment')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="dm-change-comment" />}
      <Alert text={error} testId="dm-plan-error" />
      <button className="btn-primary" disabled={busy} data-testid="dm-save">
        {t('form.save')}
      </button>
    </form>
  );
}

/* ───────── transitions ───────── */

export function ActionBar({ id, actions }: { id: string; actions: { action: string; danger?: boolean; needsNumber?: boolean }[] }) {
  const { busy, error, run, t } = useRun();
  const [comment, setComment] = useState('');
  const [number, setNumber] = useState('');
  if (!actions.length) return null;
  return (
    <div className="space-y-2" data-testid="dm-actions">
      <textarea className="input" rows={2} placeholder={t('comment')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="dm-comment" />
      {actions.some((a) => a.needsNumber) && <input className="input" placeholder={t('hospitalApprovalNo')} value={number} onChange={(e) => setNumber(e.target.value)} data-testid="dm-hospital-no" />}
      <div className="flex flex-wrap gap-2">
        {actions.map((a) => (
          <button
            key={a.action}
            type="button"
            className={a.danger ? 'btn-danger' : 'btn-primary'}
            disabled={busy}
            data-testid={`dm-action-${a.action}`}
            onClick={() => run(() => callPluginMutation(ID, 'transition', { id, action: a.action, comment: comment || null, hospitalApprovalNo: number || null }), () => setComment(''))}
          >
            {t(`actions.${a.action}`)}
          </button>
        ))}
      </div>
      <Alert text={error} testId="dm-action-error" />
    </div>
  );
}

/* ───────── QR sign-in ───────── */

export function SigninQr({ id }: { id: string }) {
  const { busy, error, run, t } = useRun();
  const [link, setLink] = useState<{ url: string; svg: string } | null>(null);
  return (
    <div className="space-y-2">
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        data-testid="dm-qr"
        onClick={() =>
          run(
            () => callPluginMutation<{ id: string }, { path: string }>(ID, 'signinLink', { id }),
            async (r) => {
              const url = `${window.location.origin}${r.path}`;
              setLink({ url, svg: await QRCode.toString(url, { type: 'svg', margin: 1, width: 220 }) });
            },
          )
        }
      >
        {t('signin.showQr')}
      </button>
      {link && (
        <div className="space-y-1">
          <div className="w-56" dangerouslySetInnerHTML={{ __html: link.svg }} data-testid="dm-qr-svg" />
          <a className="block text-xs break-all text-brand-700 underline" href={link.url} target="_blank" rel="noreferrer" data-testid="dm-qr-link">
            {link.url}
          </a>
        </div>
      )}
      <Alert text={error} testId="dm-qr-error" />
    </div>
  );
}

/* ───────── invitations ───────── */

export function InviteButton({ id }: { id: string }) {
  const { busy, error, run, t } = useRun();
  const [channel, setChannel] = useState('wechat');
  const [queued, setQueued] = useState<number | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select className="input w-32" value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="dm-invite-channel">
        {['wechat', 'sms', 'email', 'phone'].map((c) => (
          <option key={c} value={c}>
            {t(`channels.${c}`)}
          </option>
        ))}
      </select>
      <button type="button" className="btn-secondary" disabled={busy} data-testid="dm-invite" onClick={() => run(() => callPluginMutation<unknown, { queued: number }>(ID, 'invite', { id, channel }), (r) => setQueued(r.queued))}>
        {t('invite.send')}
      </button>
      {queued !== null && <span className="text-sm text-slate-600">{t('invite.queued', { n: queued })}</span>}
      <Alert text={error} testId="dm-invite-error" />
    </div>
  );
}

export function RsvpSelect({ id, personId, value }: { id: string; personId: string; value: string }) {
  const { run, t } = useRun();
  return (
    <select className="input w-24" value={value} onChange={(e) => run(() => callPluginMutation(ID, 'rsvp', { id, personId, rsvp: e.target.value }))} aria-label="RSVP">
      {['pending', 'yes', 'no'].map((r) => (
        <option key={r} value={r}>
          {t(`rsvp.${r}`)}
        </option>
      ))}
    </select>
  );
}

/* ───────── evidence and close-out ───────── */

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function EvidenceUpload({ id }: { id: string }) {
  const { busy, error, run, t } = useRun();
  const [kind, setKind] = useState<'photo' | 'invoice' | 'attachment'>('photo');
  const [inv, setInv] = useState({ invoiceNo: '', amount: '', invoiceVenue: '', invoiceDate: new Date().toISOString().slice(0, 10) });
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <form
      className="space-y-2"
      data-testid="dm-evidence-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const files = [...(fileRef.current?.files ?? [])];
        for (const f of files) {
          const ok = await run(() =>
            readBase64(f).then((dataBase64) =>
              callPluginMutation(ID, 'addEvidence', {
                id,
                kind,
                fileName: f.name,
                mime: f.type,
                dataBase64,
                ...(kind === 'invoice' ? { invoiceNo: inv.invoiceNo, amount: Number(inv.amount), invoiceVenue: inv.invoiceVenue || null, invoiceDate: inv.invoiceDate } : {}),
              }),
            ),
          );
          if (ok === null) return;
        }
        if (fileRef.current) fileRef.current.value = '';
      }}
    >
      <div className="flex flex-wrap gap-2">
        <select className="input w-32" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="dm-evidence-kind">
          {(['photo', 'invoice', 'attachment'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`evidence.${k}`)}
            </option>
          ))}
        </select>
        <input ref={fileRef} type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf" className="text-sm" data-testid="dm-evidence-file" />
      </div>
      {kind === 'invoice' && (
        <div className="grid gap-2 sm:grid-cols-4">
          <input className="input" placeholder={t('evidence.invoiceNo')} value={inv.invoiceNo} onChange={(e) => setInv({ ...inv, invoiceNo: e.target.value })} data-testid="dm-invoice-no" />
          <input className="input" type="number" step="0.01" placeholder={t('evidence.amount')} value={inv.amount} onChange={(e) => setInv({ ...inv, amount: e.target.value })} data-testid="dm-invoice-amount" />
          <input className="input" placeholder={t('evidence.venue')} value={inv.invoiceVenue} onChange={(e) => setInv({ ...inv, invoiceVenue: e.target.value })} data-testid="dm-invoice-venue" />
          <input className="input" type="date" value={inv.invoiceDate} onChange={(e) => setInv({ ...inv, invoiceDate: e.target.value })} data-testid="dm-invoice-date" />
        </div>
      )}
      <Alert text={error} testId="dm-evidence-error" />
      <button className="btn-secondary" disabled={busy} data-testid="dm-evidence-upload">
        {t('evidence.upload')}
      </button>
    </form>
  );
}

export function CloseOutForm({ id, speakerPaid, speakerPaymentRef }: { id: string; speakerPaid: number | null; speakerPaymentRef: string | null }) {
  const { busy, error, run, t } = useRun();
  const [paid, setPaid] = useState(speakerPaid === null ? '' : String(speakerPaid));
  const [ref, setRef] = useState(speakerPaymentRef ?? '');
  return (
    <div className="flex flex-wrap items-end gap-2">
      <input className="input w-40" type="number" step="0.01" placeholder={t('closeout.speakerPaid')} value={paid} onChange={(e) => setPaid(e.target.value)} data-testid="dm-speaker-paid" />
      <input className="input w-48" placeholder={t('closeout.paymentRef')} value={ref} onChange={(e) => setRef(e.target.value)} data-testid="dm-payment-ref" />
      <button type="button" className="btn-secondary" disabled={busy} onClick={() => run(() => callPluginMutation(ID, 'closeOut', { id, speakerPaid: paid === '' ? null : Number(paid), speakerPaymentRef: ref || null }))} data-testid="dm-closeout-save">
        {t('form.save')}
      </button>
      <Alert text={error} testId="dm-closeout-error" />
    </div>
  );
}

export function NoteForm({ id, people }: { id: string; people: { id: string; name: string }[] }) {
  const { busy, error, run, t } = useRun();
  const [kind, setKind] = useState<'objection' | 'question' | 'adverse_event'>('objection');
  const [personId, setPersonId] = useState('');
  const [text, setText] = useState('');
  const [response, setResponse] = useState('');
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        await run(() => callPluginMutation(ID, 'logNote', { id, kind, personId: personId || null, text, response: response || null }), () => {
          setText('');
          setResponse('');
        });
      }}
    >
      <div className="flex flex-wrap gap-2">
        <select className="input w-36" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          {(['objection', 'question', 'adverse_event'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`notes.${k}`)}
            </option>
          ))}
        </select>
        <select className="input w-36" value={personId} onChange={(e) => setPersonId(e.target.value)}>
          <option value="">—</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <textarea className="input" rows={2} required placeholder={t('notes.text')} value={text} onChange={(e) => setText(e.target.value)} />
      {kind !== 'adverse_event' && <textarea className="input" rows={2} placeholder={t('notes.response')} value={response} onChange={(e) => setResponse(e.target.value)} />}
      <Alert text={error} testId="dm-note-error" />
      <button className="btn-secondary" disabled={busy || !text.trim()}>
        {t('notes.add')}
      </button>
    </form>
  );
}

export function EvaluateRow({ id, personId, attitudeAfter, questionsAnswered }: { id: string; personId: string; attitudeAfter: number | null; questionsAnswered: boolean | null }) {
  const { busy, run, t } = useRun();
  const [a, setA] = useState(attitudeAfter ?? 0);
  const [q, setQ] = useState(questionsAnswered ?? false);
  return (
    <span className="flex items-center gap-2">
      <select className="input w-24" value={a} onChange={(e) => setA(Number(e.target.value))} aria-label={t('evaluate.attitudeAfter')}>
        {[-2, -1, 0, 1, 2].map((x) => (
          <option key={x} value={x}>
            {t(`attitude.${x}`)}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" checked={q} onChange={(e) => setQ(e.target.checked)} />
        {t('evaluate.answered')}
      </label>
      <button type="button" className="btn-secondary" disabled={busy} onClick={() => run(() => callPluginMutation(ID, 'evaluate', { id, personId, attitudeAfter: a, questionsAnswered: q }))}>
        {t('form.save')}
      </button>
    </span>
  );
}

export function OutcomeForm({ id, day, value }: { id: string; day: 30 | 90; value: string | null }) {
  const { busy, error, run, t } = useRun();
  const [text, setText] = useState(value ?? '');
  return (
    <div className="space-y-1">
      <textarea className="input" rows={2} placeholder={t(`outcome.d${day}`)} value={text} onChange={(e) => setText(e.target.value)} />
      <Alert text={error} testId={`dm-outcome-${day}-error`} />
      <button type="button" className="btn-secondary" disabled={busy || !text.trim()} onClick={() => run(() => callPluginMutation(ID, 'outcome', { id, day, text }))}>
        {t('outcome.save', { day })}
      </button>
    </div>
  );
}

/* ───────── compliance ───────── */

export function ResolveFlag({ flagId }: { flagId: string }) {
  const { busy, error, run, t } = useRun();
  const [findings, setFindings] = useState('');
  return (
    <div className="flex flex-wrap items-start gap-2">
      <input className="input flex-1" placeholder={t('flagsPage.findings')} value={findings} onChange={(e) => setFindings(e.target.value)} data-testid="dm-flag-findings" />
      <button type="button" className="btn-secondary" disabled={busy || !findings.trim()} onClick={() => run(() => callPluginMutation(ID, 'resolveFlag', { flagId, findings }))} data-testid="dm-flag-resolve">
        {t('flagsPage.resolve')}
      </button>
      <Alert text={error} testId="dm-flag-error" />
    </div>
  );
}

export function SettingsForm({ initial }: { initial: Record<string, unknown> }) {
  const { busy, error, run, t, ok, setOk } = useRun();
  const [json, setJson] = useState(JSON.stringify(initial, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">{t('settingsPage.help')}</p>
      <textarea className="input font-mono text-xs" rows={30} value={json} onChange={(e) => setJson(e.target.value)} data-testid="dm-settings-json" />
      <Alert text={parseError ?? error} testId="dm-settings-error" />
      {ok && <p className="text-sm text-green-700">{ok}</p>}
      <button
        type="button"
        className="btn-primary"
        disabled={busy}
        data-testid="dm-settings-save"
        onClick={() => {
          let value: unknown;
          try {
            value = JSON.parse(json);
            setParseError(null);
          } catch {
            setParseError(t('settingsPage.invalidJson'));
            return;
          }
          void run(() => callPluginMutation(ID, 'updateSettings', value), () => setOk(t('settingsPage.saved')));
        }}
      >
        {t('form.save')}
      </button>
    </div>
  );
}

export function CsvExport({ year }: { year: number }) {
  const { busy, error, run, t } = useRun();
  return (
    <div>
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        data-testid="dm-csv"
        onClick={() =>
          run(
            () => callPluginMutation<{ year: number }, string>(ID, 'transfersCsv', { year }),
            (csv) => {
              const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
              const a = document.createElement('a');
              a.href = url;
              a.download = `transfers-of-value-${year}.csv`;
              a.click();
              URL.revokeObjectURL(url);
            },
          )
        }
      >
        {t('transfersPage.export')}
      </button>
      <Alert text={error} testId="dm-csv-error" />
    </div>
  );
}
