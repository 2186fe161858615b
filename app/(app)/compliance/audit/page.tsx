import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getT } from '@/app/_lib/server-i18n';
import { AuditViewer } from '../_components/audit-viewer';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('audit') };
}

/** The tamper-evident audit log: filters, paging, CSV export and chain verification. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<{ entity?: string; entityId?: string; action?: string; actor?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('audit.read')) notFound();
  const sp = await searchParams;
  const facets = await (await api()).compliance.audit.facets();
  return (
    <AuditViewer
      facets={facets}
      initialFilter={{
        entity: sp.entity?.slice(0, 100) || null,
        entityId: sp.entityId?.slice(0, 100) || null,
        action: sp.action && /^[a-z][a-z0-9_.-]{0,99}$/.test(sp.action) ? sp.action : null,
        actorUserId: sp.actor && /^[A-Za-z0-9-]{1,64}$/.test(sp.actor) ? sp.actor : null,
      }}
    />
  );
}
