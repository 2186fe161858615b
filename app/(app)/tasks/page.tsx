import { notFound } from 'next/navigation';
import { CUSTOMER_KINDS, type CustomerKind } from '@/server/db/entities/customer-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { TasksBoard } from './tasks-board';

export async function generateMetadata() {
  const t = await getT('tasks');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;
const one = (p: Params, key: string) => {
  const v = p[key];
  return ((Array.isArray(v) ? v[0] : v) ?? '').slice(0, 64);
};

/**
 * My tasks. `?view=overdue|done` opens a tab; `?new=1&subjectKind=&subjectId=` opens the form for
 * a task about that customer; `?id=` shows one task (links from timelines and visits).
 */
export default async function TasksPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('tasks.write') || !ctx.session) notFound();
  const p = await searchParams;
  const view = (['open', 'overdue', 'done'] as const).find((v) => v === one(p, 'view')) ?? 'open';
  const kind = one(p, 'subjectKind');
  const subjectId = one(p, 'subjectId');
  const subject = (CUSTOMER_KINDS as readonly string[]).includes(kind) && subjectId ? { kind: kind as CustomerKind, id: subjectId } : null;
  const focusId = one(p, 'id');
  const caller = await api();
  const [page, summary, form, focus] = await Promise.all([
    caller.tasks.list({ cursor: null, view, limit: 20 }),
    caller.tasks.summary(),
    // A customer the user may not see is simply not offered.
    caller.tasks.formContext({ subject }).catch(() => caller.tasks.formContext({ subject: null })),
    focusId ? caller.tasks.get({ id: focusId }).catch(() => null) : null,
  ]);
  const t = await getT('tasks');
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('subtitle')}</p>
      </div>
      <TasksBoard
        me={ctx.session.user.id}
        timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'}
        view={view}
        initialPage={page}
        initialSummary={summary}
        form={form}
        startNew={one(p, 'new') === '1' || subject !== null}
        focus={focus}
      />
    </div>
  );
}
