import Link from 'next/link';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { translatorFor } from '@/server/i18n/catalog';
import { api, serverContext } from '@/server/trpc/server-caller';
import { MarkAllRead, MarkReadLink } from './mark-read';

export async function generateMetadata() {
  const t = await getT('notifications');
  return { title: t('title') };
}

/** The member's own notifications, newest first; each is translated into the reader's language. */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ unread?: string }> }) {
  const { unread } = await searchParams;
  const unreadOnly = unread === '1';
  const ctx = await serverContext();
  const [t, f, list] = await Promise.all([getT('notifications'), getFormat(), (await api()).notifications.list({ unreadOnly })]);
  const tr = translatorFor(ctx.locale);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <div className="flex items-center gap-2 text-sm">
          <Link href="/notifications" className={unreadOnly ? 'btn-secondary' : 'btn-primary'}>
            {t('all')}
          </Link>
          <Link href="/notifications?unread=1" className={unreadOnly ? 'btn-primary' : 'btn-secondary'}>
            {t('unreadOnly')}
          </Link>
          <MarkAllRead />
        </div>
      </div>
      {list.items.length === 0 ? (
        <p className="card p-6 text-center text-sm text-slate-500" data-testid="notifications-empty">
          {t('empty')}
        </p>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="notifications-list">
          {list.items.map((n) => (
            <li key={n.id} className={`flex items-start gap-3 px-4 py-3 ${n.read ? '' : 'bg-brand-50/50'}`}>
              <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? 'bg-transparent' : 'bg-brand-600'}`} />
              <div className="min-w-0 flex-1">
                <p className="text-sm">
                  {n.href ? <MarkReadLink id={n.id} href={n.href} label={tr(n.messageKey, n.values)} read={n.read} /> : tr(n.messageKey, n.values)}
                </p>
                <p className="text-xs text-slate-500">{f.dateTime(n.createdAt)}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
