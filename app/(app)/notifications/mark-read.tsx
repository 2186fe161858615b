'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

export function MarkAllRead() {
  const t = useT('notifications');
  const router = useRouter();
  const utils = trpc.useUtils();
  const mark = trpc.notifications.markRead.useMutation({
    onSuccess: async () => {
      await utils.notifications.unreadCount.invalidate();
      router.refresh();
    },
  });
  return (
    <button type="button" className="btn-secondary" disabled={mark.isPending} onClick={() => mark.mutate({ all: true })} data-testid="notifications-mark-all">
      {t('markAllRead')}
    </button>
  );
}

/** Opening a notification marks it read (fire and forget: the link works even if marking fails). */
export function MarkReadLink({ id, href, label, read }: { id: string; href: string; label: string; read: boolean }) {
  const mark = trpc.notifications.markRead.useMutation();
  return (
    <Link href={href} className="text-brand-700 hover:underline" onClick={() => !read && mark.mutate({ ids: [id] })}>
      {label}
    </Link>
  );
}
