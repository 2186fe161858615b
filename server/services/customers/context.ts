import type { AuditInput } from '@/server/services/audit';
import { redact } from '@/server/services/audit';
import type { AfterCommit } from '@/server/trpc/after-commit';
import type { ScopeContext } from './access';

/**
 * What customer services need from their caller. A tRPC TenantContext fits as is; an import job
 * (outside a request) builds one from its EntityManager, tenant and acting user.
 */
export interface CustomerContext extends ScopeContext {
  tenant: { id: string };
  session: { user: { id: string } };
  permissions: ReadonlySet<string>;
  afterCommit: Pick<AfterCommit, 'emit'>;
  ip?: string | null;
  requestId?: string | null;
}

export function customerAuditMeta(ctx: CustomerContext): Pick<AuditInput, 'tenantId' | 'actorUserId' | 'ip' | 'requestId'> {
  return { tenantId: ctx.tenant.id, actorUserId: ctx.session.user.id, ip: ctx.ip ?? null, requestId: ctx.requestId ?? null };
}

type Comparable = unknown;

function same(a: Comparable, b: Comparable): boolean {
  if (a instanceof Date || b instanceof Date) return String(a instanceof Date ? a.toISOString() : a) === String(b instanceof Date ? b.toISOString() : b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (a ?? null) === (b ?? null);
}

/**
 * The fields that differ between two snapshots, as `{ field: { from, to } }`, with the values of
 * sensitive fields replaced by a marker (the audit keeps the fact of the change, never the value).
 */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, sensitive: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return redact(out, sensitive);
}

/** Per-key changes of custom values, keyed `custom.<key>`; sensitive keys redacted. */
export function changedCustom(before: Record<string, unknown>, after: Record<string, unknown>, sensitiveKeys: readonly string[]): Record<string, unknown> {
  const prefixed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`custom.${k}`, v]));
  return changedFields(prefixed(before), prefixed(after), sensitiveKeys.map((k) => `custom.${k}`));
}
