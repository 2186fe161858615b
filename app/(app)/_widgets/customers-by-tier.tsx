import Link from 'next/link';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { labelsFor } from '../customers/_components/label-fns';

const SEGMENTS = [
  { tier: 'A', bar: 'bg-amber-400' },
  { tier: 'B', bar: 'bg-sky-400' },
  { tier: 'C', bar: 'bg-slate-400' },
  { tier: 'none', bar: 'bg-slate-200' },
] as const;

/** Dashboard widget: the user's customers (their territories) per tier, each count opening the filtered list. */
export async function CustomersByTier() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('customers.read')) return null;
  const data = await (await api()).customers.dashboard.byTier();
  const t = await getT('customers.widget');
  const l = labelsFor(await getT('enums'), ctx.locale);
  const f = await getFormat();
  const rows = [
    { key: 'people', href: '/customers/people', counts: data.people },
    { key: 'institutions', href: '/customers/institutions', counts: data.institutions },
  ] as const;
  return (
    <section className="card p-4" data-testid="widget-customers-by-tier">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{t('title')}</h2>
      <div className="space-y-4">
        {rows.map((r) => {
          const total = SEGMENTS.reduce((n, s) => n + r.counts[s.tier], 0);
          return (
            <div key={r.key}>
              <div className="mb-1 flex items-baseline justify-between text-sm">
                <Link href={r.href} className="font-medium text-slate-700 hover:underline">
                  {t(r.key)}
                </Link>
                <span className="text-xs text-slate-500">{t('total', { count: total })}</span>
              </div>
              <div className="flex h-2.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                {total > 0 && SEGMENTS.map((s) => <div key={s.tier} className={s.bar} style={{ width: `${(r.counts[s.tier] / total) * 100}%` }} />)}
              </div>
              <ul className="mt-2 grid grid-cols-4 gap-1 text-center text-xs">
                {SEGMENTS.map((s) => (
                  <li key={s.tier}>
                    <Link href={`${r.href}?tier=${s.tier}`} className="block rounded-md px-1 py-1 hover:bg-slate-50" data-testid={`tier-${r.key}-${s.tier}`}>
                      <span className="block text-base font-semibold text-slate-800">{f.number(r.counts[s.tier])}</span>
                      <span className="text-slate-500">{l.tier(s.tier === 'none' ? null : s.tier)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
