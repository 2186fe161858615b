'use client';

import { useState } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { DUE_TIME, zonedDate, zonedDaysFromNow, zonedInstant, zonedTime } from '@/server/services/work/dates';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { Chip, ErrorNote, Field } from '../_work/ui';

export interface TaskFormValues {
  id?: string;
  title: string;
  description: string | null;
  ownerId: string;
  dueAt: Date | null;
  remindAt: Date | null;
}

interface Props {
  timeZone: string;
  me: string;
  assignees: { id: string; name: string }[];
  /** The customer a new task is about (from the customer's page). */
  subject?: { kind: CustomerKind; id: string; name: string } | null;
  initial?: TaskFormValues;
  onDone: () => void;
  onCancel: () => void;
}

/** Create or edit a task: title, owner, due date (company time) and an optional reminder. */
export function TaskForm({ timeZone, me, assignees, subject, initial, onDone, onCancel }: Props) {
  const t = useT('tasks');
  const tw = useT('work');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [ownerId, setOwnerId] = useState(initial?.ownerId ?? me);
  const [dueDate, setDueDate] = useState(initial?.dueAt ? zonedDate(initial.dueAt, timeZone) : '');
  const [dueTime, setDueTime] = useState(initial?.dueAt ? zonedTime(initial.dueAt, timeZone) : DUE_TIME);
  const [remindDate, setRemindDate] = useState(initial?.remindAt ? zonedDate(initial.remindAt, timeZone) : '');
  const [remindTime, setRemindTime] = useState(initial?.remindAt ? zonedTime(initial.remindAt, timeZone) : '09:00');
  const create = trpc.tasks.create.useMutation({ onSuccess: onDone });
  const update = trpc.tasks.update.useMutation({ onSuccess: onDone });
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const errors = fieldErrorsOf(error);
  const quick = [
    { key: 'today', date: zonedDaysFromNow(0, timeZone) },
    { key: 'tomorrow', date: zonedDaysFromNow(1, timeZone) },
    { key: 'nextWeek', date: zonedDaysFromNow(7, timeZone) },
  ];

  return (
    <form
      className="space-y-3"
      noValidate
      data-testid={initial ? `task-form-${initial.id}` : 'task-form'}
      onSubmit={(e) => {
        e.preventDefault();
        const values = {
          title,
          description,
          ownerId,
          dueAt: dueDate ? zonedInstant(dueDate, dueTime || DUE_TIME, timeZone) : null,
          remindAt: remindDate ? zonedInstant(remindDate, remindTime || '09:00', timeZone) : null,
        };
        if (initial?.id) update.mutate({ id: initial.id, ...values });
        else create.mutate({ ...values, subjectKind: subject?.kind ?? null, subjectId: subject?.id ?? null });
      }}
    >
      {subject && <p className="text-sm text-slate-600">{t('about', { name: subject.name })}</p>}
      <Field label={t('fields.title')} error={errors.title}>
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required autoFocus data-testid="task-title" />
      </Field>
      <Field label={t('fields.due')} error={errors.dueAt}>
        <div className="flex flex-wrap items-center gap-2">
          {quick.map((q) => (
            <Chip key={q.key} on={dueDate === q.date} onClick={() => setDueDate(dueDate === q.date ? '' : q.date)}>
              {t(`quick.${q.key}`)}
            </Chip>
          ))}
          <input type="date" className="input w-auto" value={dueDate} onChange={(e) => setDueDate(e.target.value)} aria-label={t('fields.dueDate')} data-testid="task-due-date" />
          <input type="time" className="input w-32" value={dueTime} onChange={(e) => setDueTime(e.target.value)} aria-label={t('fields.dueTime')} disabled={!dueDate} />
        </div>
      </Field>
      <Field label={t('fields.remind')} error={errors.remindAt} hint={t('fields.remindHint')}>
        <div className="flex flex-wrap items-center gap-2">
          <input type="date" className="input w-auto" value={remindDate} onChange={(e) => setRemindDate(e.target.value)} aria-label={t('fields.remindDate')} data-testid="task-remind-date" />
          <input type="time" className="input w-32" value={remindTime} onChange={(e) => setRemindTime(e.target.value)} aria-label={t('fields.remindTime')} disabled={!remindDate} />
          {remindDate && (
            <button type="button" className="text-xs text-slate-500 underline" onClick={() => setRemindDate('')}>
              {t('fields.noReminder')}
            </button>
          )}
        </div>
      </Field>
      {assignees.length > 1 && (
        <Field label={t('fields.owner')} error={errors.ownerId}>
          <select className="input" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} data-testid="task-owner">
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id === me ? tw('meNamed', { name: a.name }) : a.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t('fields.description')} error={errors.description}>
        <textarea className="input min-h-16" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} />
      </Field>
      <ErrorNote message={error?.message} />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending || !title.trim()} data-testid="task-save">
          {pending ? tw('saving') : tw('save')}
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending}>
          {tw('cancel')}
        </button>
      </div>
    </form>
  );
}
