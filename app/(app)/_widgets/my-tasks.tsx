import Link from 'next/link';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';

/** Dashboard: reminders that are due, then the next open tasks; counts link to "my tasks". */
export async function MyTasksWidget() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('tasks.write')) return null;
  const caller = await api();
  const [summary, next] = await Promise.all([caller.tasks.summary(), caller.tasks.list({ cursor: null, view: 'open', limit: 5 })]);
  const [t, f] = await Promise.all([getT('tasks.widget'), getFormat()]);
  const reminders = summary.reminders.slice(0, 3);
  const reminderIds = new Set(summary.reminders.map((r) => r.id));
  const upcoming = next.items.filter((task) => !reminderIds.has(task.id));
  return (
    <section className="card p-4" data-testid="widget-my-tasks">
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">{t('title')}</h2>
        <Link href="/tasks" className="text-xs text-brand-700 hover:underline">
          {t('counts', { open: summary.counts.open, overdue: summary.counts.overdue })}
        </Link>
      </div>
      {reminders.length > 0 && (
        <ul className="mb-3 space-y-1 rounded-md border border-amber-200 bg-amber-50 p-2" data-testid="widget-reminders" aria-label={t('reminders')}>
          <li className="text-xs font-semibold text-amber-800">{t('reminders')}</li>
          {reminders.map((task) => (
            <li key={task.id} className="text-sm text-amber-900">
              <Link href={`/tasks?id=${task.id}`} className="font-medium hover:underline">
                {task.title}
              </Link>
              {task.dueAt && <span className="ml-1 text-xs text-amber-700">{f.dateTime(task.dueAt)}</span>}
            </li>
          ))}
        </ul>
      )}
      {upcoming.length === 0 && reminders.length === 0 ? (
        <p className="text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {upcoming.map((task) => (
            <li key={task.id} className="flex items-baseline justify-between gap-2 py-1.5 text-sm">
              <Link href={`/tasks?id=${task.id}`} className="truncate hover:underline">
                {task.title}
              </Link>
              <span className={`shrink-0 text-xs ${task.overdue ? 'font-medium text-red-600' : 'text-slate-500'}`}>{task.dueAt ? f.date(task.dueAt) : t('noDue')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
