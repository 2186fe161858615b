'use client';

import { useState } from 'react';
import { SERVICE_TYPES, type ServiceType } from '@/server/db/entities/work-enums';
import { DUE_TIME, zonedDate, zonedDaysFromNow, zonedInstant } from '@/server/services/work/dates';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomerPicker, type PickedCustomer } from '../_work/customer-picker';
import { Chip, ErrorNote, Field } from '../_work/ui';

export interface ServiceValues {
  id: string;
  type: ServiceType;
  title: string;
  description: string | null;
  ownerId: string | null;
  dueAt: Date | null;
}

interface Props {
  me: string;
  timeZone: string;
  /** New request: the customer it is for (or none yet: the form asks). */
  subject?: PickedCustomer | null;
  assignees?: { id: string; name: string }[];
  initial?: ServiceValues;
  onDone: (id: string) => void;
  onCancel: () => void;
}

/** Open or edit a service request: customer, type, what is wrong, who handles it, by when. */
export function ServiceForm({ me, timeZone, subject: initialSubject = null, assignees: initialAssignees, initial, onDone, onCancel }: Props) {
  const t = useT('service');
  const tw = useT('work');
  const [subject, setSubject] = useState<PickedCustomer | null>(initialSubject);
  const [type, setType] = useState<ServiceType>(initial?.type ?? 'technical_support');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [ownerId, setOwnerId] = useState(initial ? (initial.ownerId ?? '') : me);
  const [dueDate, setDueDate] = useState(initial?.dueAt ? zonedDate(initial.dueAt, timeZone) : '');
  const context = trpc.service.formContext.useQuery(
    { subjectKind: subject?.kind ?? 'person', subjectId: subject?.id ?? '' },
    { enabled: !initialAssignees && subject !== null },
  );
  const assignees = initialAssignees ?? context.data?.assignees ?? [];
  const create = trpc.service.create.useMutation({ onSuccess: (r) => onDone(r.id) });
  const update = trpc.service.update.useMutation({ onSuccess: (r) => onDone(r.id) });
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const errors = fieldErrorsOf(error);

  return (
    <form
      className="space-y-3"
      noValidate
      data-testid="service-form"
      onSubmit={(e) => {
        e.preventDefault();
        const values = { type, title, description, ownerId: ownerId || null, dueAt: dueDate ? zonedInstant(dueDate, DUE_TIME, timeZone) : null };
        if (initial) update.mutate({ id: initial.id, ...values });
        else if (subject) create.mutate({ subjectKind: subject.kind, subjectId: subject.id, ...values });
      }}
    >
      {!initial && (
        <Field label={t('fields.customer')} error={errors.subjectId}>
          {subject ? (
            <div className="flex items-center gap-2 text-sm" data-testid="service-subject">
              <span className="font-medium">{subject.name}</span>
              {!initialSubject && (
                <button type="button" className="text-xs text-slate-500 underline" onClick={() => setSubject(null)}>
                  {tw('change')}
                </button>
              )}
            </div>
          ) : (
            <CustomerPicker onPick={setSubject} testId="service-customer" />
          )}
        </Field>
      )}
      <Field label={t('fields.type')} error={errors.type}>
        <div className="flex flex-wrap gap-2">
          {SERVICE_TYPES.map((s) => (
            <Chip key={s} on={type === s} onClick={() => setType(s)} testId={`service-type-${s}`}>
              {t(`type.${s}`)}
            </Chip>
          ))}
        </div>
      </Field>
      <Field label={t('fields.title')} error={errors.title}>
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} placeholder={t('fields.titlePlaceholder')} data-testid="service-title" />
      </Field>
      <Field label={t('fields.description')} error={errors.description}>
        <textarea className="input min-h-20" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('fields.owner')} error={errors.ownerId}>
          <select className="input" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} data-testid="service-owner">
            <option value="">{tw('unassigned')}</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id === me ? tw('meNamed', { name: a.name }) : a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.due')} error={errors.dueAt}>
          <div className="flex flex-wrap items-center gap-2">
            <Chip on={dueDate === zonedDaysFromNow(2, timeZone)} onClick={() => setDueDate(zonedDaysFromNow(2, timeZone))}>
              {t('quick.twoDays')}
            </Chip>
            <input type="date" className="input w-auto" value={dueDate} onChange={(e) => setDueDate(e.target.value)} aria-label={t('fields.due')} />
          </div>
        </Field>
      </div>
      <ErrorNote message={error?.message ?? context.error?.message} />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending || (!initial && !subject) || !title.trim()} data-testid="service-save">
          {pending ? tw('saving') : initial ? tw('save') : t('create')}
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={pending}>
          {tw('cancel')}
        </button>
      </div>
    </form>
  );
}
