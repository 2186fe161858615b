'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomerPicker, type PickedCustomer } from '../../../_work/customer-picker';
import { CustomerLink, ErrorNote } from '../../../_work/ui';
import { ActivityForm } from '../activity-form';

type Activity = inferRouterOutputs<AppRouter>['activities']['get'];
type Participation = Activity['participations'][number];

/** 1–5 stars as buttons; choosing the current value again clears it. */
export function Rating({ value, onChange, disabled, testId }: { value: number | null; onChange: (v: number | null) => void; disabled?: boolean; testId?: string }) {
  const t = useT('activities');
  return (
    <span className="inline-flex" role="radiogroup" aria-label={t('fields.effect')} data-testid={testId}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
          aria-label={t('stars', { count: n })}
          disabled={disabled}
          onClick={() => onChange(value === n ? null : n)}
          className={`h-9 w-8 text-xl leading-none ${value !== null && n <= value ? 'text-amber-500' : 'text-slate-300'} hover:text-amber-400`}
        >
          ★
        </button>
      ))}
    </span>
  );
}

export function ActivityDetail({ initial, timeZone }: { initial: Activity; timeZone: string }) {
  const t = useT('activities');
  const tw = useT('work');
  const f = useFormat();
  const utils = trpc.useUtils();
  const activity = trpc.activities.get.useQuery({ id: initial.id }, { initialData: initial });
  const a = activity.data;
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<PickedCustomer | null>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const refresh = () => utils.activities.get.invalidate({ id: a.id });
  const add = trpc.activities.addParticipant.useMutation({
    onSuccess: async () => {
      setPicked(null);
      setRating(null);
      setNotes('');
      await refresh();
    },
  });

  return (
    <div className="space-y-4">
      <section className="card p-4">
        {editing ? (
          <ActivityForm
            timeZone={timeZone}
            initial={a}
            onCancel={() => setEditing(false)}
            onDone={async () => {
              setEditing(false);
              await refresh();
            }}
          />
        ) : (
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div>
              <h1 className="text-xl font-semibold">{a.name}</h1>
              <p className="text-sm text-slate-500">{[t(`type.${a.type}`), f.dateTime(a.startsAt), a.location].filter(Boolean).join(' · ')}</p>
              {a.description && <p className="mt-2 text-sm whitespace-pre-wrap text-slate-700">{a.description}</p>}
            </div>
            <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>
              {tw('edit')}
            </button>
          </div>
        )}
      </section>

      <section className="card p-4">
        <h2 className="mb-3 text-base font-semibold">{t('participants', { count: a.participations.length })}</h2>
        <div className="mb-4 space-y-2 rounded-md bg-slate-50 p-3">
          {picked ? (
            <form
              className="flex flex-wrap items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                add.mutate({ activityId: a.id, subjectKind: picked.kind, subjectId: picked.id, effectRating: rating, notes });
              }}
            >
              <span className="font-medium">{picked.name}</span>
              <Rating value={rating} onChange={setRating} />
              <input className="input flex-1" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={500} placeholder={t('fields.notes')} />
              <button type="submit" className="btn-primary" disabled={add.isPending} data-testid="participant-add">
                {t('addParticipant')}
              </button>
              <button type="button" className="btn-secondary" onClick={() => setPicked(null)}>
                {tw('cancel')}
              </button>
            </form>
          ) : (
            <CustomerPicker onPick={setPicked} testId="participant-search" />
          )}
          <ErrorNote message={add.error?.message} />
        </div>
        {a.participations.length === 0 ? (
          <p className="text-sm text-slate-500">{t('noParticipants')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="participants">
            {a.participations.map((p) => (
              <ParticipantRow key={p.id} p={p} onChanged={refresh} />
            ))}
          </ul>
        )}
        <p className="mt-3 text-xs text-slate-400">{t('scopeNote')}</p>
      </section>
    </div>
  );
}

function ParticipantRow({ p, onChanged }: { p: Participation; onChanged: () => Promise<void> }) {
  const t = useT('activities');
  const tw = useT('work');
  const [notes, setNotes] = useState(p.notes ?? '');
  const update = trpc.activities.updateParticipant.useMutation({ onSuccess: onChanged });
  const remove = trpc.activities.removeParticipant.useMutation({ onSuccess: onChanged });
  const busy = update.isPending || remove.isPending;
  return (
    <li className="flex flex-wrap items-center gap-2 py-2">
      <span className="min-w-32 font-medium">
        <CustomerLink kind={p.subject.kind} id={p.subject.id} name={p.subject.name} />
      </span>
      <Rating value={p.effectRating} disabled={busy} onChange={(v) => update.mutate({ id: p.id, effectRating: v, notes })} />
      <input
        className="input flex-1"
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        onBlur={() => notes !== (p.notes ?? '') && update.mutate({ id: p.id, effectRating: p.effectRating, notes })}
        maxLength={500}
        placeholder={t('fields.notes')}
      />
      <button type="button" className="btn-danger text-xs" onClick={() => remove.mutate({ id: p.id })} disabled={busy}>
        {tw('remove')}
      </button>
      <ErrorNote message={update.error?.message ?? remove.error?.message} />
    </li>
  );
}
