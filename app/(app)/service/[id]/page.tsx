import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { ServiceDetail } from './service-detail';

export async function generateMetadata() {
  const t = await getT('service');
  return { title: t('detailTitle') };
}

export default async function ServiceRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('service.read') || !ctx.session) notFound();
  const { id } = await params;
  const caller = await api();
  const request = await caller.service.get({ id }).catch(() => null);
  if (!request) notFound();
  const canWrite = ctx.permissions.has('service.write');
  const form = canWrite ? await caller.service.formContext({ subjectKind: request.subject.kind, subjectId: request.subject.id }).catch(() => null) : null;
  const t = await getT('service');
  return (
    <div className="mx-auto max-w-3xl space-y-3">
      <Link href="/service" className="text-sm text-brand-700 hover:underline">
        ← {t('title')}
      </Link>
      {/* Keyed by the last change, so a server refresh re-seeds the client state. */}
      <ServiceDetail
        key={request.updatedAt.toISOString()}
        initial={request}
        me={ctx.session.user.id}
        timeZone={ctx.tenant?.settings.timezone ?? 'Asia/Shanghai'}
        canWrite={canWrite}
        assignees={form?.assignees ?? []}
      />
    </div>
  );
}
