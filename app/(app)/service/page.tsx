import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CUSTOMER_KINDS, type CustomerKind } from '@/server/db/entities/customer-enums';
import { SERVICE_STATUSES, SERVICE_TYPES, type ServiceStatus, type ServiceType } from '@/server/db/entities/work-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { NewServicePanel, ServiceList } from './service-list';

export async function generateMetadata() {
  const t = await getT('service');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;
const one = (p: Params, key: string) => {
  const v = p[key];
  return ((Array.isArray(v) ? v[0] : v) ?? '').slice(0, 64);
};

/**
 * Service requests in the user's territories. Filters are a GET form; `?new=1&subjectKind=&subjectId=`
 * opens the form for that customer; `?id=` (timeline links) opens one request.
 */
export default async function ServicePage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('service.read') || !ctx.session) notFound();
  const p = await searchParams;
  if (one(p, 'id')) redirect(`/service/${encodeURIComponent(one(p, 'id'))}`);
  const status = one(p, 'status');
  const type = one(p, 'type');
  const owner = one(p, 'owner');
  const overdue = one(p, 'overdue') === '1';
  const filter = {
    status: (SERVICE_STATUSES as readonly string[]).includes(status) ? (status as ServiceStatus) : null,
    type: (SERVICE_TYPES as readonly string[]).includes(type) ? (type as ServiceType) : null,
    owner: owner || null,
    overdue,
    limit: 25,
  };
  const caller = await api();
  const canWrite = ctx.permissions.has('service.write');
  const kind = one(p, 'subjectKind');
  const subjectId = one(p, 'subjectId');
  const wantsSubject = canWrite && (CUSTOMER_KINDS as readonly string[]).includes(kind) && subjectId;
  const [page, form] = await Promise.all([
    caller.service.list({ ...filter, cursor: null }),
    wantsSubject ? caller.service.formContext({ subjectKind: kind as CustomerKind, subjectId }).catch(() => null) : null,
  ]);
  const t = await getT('service');
  const tw = await getT('work');
  const filtered = Boolean(status || type || owner || overdue);

  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-500">{t('subtitle')}</p>
        </div>
        {canWrite && !(one(p, 'new') === '1') && <NewServicePanel me={ctx.session.user.id} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'} subject={null} open={false} />}
      </div>
      {canWrite && one(p, 'new') === '1' && (
        <NewServicePanel
          me={ctx.session.user.id}
          timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'}
          subject={form ? { kind: form.subject.kind, id: form.subject.id, name: form.subject.name } : null}
          assignees={form?.assignees}
          open
        />
      )}

      <details className="card" open={filtered}>
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium text-slate-700">{filtered ? tw('filtersActive') : tw('filters')}</summary>
        <form className="grid gap-3 border-t border-slate-100 p-3 sm:grid-cols-2 lg:grid-cols-5" method="get" data-testid="service-filters">
          <label className="text-xs text-slate-600">
            {t('fields.status')}
            <select name="status" defaultValue={status} className="input mt-1" data-testid="service-filter-status">
              <option value="">{tw('all')}</option>
              {SERVICE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-600">
            {t('fields.type')}
            <select name="type" defaultValue={type} className="input mt-1">
              <option value="">{tw('all')}</option>
              {SERVICE_TYPES.map((s) => (
                <option key={s} value={s}>
                  {t(`type.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-600">
            {t('fields.owner')}
            <select name="owner" defaultValue={owner} className="input mt-1">
              <option value="">{tw('all')}</option>
              <option value="me">{tw('me')}</option>
              <option value="unassigned">{tw('unassigned')}</option>
            </select>
          </label>
          <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
            <input type="checkbox" name="overdue" value="1" defaultChecked={overdue} className="h-4 w-4" />
            {t('filters.overdue')}
          </label>
          <div className="flex gap-2 self-end">
            <button type="submit" className="btn-primary">
              {tw('applyFilters')}
            </button>
            {filtered && (
              <Link href="/service" className="btn-secondary">
                {tw('clearFilters')}
              </Link>
            )}
          </div>
        </form>
      </details>

      <ServiceList key={JSON.stringify(filter)} filter={filter} initial={page} />
    </div>
  );
}
