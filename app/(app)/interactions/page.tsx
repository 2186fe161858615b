import Link from 'next/link';
import { notFound } from 'next/navigation';
import { INTERACTION_CHANNELS, type InteractionChannel } from '@/server/db/entities/work-enums';
import { zonedInstant } from '@/server/services/work/dates';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { InteractionsList } from './interactions-list';

export async function generateMetadata() {
  const t = await getT('interactions');
  return { title: t('title') };
}

type Params = Record<string, string | string[] | undefined>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const param = (p: Params, key: string) => {
  const v = p[key];
  const s = (Array.isArray(v) ? v[0] : v) ?? '';
  return s.slice(0, 64);
};

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Interactions in the user's territories: filters live in the URL (a plain GET form), paging in the list. */
export default async function InteractionsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('interactions.read')) notFound();
  const tz = ctx.tenant?.settings.timezone ?? 'Asia/Shanghai';
  const p = await searchParams;
  const from = param(p, 'from');
  const to = param(p, 'to');
  const channel = param(p, 'channel');
  const owner = param(p, 'owner');
  const filter = {
    from: DAY.test(from) ? zonedInstant(from, '00:00', tz) : null,
    to: DAY.test(to) ? zonedInstant(nextDay(to), '00:00', tz) : null,
    channel: (INTERACTION_CHANNELS as readonly string[]).includes(channel) ? (channel as InteractionChannel) : null,
    ownerId: owner === 'me' ? (ctx.session?.user.id ?? null) : owner || null,
    productId: param(p, 'product') || null,
    territoryId: param(p, 'territory') || null,
    limit: 25,
  };
  const caller = await api();
  const [page, options] = await Promise.all([caller.interactions.list({ ...filter, cursor: null }), caller.interactions.filterOptions()]);
  const t = await getT('interactions');
  const tw = await getT('work');
  const filtered = Boolean(from || to || channel || owner || filter.productId || filter.territoryId);

  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-500">{t('subtitle')}</p>
        </div>
        {ctx.permissions.has('interactions.write') && (
          <Link href="/interactions/new" className="btn-primary" data-testid="interactions-new">
            {t('new')}
          </Link>
        )}
      </div>

      <details className="card" open={filtered}>
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium text-slate-700" data-testid="interactions-filters-toggle">
          {filtered ? tw('filtersActive') : tw('filters')}
        </summary>
        <form className="grid gap-3 border-t border-slate-100 p-3 sm:grid-cols-3 lg:grid-cols-6" method="get" data-testid="interactions-filters">
          <label className="text-xs text-slate-600">
            {t('filters.from')}
            <input type="date" name="from" defaultValue={from} className="input mt-1" />
          </label>
          <label className="text-xs text-slate-600">
            {t('filters.to')}
            <input type="date" name="to" defaultValue={to} className="input mt-1" />
          </label>
          <label className="text-xs text-slate-600">
            {t('form.channel')}
            <select name="channel" defaultValue={channel} className="input mt-1" data-testid="filter-channel">
              <option value="">{tw('all')}</option>
              {INTERACTION_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-600">
            {t('filters.owner')}
            <select name="owner" defaultValue={owner} className="input mt-1">
              <option value="">{tw('all')}</option>
              <option value="me">{tw('me')}</option>
              {options.owners
                .filter((o) => o.id !== ctx.session?.user.id)
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
            </select>
          </label>
          <label className="text-xs text-slate-600">
            {t('form.products')}
            <select name="product" defaultValue={filter.productId ?? ''} className="input mt-1">
              <option value="">{tw('all')}</option>
              {options.products.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-600">
            {t('filters.territory')}
            <select name="territory" defaultValue={filter.territoryId ?? ''} className="input mt-1">
              <option value="">{tw('all')}</option>
              {options.territories.map((o) => (
                <option key={o.id} value={o.id}>
                  {'\u3000'.repeat(Math.max(0, o.depth))}
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
            <button type="submit" className="btn-primary" data-testid="filters-apply">
              {tw('applyFilters')}
            </button>
            {filtered && (
              <Link href="/interactions" className="btn-secondary">
                {tw('clearFilters')}
              </Link>
            )}
          </div>
        </form>
      </details>

      <InteractionsList key={JSON.stringify(filter)} filter={filter} initial={page} />
    </div>
  );
}
