import type { EntityManager } from '@mikro-orm/core';
import { TenantPluginSchema, TenantSchema } from '@/server/db/entities';
import { scopeToTenant } from '@/server/db/orm';
import { DomainError } from '@/server/errors';
import { verifyLink } from '@/server/services/signed-links';
import { FEEDBACK_ID } from './manifest';

/**
 * The same checks as core's `openPluginLink` (signature, expiry, tenant, module enabled), made with
 * the mutation's own EntityManager: on SQLite a second connection would wait for the transaction
 * that the public mutation already holds. The purpose string is core's `plugin:<id>:<purpose>`.
 */
export async function openSurveyLinkIn(em: EntityManager, token: string): Promise<{ tenantId: string; subject: string; em: EntityManager }> {
  const verdict = verifyLink(`plugin:${FEEDBACK_ID}:survey`, token);
  const fail = (problem: 'invalid' | 'expired' | 'unavailable') =>
    new DomainError(`LINK_${problem.toUpperCase()}`, `errors.link.${problem}`, {}, problem === 'unavailable' ? 'FORBIDDEN' : 'NOT_FOUND');
  if (!verdict.ok) throw fail(verdict.reason);
  const scoped = scopeToTenant(em, verdict.tenantId);
  const tenant = await scoped.findOne(TenantSchema, { id: verdict.tenantId }, { fields: ['id'] });
  if (!tenant) throw fail('unavailable');
  const enabled = await scoped.findOne(TenantPluginSchema, { pluginId: FEEDBACK_ID, enabled: true }, { fields: ['id'] });
  if (!enabled) throw fail('unavailable');
  return { tenantId: verdict.tenantId, subject: verdict.subject, em: scoped };
}
