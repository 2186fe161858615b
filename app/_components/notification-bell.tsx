'use client';

import Link from 'next/link';
import { useT } from '../_lib/i18n';
import { trpc } from '../_lib/trpc';

/** Header bell: unread count, refreshed every minute and when the window regains focus. */
export function NotificationBell() {
  const t = useT('notifications');
  const count = trpc.notifications.unreadCount.useQuery(undefined, { refetchInterval: 60_000, refetchOnWindowFocus: true });
  const n = count.data ?? 0;
  const label = n > 0 ? t('bellUnread', { count: n }) : t('bell');
  return (
    <Link href="/notifications" className="btn-secondary relative px-2.5" aria-label={label} title={label} data-testid="notification-bell">
      <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
        <path d="M10 2a5 5 0 0 0-5 5v2.6l-1.3 2.6A1 1 0 0 0 4.6 14h10.8a1 1 0 0 0 .9-1.4L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 0 2.4-2h-4.8A2.5 2.5 0 0 0 10 18Z" />
      </svg>
      {n > 0 && (
        <span className="absolute -right-1.5 -top-1.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white" data-testid="notification-count">
          {n >= 100 ? '99+' : n}
        </span>
      )}
    </Link>
  );
}
