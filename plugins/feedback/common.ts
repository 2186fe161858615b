import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '@/server/errors';
import type { TranslateValues } from '@/server/i18n/translate';
import type { Role } from '@/server/permissions';
import { moduleSettings } from '@/server/services/plugins';
import type { FeedbackAdverseEventSchema, FeedbackCaseSchema } from './entities';
import { FEEDBACK_ID, PERM } from './manifest';
import { parseSettings, type FeedbackSettings } from './settings';

/** What the feedback services need from a request (a tRPC tenant context fits as is). */
export interface FeedbackContext {
  em: EntityManager;
  tenant: { id: string };
  session: { user: { id: string } };
  membership: { roles: readonly Role[] };
  permissions: ReadonlySet<string>;
  ip?: string | null;
  requestId?: string | null;
}

export function auditMeta(ctx: FeedbackContext) {
  return { tenantId: ctx.tenant.id, actorUserId: ctx.session.user.id, ip: ctx.ip ?? null, requestId: ctx.requestId ?? null };
}

export function fbError(code: string, key: string, status: DomainError['status'] = 'BAD_REQUEST', values: TranslateValues = {}, fields: string[] = []): DomainError {
  return new DomainError(
    code,
    `plugins.${FEEDBACK_ID}.errors.${key}`,
    values,
    status,
    Object.fromEntries(fields.map((f) => [f, { key: `plugins.${FEEDBACK_ID}.errors.${key}`, values }])),
  );
}

export function notFound(): DomainError {
  return fbError('NOT_FOUND', 'notFound', 'NOT_FOUND');
}

export async function settingsOf(em: EntityManager): Promise<FeedbackSettings> {
  return parseSettings(await moduleSettings({ em }, FEEDBACK_ID));
}

export function canManage(ctx: Pick<FeedbackContext, 'permissions'>): boolean {
  return ctx.permissions.has(PERM.manage);
}

export function canHandleAe(ctx: Pick<FeedbackContext, 'permissions'>): boolean {
  return ctx.permissions.has(PERM.aeReport);
}

/** Next human number of a series, e.g. FB-2026-0007 (the unique index catches a rare race). */
export async function nextNumber(em: EntityManager, schema: typeof FeedbackCaseSchema | typeof FeedbackAdverseEventSchema, prefix: string, at = new Date()): Promise<string> {
  const year = at.getUTCFullYear();
  const n = await em.count(schema as typeof FeedbackCaseSchema, { number: { $like: `${prefix}-${year}-%` } });
  return `${prefix}-${year}-${String(n + 1).padStart(4, '0')}`;
}

export const HOUR_MS = 3_600_000;
