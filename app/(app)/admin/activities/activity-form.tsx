'use client';

import { useState } from 'react';
import { ACTIVITY_TYPES, type ActivityType } from '@/server/db/entities/work-enums';
import { zonedDate, zonedInstant, zonedTime } from '@/server/services/work/dates';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ErrorNote, Field } from '../../_work/ui';

export interface ActivityValues {
  id: string;
  name: string;
  type: ActivityType;
  startsAt: Date;
  location: string | null;
  description: string | null;
}

export function ActivityForm({ timeZone, initial, onDone, onCancel }: { timeZone: string; initial?: ActivityValues; onDone: (id: string) => void; onCancel: () => void }) {
  const t = useT('activities');
  const tw = useT('work');
  const [name, setName] = useState(initial?.name ?? '');
  const [type, setType] = useState<ActivityType>(initial?.type ?? 'academic_conference');
  const [date, setDate] = useState(initial ? zonedDate(initial.startsAt, timeZone) : '');
  const [time, setTime] = useState(initial ? zonedTime(initial.startsAt, timeZone) : '09:00');
  const [location, setLocation] = useState(initial?.location ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const create = trpc.activities.create.useMutation({ onSuccess: (a) => onDone(a.id) });
  const update = trpc.activities.update.useMutation({ onSuccess: (a) => onDone(a.id) });
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const errors = fieldErrorsOf(error);
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      noValidate
      data-testid="activity-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!date) return;
        const values = { name, type, startsAt: zonedInstant(date, time || '09:00', timeZone), location, description };
        if (initial) update.mutate({ id: initial.id, ...values });
        else create.mutate(values);
      }}
    >
      <Field label={t('fields.name')} error={errors.name} className="sm:col-span-2">
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus data-testid="activity-name" />
      </Field>
      <Field label={t('fields.type')} error={errors.type}>
        <select className="input" value={type} onChange={(e) => setType(e.target.value as ActivityType)}>
          {ACTIVITY_TYPES.map((a) => (
            <option key={a} value={a}>
              {t(`type.${a}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fields.startsAt')} error={errors.startsAt}>
        <div className="flex gap-2">
          <input type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} data-testid="activity-date" />
          <input type="time" className="input w-32" value={time} onChange={(e) => setTime(e.target.value)} />
        </div>
      </Field>
      <Field label={t('fields.location')} error={errors.location} className="sm:col-span-2">
        <input className="input" value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} />
      </Field>
      <Field label={t('fields.description')} error={errors.description} className="sm:col-span-2">
        <textarea className="input min-h-16" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} />
      </Field>
      <div className="space-y-2 sm:col-span-2">
        <ErrorNote message={error?.message} />
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" disabled={pending || !name.trim() || !date} data-testid="activity-save">
            {pending ? tw('saving') : tw('save')}
          </button>
          <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending}>
            {tw('cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}
