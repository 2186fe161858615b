'use client';

import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomerLink, ErrorNote } from '../_work/ui';
import { TaskForm } from './task-form';

type Outputs = inferRouterOutputs<AppRouter>['tasks'];
type Task = Outputs['get'];
type View = 'open' | 'overdue' | 'done';
const VIEWS: View[] = ['open', 'overdue', 'done'];
const PAGE = 20;

interface Props {
  me: string;
  timeZone: string;
  view: View;
  initialPage: Outputs['list'];
  initialSummary: Outputs['summary'];
  form: Outputs['formContext'];
  /** Open the new-task form at once (`?new=1`, e.g. from a customer's page). */
  startNew: boolean;
  /** A task linked to directly (`?id=`), shown above the list. */
  focus: Task | null;
}

/** "My tasks": due reminders first, then open / overdue / done tabs; complete, reopen, edit, create. */
export function TasksBoard({ me, timeZone, view: initialView, initialPage, initialSummary, form, startNew, focus }: Props) {
  const t = useT('tasks');
  const tw = useT('work');
  const router = useRouter();
  const pathname = usePathname();
  const utils = trpc.useUtils();
  const [view, setView] = useState<View>(initialView);
  const [creating, setCreating] = useState(startNew);
  const summary = trpc.tasks.summary.useQuery(undefined, { initialData: initialSummary });
  const list = trpc.tasks.list.useInfiniteQuery(
    { view, limit: PAGE },
    { getNextPageParam: (last) => last.nextCursor, initialData: view === initialView ? { pages: [initialPage], pageParams: [null] } : undefined },
  );
  const refresh = async () => {
    await Promise.all([utils.tasks.list.invalidate(), utils.tasks.summary.invalidate(), utils.tasks.get.invalidate()]);
  };
  const counts = summary.data.counts;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const reminders = summary.data.reminders;

  return (
    <div className="space-y-4">
      {reminders.length > 0 && (
        <section className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2" data-testid="task-reminders" aria-live="polite">
          <h2 className="flex items-center gap-1.5 text-sm font-semibold text-amber-900">
            <BellIcon />
            {t('reminders', { count: counts.reminders })}
          </h2>
          <ul className="divide-y divide-amber-200">
            {reminders.map((task) => (
              <TaskRow key={task.id} task={task} me={me} timeZone={timeZone} assignees={form.assignees} onChanged={refresh} compact />
            ))}
          </ul>
        </section>
      )}

      {focus && (
        <section className="card border-brand-500 p-3 ring-2 ring-brand-100" data-testid="task-focus">
          <div className="mb-1 flex items-center justify-between text-xs text-slate-500">
            <span>{t('linked')}</span>
            <button type="button" className="underline" onClick={() => router.replace(pathname)}>
              {tw('close')}
            </button>
          </div>
          <ul>
            <TaskRow task={focus} me={me} timeZone={timeZone} assignees={form.assignees} onChanged={refresh} />
          </ul>
        </section>
      )}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex gap-1 rounded-lg bg-slate-100 p-1" role="tablist">
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              onClick={() => setView(v)}
              className={`min-h-9 rounded-md px-3 text-sm ${view === v ? 'bg-white font-medium shadow-sm' : 'text-slate-600'}`}
              data-testid={`tasks-tab-${v}`}
            >
              {t(`views.${v}`)}
              {v !== 'done' && <span className={`ml-1 ${v === 'overdue' && counts.overdue ? 'text-red-600' : 'text-slate-400'}`}>{v === 'open' ? counts.open : counts.overdue}</span>}
            </button>
          ))}
        </div>
        {!creating && (
          <button type="button" className="btn-primary" onClick={() => setCreating(true)} data-testid="tasks-new">
            {t('new')}
          </button>
        )}
      </div>

      {creating && (
        <section className="card p-4">
          <h2 className="mb-3 text-base font-semibold">{t('newTitle')}</h2>
          <TaskForm
            timeZone={timeZone}
            me={me}
            assignees={form.assignees}
            subject={form.subject}
            onCancel={() => setCreating(false)}
            onDone={async () => {
              setCreating(false);
              await refresh();
            }}
          />
        </section>
      )}

      <section className="card">
        <ErrorNote message={list.error?.message} />
        {rows.length === 0 && !list.isFetching ? (
          <p className="p-6 text-center text-sm text-slate-500" data-testid="tasks-empty">
            {t(`empty.${view}`)}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 px-3" data-testid="tasks-list">
            {rows.map((task) => (
              <TaskRow key={task.id} task={task} me={me} timeZone={timeZone} assignees={form.assignees} onChanged={refresh} />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="border-t border-slate-100 p-3 text-center">
            <button type="button" className="btn-secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? tw('loading') : tw('loadMore')}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

function TaskRow({ task, me, timeZone, assignees, onChanged, compact }: { task: Task; me: string; timeZone: string; assignees: { id: string; name: string }[]; onChanged: () => Promise<void>; compact?: boolean }) {
  const t = useT('tasks');
  const tw = useT('work');
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const complete = trpc.tasks.complete.useMutation({ onSuccess: onChanged });
  const reopen = trpc.tasks.reopen.useMutation({ onSuccess: onChanged });
  const cancel = trpc.tasks.cancel.useMutation({ onSuccess: onChanged });
  const busy = complete.isPending || reopen.isPending || cancel.isPending;
  const error = complete.error ?? reopen.error ?? cancel.error;
  const open = task.status === 'open';

  if (editing) {
    return (
      <li className="py-3">
        <TaskForm
          timeZone={timeZone}
          me={me}
          assignees={assignees}
          initial={{ id: task.id, title: task.title, description: task.description, ownerId: task.owner.id, dueAt: task.dueAt, remindAt: task.remindAt }}
          onCancel={() => setEditing(false)}
          onDone={async () => {
            setEditing(false);
            await onChanged();
          }}
        />
      </li>
    );
  }
  return (
    <li className={`flex items-start gap-3 ${compact ? 'py-2' : 'py-3'}`} data-testid={`task-${task.id}`}>
      <button
        type="button"
        className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full border-2 ${open ? 'border-slate-300 bg-white hover:border-brand-500' : 'border-brand-600 bg-brand-600 text-white'}`}
        aria-label={open ? t('complete') : t('reopen')}
        title={open ? t('complete') : t('reopen')}
        disabled={busy || !task.canEdit}
        onClick={() => (open ? complete.mutate({ id: task.id }) : reopen.mutate({ id: task.id }))}
        data-testid={open ? `task-complete-${task.id}` : `task-reopen-${task.id}`}
      >
        {!open && <CheckIcon />}
      </button>
      <div className="min-w-0 flex-1">
        <div className={`text-sm ${open ? 'font-medium' : 'text-slate-500 line-through'}`} data-testid="task-title-text">
          {task.title}
          {task.status === 'cancelled' && <span className="badge ml-2 bg-slate-100 text-slate-500 no-underline">{t('status.cancelled')}</span>}
        </div>
        <div className="mt-0.5 flex flex-wrap gap-x-2 gap-y-0.5 text-xs text-slate-500">
          {task.dueAt && <span className={task.overdue ? 'font-medium text-red-600' : ''}>{task.overdue ? t('overdueSince', { date: f.dateTime(task.dueAt) }) : t('dueAt', { date: f.dateTime(task.dueAt) })}</span>}
          {!compact && task.reminderDue && task.remindAt && <span className="text-amber-700">{t('remindedAt', { date: f.dateTime(task.remindAt) })}</span>}
          {task.subject && <CustomerLink kind={task.subject.kind} id={task.subject.id} name={task.subject.name} />}
          {task.interactionId && (
            <Link href={`/interactions/${task.interactionId}`} className="text-brand-700 hover:underline">
              {t('fromVisit')}
            </Link>
          )}
          {task.owner.id !== me && <span>{t('ownedBy', { name: task.owner.name })}</span>}
          {task.createdBy && task.createdBy.id !== task.owner.id && task.owner.id === me && <span>{t('assignedBy', { name: task.createdBy.name })}</span>}
          {task.completedAt && !open && <span>{f.dateTime(task.completedAt)}</span>}
        </div>
        {!compact && task.description && <p className="mt-1 text-sm whitespace-pre-wrap text-slate-600">{task.description}</p>}
        {!compact && task.canEdit && open && (
          <div className="mt-1.5 flex gap-3 text-xs">
            <button type="button" className="text-brand-700 hover:underline" onClick={() => setEditing(true)} disabled={busy} data-testid={`task-edit-${task.id}`}>
              {tw('edit')}
            </button>
            <button type="button" className="text-slate-500 hover:underline" onClick={() => cancel.mutate({ id: task.id })} disabled={busy}>
              {t('cancelTask')}
            </button>
          </div>
        )}
        <ErrorNote message={error?.message} />
      </div>
    </li>
  );
}

function BellIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden="true">
      <path d="M10 2a5 5 0 0 0-5 5v2.6l-1.4 2.8A1 1 0 0 0 4.5 14h11a1 1 0 0 0 .9-1.6L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 1-2.45-2h4.9A2.5 2.5 0 0 1 10 18Z" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="3" className="h-3.5 w-3.5" aria-hidden="true">
      <path d="m4.5 10.5 3.5 3.5 7.5-8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
