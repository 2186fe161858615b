'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ServiceStatus } from '@/server/db/entities/work-enums';
import type { AppRouter } from '@/server/trpc/root';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomerLink, ErrorNote, Field } from '../../_work/ui';
import { ServiceForm } from '../service-form';
import { STATUS_STYLE } from '../service-list';

type Request = inferRouterOutputs<AppRouter>['service']['get'];

/** The move a button makes, named for what the user does (reopen, start, resolve, close). */
function actionOf(to: ServiceStatus): string {
  if (to === 'open') return 'reopen';
  if (to === 'in_progress') return 'start';
  return to === 'resolved' ? 'resolve' : 'close';
}

export function ServiceDetail({ initial, me, timeZone, canWrite, assignees }: { initial: Request; me: string; timeZone: string; canWrite: boolean; assignees: { id: string; name: string }[] }) {
  const t = useT('service');
  const tw = useT('work');
  const f = useFormat();
  const router = useRouter();
  const [request, setRequest] = useState(initial);
  const [editing, setEditing] = useState(false);
  const [pendingMove, setPendingMove] = useState<ServiceStatus | null>(null);
  const [note, setNote] = useState('');
  const transition = trpc.service.transition.useMutation({
    onSuccess: (r) => {
      setRequest(r);
      setPendingMove(null);
      setNote('');
      router.refresh();
    },
  });
  const errors = fieldErrorsOf(transition.error);
  const needsNote = (to: ServiceStatus) => to === 'resolved' || to === 'open';

  const move = (to: ServiceStatus) => {
    transition.reset();
    if (needsNote(to)) setPendingMove(to);
    else transition.mutate({ id: request.id, to });
  };

  return (
    <div className="space-y-4" data-testid="service-detail">
      <div className="card space-y-3 p-4">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <h1 className="text-lg font-semibold">{request.title}</h1>
            <p className="text-sm text-slate-500">
              {t(`type.${request.type}`)} · <CustomerLink kind={request.subject.kind} id={request.subject.id} name={request.subject.name} />
            </p>
          </div>
          <span className={`badge ${STATUS_STYLE[request.status]}`} data-testid="service-status">
            {t(`status.${request.status}`)}
          </span>
        </div>
        {request.description && <p className="text-sm whitespace-pre-wrap text-slate-700">{request.description}</p>}
        <dl className="grid gap-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-xs text-slate-500">{t('fields.owner')}</dt>
            <dd>{request.owner?.name ?? tw('unassigned')}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('fields.due')}</dt>
            <dd className={request.overdue ? 'font-medium text-red-600' : ''}>{request.dueAt ? f.date(request.dueAt) : '—'}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t('fields.opened')}</dt>
            <dd>
              {f.dateTime(request.openedAt)}
              {request.createdBy && ` · ${request.createdBy.name}`}
            </dd>
          </div>
          {request.resolvedAt && (
            <div>
              <dt className="text-xs text-slate-500">{t('fields.resolved')}</dt>
              <dd>{f.dateTime(request.resolvedAt)}</dd>
            </div>
          )}
          {request.closedAt && (
            <div>
              <dt className="text-xs text-slate-500">{t('fields.closed')}</dt>
              <dd>{f.dateTime(request.closedAt)}</dd>
            </div>
          )}
        </dl>
        {request.resolution && (
          <div className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
            <div className="text-xs font-medium">{t('fields.resolution')}</div>
            <p className="whitespace-pre-wrap">{request.resolution}</p>
          </div>
        )}

        {canWrite && (
          <div className="space-y-2 border-t border-slate-100 pt-3">
            <div className="flex flex-wrap gap-2">
              {request.next.map((to) => (
                <button key={to} type="button" className={to === 'open' ? 'btn-secondary' : 'btn-primary'} onClick={() => move(to)} disabled={transition.isPending} data-testid={`service-move-${to}`}>
                  {t(`actions.${actionOf(to)}`)}
                </button>
              ))}
              {!editing && (
                <button type="button" className="btn-secondary" onClick={() => setEditing(true)} data-testid="service-edit">
                  {tw('edit')}
                </button>
              )}
            </div>
            {pendingMove && (
              <form
                className="space-y-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  transition.mutate({ id: request.id, to: pendingMove, note });
                }}
              >
                <Field label={pendingMove === 'resolved' ? t('fields.resolution') : t('fields.reopenReason')} error={errors.note}>
                  <textarea className="input min-h-20" value={note} onChange={(e) => setNote(e.target.value)} maxLength={5000} autoFocus data-testid="service-note" />
                </Field>
                <div className="flex gap-2">
                  <button type="submit" className="btn-primary" disabled={transition.isPending || !note.trim()} data-testid="service-note-save">
                    {t(`actions.${actionOf(pendingMove)}`)}
                  </button>
                  <button type="button" className="btn-secondary" onClick={() => setPendingMove(null)}>
                    {tw('cancel')}
                  </button>
                </div>
              </form>
            )}
            {!pendingMove && <ErrorNote message={transition.error?.message} />}
          </div>
        )}
      </div>

      {editing && (
        <section className="card p-4">
          <ServiceForm
            me={me}
            timeZone={timeZone}
            assignees={assignees}
            initial={{ id: request.id, type: request.type, title: request.title, description: request.description, ownerId: request.owner?.id ?? null, dueAt: request.dueAt }}
            onCancel={() => setEditing(false)}
            onDone={() => {
              setEditing(false);
              router.refresh();
            }}
          />
        </section>
      )}
    </div>
  );
}
