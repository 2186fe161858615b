import Link from 'next/link';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';

/** Dashboard: the user's latest logged contacts, with a shortcut to log the next one. */
export async function RecentInteractionsWidget() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('interactions.read')) return null;
  const rows = await (await api()).interactions.recent();
  const [t, ti, f] = await Promise.all([getT('interactions.widget'), getT('interactions'), getFormat()]);
  return (
    <section className="card p-4" data-testid="widget-recent-interactions">
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-700">{t('title')}</h2>
        {ctx.permissions.has('interactions.write') && (
          <Link href="/interactions/new" className="text-xs text-brand-700 hover:underline" data-testid="widget-log-visit">
            {t('log')}
          </Link>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rows.map((r) => (
            <li key={r.id} className="py-1.5 text-sm">
              <Link href={`/interactions/${r.id}`} className="flex items-baseline justify-between gap-2 hover:underline">
                <span className="truncate">
                  {ti(`channel.${r.channel}`)} · {r.people.map((p) => p.name).join('、')}
                </span>
                <span className="shrink-0 text-xs text-slate-500">{f.date(r.occurredAt)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
