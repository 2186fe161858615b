import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ConsentEventSchema, ConsentNoticeSchema, UserSchema, type ConsentNotice, type ConsentPurpose } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import type { Locale } from '@/server/i18n/locales';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import type { NoticeThresholds } from './consent-rules';
import { complianceAuditMeta, rawRows } from './shared';

/**
 * Consent notices (告知书), versioned per purpose and language. A draft can be edited; activating
 * freezes it (hash recorded, a trigger refuses later edits) and retires the version before it.
 */

export function noticeHash(n: Pick<ConsentNotice, 'purpose' | 'locale' | 'version' | 'title' | 'body'>): string {
  return createHash('sha256').update(JSON.stringify([n.purpose, n.locale, n.version, n.title, n.body])).digest('hex');
}

/** Re-consent thresholds per purpose and language (see consent-rules.ts). */
export async function noticeThresholds(em: EntityManager): Promise<NoticeThresholds> {
  const activated = await em.find(ConsentNoticeSchema, { status: { $in: ['active', 'retired'] }, reconsentRequired: true }, { fields: ['purpose', 'locale', 'version'] });
  const map = new Map<string, number>();
  for (const n of activated) {
    const key = `${n.purpose}|${n.locale}`;
    map.set(key, Math.max(map.get(key) ?? 0, n.version));
  }
  return map;
}

function view(n: ConsentNotice, names: Map<string, string>) {
  return {
    id: n.id,
    purpose: n.purpose,
    locale: n.locale,
    version: n.version,
    title: n.title,
    body: n.body,
    status: n.status,
    reconsentRequired: n.reconsentRequired,
    contentHash: n.contentHash,
    activatedAt: n.activatedAt,
    activatedBy: n.activatedBy ? (names.get(n.activatedBy) ?? null) : null,
    retiredAt: n.retiredAt,
    createdBy: names.get(n.createdBy) ?? null,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

async function userNames(em: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  if (!wanted.length) return new Map();
  const users = await em.find(UserSchema, { id: { $in: wanted } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

export async function listNotices(ctx: TenantContext) {
  const rows = await ctx.em.find(ConsentNoticeSchema, {}, { orderBy: { purpose: 'asc', locale: 'asc', version: 'desc' } });
  const names = await userNames(ctx.em, rows.flatMap((r) => [r.createdBy, r.activatedBy]));
  // How many grants rest on each version: tells the officer what re-consent would touch.
  const counts = await rawRows<{ notice_id: string; n: number | string }>(ctx.em,
    `select notice_id, count(*) as n from consent_event where tenant_id = ? and action = 'grant' and notice_id is not null group by notice_id`,
    [ctx.tenant.id]);
  const grants = new Map(counts.map((c) => [c.notice_id, Number(c.n)]));
  return rows.map((r) => ({ ...view(r, names), grants: grants.get(r.id) ?? 0 }));
}

export async function getNotice(ctx: TenantContext, id: string) {
  const n = await ctx.em.findOne(ConsentNoticeSchema, { id });
  if (!n) throw errors.notFound('notice');
  return view(n, await userNames(ctx.em, [n.createdBy, n.activatedBy]));
}

/** Active notices (one per purpose and language): what a grant form offers. */
export async function activeNotices(em: EntityManager) {
  const rows = await em.find(ConsentNoticeSchema, { status: 'active' }, { orderBy: { purpose: 'asc', locale: 'asc' } });
  return rows.map((n) => ({ id: n.id, purpose: n.purpose, locale: n.locale, version: n.version, title: n.title, activatedAt: n.activatedAt }));
}

export async function createNoticeDraft(ctx: TenantContext, input: { purpose: ConsentPurpose; locale: Locale; title: string; body: string }) {
  const latest = await ctx.em.findOne(ConsentNoticeSchema, { purpose: input.purpose, locale: input.locale }, { orderBy: { version: 'desc' } });
  if (latest?.status === 'draft') {
    throw new DomainError('NOTICE_DRAFT_EXISTS', 'consent.errors.draftExists', { version: latest.version }, 'CONFLICT');
  }
  const n = ctx.em.create(ConsentNoticeSchema, {
    purpose: input.purpose,
    locale: input.locale,
    version: (latest?.version ?? 0) + 1,
    title: input.title,
    body: input.body,
    status: 'draft',
    reconsentRequired: true,
    contentHash: null,
    activatedAt: null,
    activatedBy: null,
    retiredAt: null,
    createdBy: ctx.session.user.id,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.notice.drafted', entity: 'ConsentNotice', entityId: n.id, changes: { purpose: n.purpose, locale: n.locale, version: n.version, title: n.title } });
  return { id: n.id, version: n.version };
}

async function draftOrFail(ctx: TenantContext, id: string): Promise<ConsentNotice> {
  const n = await ctx.em.findOne(ConsentNoticeSchema, { id });
  if (!n) throw errors.notFound('notice');
  if (n.status !== 'draft') throw new DomainError('NOTICE_FROZEN', 'consent.errors.noticeFrozen', { version: n.version }, 'PRECONDITION_FAILED');
  return n;
}

export async function updateNoticeDraft(ctx: TenantContext, id: string, input: { title: string; body: string }) {
  const n = await draftOrFail(ctx, id);
  n.title = input.title;
  n.body = input.body;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.notice.edited', entity: 'ConsentNotice', entityId: n.id, changes: { title: n.title, bodyLength: n.body.length } });
}

export async function discardNoticeDraft(ctx: TenantContext, id: string) {
  const n = await draftOrFail(ctx, id);
  ctx.em.remove(n);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.notice.discarded', entity: 'ConsentNotice', entityId: id, changes: { purpose: n.purpose, locale: n.locale, version: n.version } });
}

/**
 * Publishes a draft: it becomes the active version (frozen), the previous active one is retired.
 * With `reconsentRequired`, grants under older versions of this purpose and language no longer
 * count (canContact answers `reconsent_required` until the person consents again).
 */
export async function activateNotice(ctx: TenantContext, id: string, reconsentRequired: boolean) {
  const n = await draftOrFail(ctx, id);
  const previous = await ctx.em.find(ConsentNoticeSchema, { purpose: n.purpose, locale: n.locale, status: 'active' });
  const now = new Date();
  for (const p of previous) {
    p.status = 'retired';
    p.retiredAt = now;
  }
  n.status = 'active';
  n.reconsentRequired = previous.length > 0 ? reconsentRequired : false;
  n.contentHash = noticeHash(n);
  n.activatedAt = now;
  n.activatedBy = ctx.session.user.id;
  await ctx.em.flush();
  const affected = n.reconsentRequired
    ? await ctx.em.count(ConsentEventSchema, { action: 'grant', purpose: n.purpose, noticeLocale: n.locale, noticeVersion: { $lt: n.version } })
    : 0;
  await recordAudit(ctx.em, {
    ...complianceAuditMeta(ctx),
    action: 'consent.notice.activated',
    entity: 'ConsentNotice',
    entityId: n.id,
    changes: { purpose: n.purpose, locale: n.locale, version: n.version, contentHash: n.contentHash, reconsentRequired: n.reconsentRequired, retired: previous.map((p) => p.version), grantsNeedingReconsent: affected },
  });
  return { version: n.version, retired: previous.map((p) => p.version), grantsNeedingReconsent: affected };
}
