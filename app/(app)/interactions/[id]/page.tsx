import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { Slot } from '@/app/_components/slot';

export async function generateMetadata() {
  const t = await getT('interactions');
  return { title: t('detailTitle') };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[8rem_1fr]">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export default async function InteractionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('interactions.read')) notFound();
  const { id } = await params;
  const { saved } = await searchParams;
  const i = await (await api()).interactions.get({ id }).catch(() => null);
  if (!i) notFound();
  const [t, tt, tw, f] = await Promise.all([getT('interactions'), getT('tasks'), getT('work'), getFormat()]);
  const personQuery = i.people.map((p) => `personId=${encodeURIComponent(p.id)}`).join('&');
  // Choice fields store option codes: show their labels.
  const customValue = (def: (typeof i.customFields)[number], v: unknown) => {
    const label = (code: string) => def.options.find((o) => o.value === code)?.label[ctx.locale] ?? code;
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? tw('yes') : tw('no');
    if (Array.isArray(v)) return v.map((x) => label(String(x))).join('、');
    return def.type === 'select' ? label(String(v)) : String(v);
  };

  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="interaction-detail">
      {saved && (
        <div className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="interaction-saved">
          {t('saved')}
          {i.tasks.length > 0 && (
            <>
              {' '}
              <Link href={`/tasks?id=${i.tasks[0]!.id}`} className="font-medium underline">
                {t('savedTask')}
              </Link>
            </>
          )}
        </div>
      )}
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">
            {t(`channel.${i.channel}`)} · {i.people.map((p) => p.name).join('、')}
          </h1>
          <p className="text-sm text-slate-500">
            {f.dateTime(i.occurredAt)} · {i.owner.name}
          </p>
        </div>
        <div className="flex gap-2">
          {ctx.permissions.has('interactions.write') && (
            <Link href={`/interactions/new?${personQuery}`} className="btn-secondary" data-testid="interaction-log-again">
              {t('logAgain')}
            </Link>
          )}
          {i.canEdit && (
            <Link href={`/interactions/${i.id}/edit`} className="btn-primary" data-testid="interaction-edit">
              {t('edit')}
            </Link>
          )}
        </div>
      </div>

      <dl className="card divide-y divide-slate-100 px-4">
        <Row label={t('form.people')}>
          <span className="flex flex-wrap gap-2">
            {i.people.map((p) => (
              <Link key={p.id} href={`/customers/people/${p.id}`} className="text-brand-700 hover:underline">
                {p.name}
              </Link>
            ))}
          </span>
        </Row>
        {i.institution && (
          <Row label={t('form.place')}>
            <Link href={`/customers/institutions/${i.institution.id}`} className="text-brand-700 hover:underline">
              {i.institution.name}
            </Link>
            {i.department && <span className="text-slate-600"> · {i.department.name}</span>}
          </Row>
        )}
        <Row label={t('form.products')}>{i.products.length ? i.products.map((p) => p.name).join('、') : '—'}</Row>
        <Row label={t('form.keyMessages')}>
          {i.keyMessages.length ? (
            <span className="flex flex-wrap gap-1">
              {i.keyMessages.map((m) => (
                <span key={m} className="badge bg-brand-50 text-brand-700">
                  {m}
                </span>
              ))}
            </span>
          ) : (
            '—'
          )}
        </Row>
        <Row label={t('form.outcome')}>{i.outcome ? t(`outcome.${i.outcome}`) : '—'}</Row>
        <Row label={t('form.notes')}>
          <span className="whitespace-pre-wrap">{i.notes ?? '—'}</span>
        </Row>
        <Row label={t('form.nextStep')}>
          {i.nextStep ? (
            <>
              {i.nextStep}
              {i.nextStepDue && <span className="text-slate-500"> · {t('dueOn', { date: f.date(i.nextStepDue) })}</span>}
            </>
          ) : (
            '—'
          )}
        </Row>
        {i.customFields.map((d) => (
          <Row key={d.key} label={ctx.locale === 'zh-CN' ? d.labelZh : d.labelEn}>
            {customValue(d, i.custom[d.key])}
          </Row>
        ))}
      </dl>

      {i.tasks.length > 0 && (
        <section className="card p-4">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">{t('tasksFromHere')}</h2>
          <ul className="divide-y divide-slate-100" data-testid="interaction-tasks">
            {i.tasks.map((task) => (
              <li key={task.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <Link href={`/tasks?id=${task.id}`} className="text-brand-700 hover:underline">
                  {task.title}
                </Link>
                <span className="text-slate-500">
                  {tt(`status.${task.status}`)}
                  {task.dueAt && ` · ${f.date(task.dueAt)}`} · {task.owner.name}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Slot
        name="interaction.panels"
        params={{ interactionId: i.id, ...(i.people[0] ? { subjectKind: 'person', subjectId: i.people[0].id } : i.institution ? { subjectKind: 'institution', subjectId: i.institution.id } : {}) }}
        className="space-y-4"
      />
      <p className="text-xs text-slate-400">{t('recorded', { created: f.dateTime(i.createdAt), updated: f.dateTime(i.updatedAt) })}</p>
    </div>
  );
}
