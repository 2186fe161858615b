import type { EntityManager } from '@mikro-orm/core';
import { TenantPluginSchema, TenantSchema } from '@/server/db/entities';
import { forkEm, scopeToTenant } from '@/server/db/orm';
import { DomainError } from '@/server/errors';
import { signLink, verifyLink } from '@/server/services/signed-links';

/**
 * Public links of plugins: /p/<pluginId>/<purpose>/<token>. A plugin issues one for a subject it
 * owns (a survey delivery, a meeting) and renders the page through `ui.publicPages`; its public
 * procedures (built on `publicProcedure`, input `{ token }`) open the link with `openPluginLink`
 * and work in the EntityManager it returns, scoped to the link's tenant. Mutations pass the
 * request's EntityManager (`ctx.em`, already inside the request's transaction): a second connection
 * would wait on SQLite's single writer for ever, and the write commits with the request.
 */
function linkPurpose(pluginId: string, purpose: string): string {
  return `plugin:${pluginId}:${purpose}`;
}

export function issuePluginLink(pluginId: string, purpose: string, claims: { tenantId: string; subject: string; expiresAt: Date }): { token: string; path: string } {
  const token = signLink(linkPurpose(pluginId, purpose), claims);
  return { token, path: `/p/${pluginId}/${purpose}/${token}` };
}

export interface OpenedPluginLink {
  tenantId: string;
  tenantName: string;
  subject: string;
  expiresAt: Date;
  /** Forked for this link, the tenant filter armed for its tenant. */
  em: EntityManager;
}

export type PluginLinkProblem = 'invalid' | 'expired' | 'unavailable';

/** The link's tenant and subject, or why the link cannot be used (never which part failed beyond that). */
export async function checkPluginLink(
  pluginId: string,
  purpose: string,
  token: string,
  requestEm?: EntityManager,
): Promise<{ ok: true; link: OpenedPluginLink } | { ok: false; problem: PluginLinkProblem }> {
  const verdict = verifyLink(linkPurpose(pluginId, purpose), token);
  if (!verdict.ok) return { ok: false, problem: verdict.reason };
  const em = requestEm ? scopeToTenant(requestEm, verdict.tenantId) : await forkEm(verdict.tenantId);
  const tenant = await em.findOne(TenantSchema, { id: verdict.tenantId }, { fields: ['id', 'name'] });
  if (!tenant) return { ok: false, problem: 'unavailable' };
  // The module switched off for the company closes its public pages too (data kept).
  const enabled = await em.findOne(TenantPluginSchema, { pluginId, enabled: true }, { fields: ['id'] });
  if (!enabled) return { ok: false, problem: 'unavailable' };
  return { ok: true, link: { tenantId: tenant.id, tenantName: tenant.name, subject: verdict.subject, expiresAt: verdict.expiresAt, em } };
}

/**
 * For public procedures: the opened link, or a translated error (NOT_FOUND / FORBIDDEN) that changes
 * nothing. Give `requestEm` (the procedure's `ctx.em`) in mutations; queries may omit it.
 */
export async function openPluginLink(pluginId: string, purpose: string, token: string, requestEm?: EntityManager): Promise<OpenedPluginLink> {
  const checked = await checkPluginLink(pluginId, purpose, token, requestEm);
  if (checked.ok) return checked.link;
  throw new DomainError(`LINK_${checked.problem.toUpperCase()}`, `errors.link.${checked.problem}`, {}, checked.problem === 'unavailable' ? 'FORBIDDEN' : 'NOT_FOUND');
}
