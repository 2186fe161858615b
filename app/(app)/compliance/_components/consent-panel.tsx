import { api, serverContext } from '@/server/trpc/server-caller';
import { ConsentPanelClient } from './consent-panel-client';

/**
 * A person's consent on their 360 page: what they agreed to (per purpose and channel), one-step
 * withdrawal, recent receipts, recording a new consent, and the self-service link.
 *
 *   <ConsentPanel personId={p.id} />
 *
 * Renders nothing for a member without consent.read, or for a person they may not see.
 */
export async function ConsentPanel({ personId, showHistoryLink = true }: { personId: string; showHistoryLink?: boolean }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('consent.read')) return null;
  const caller = await api();
  const status = await caller.compliance.consent.status({ personId }).catch(() => null);
  if (!status) return null;
  const canWrite = ctx.permissions.has('consent.write') && !status.person.archived;
  const [notices, products] = canWrite
    ? await Promise.all([caller.compliance.consent.activeNotices(), caller.products.list({ includeInactive: false }).catch(() => [])])
    : [[], []];
  return (
    <ConsentPanelClient
      personId={personId}
      initial={status}
      notices={notices}
      products={products.map((p) => ({ id: p.id, name: p.name }))}
      canWrite={canWrite}
      showHistoryLink={showHistoryLink}
    />
  );
}
