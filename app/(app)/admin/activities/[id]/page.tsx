import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ActivityDetail } from './activity-detail';

export async function generateMetadata() {
  const t = await getT('activities');
  return { title: t('title') };
}

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('activities.manage')) notFound();
  const { id } = await params;
  const activity = await (await api()).activities.get({ id }).catch(() => null);
  if (!activity) notFound();
  const t = await getT('activities');
  return (
    <div className="mx-auto max-w-4xl space-y-3">
      <Link href="/admin/activities" className="text-sm text-brand-700 hover:underline">
        ← {t('title')}
      </Link>
      <ActivityDetail initial={activity} timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'} />
    </div>
  );
}
