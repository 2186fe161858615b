import type { EntityManager } from '@mikro-orm/core';
import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONTACT_CHANNELS,
  ConsentEventSchema,
  ConsentEvidenceSchema,
  ConsentNoticeSchema,
  ConsentReceiptSchema,
  PersonSchema,
  ProductSchema,
  UserSchema,
  type CaptureMethod,
  type ConsentEvent,
  type ConsentReceipt,
  type LegalBasis,
  type Person,
  type ReceiptChannel,
  type ReceiptItem,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { visibleCustomer } from '@/server/services/customers/access';
import { isSeparatePurpose, scopeKey, scopeStatuses, type ConsentScope, type LedgerEvent, type ScopeStatus } from './consent-rules';
import { noticeThresholds } from './notices';
import { getPrivacySettings } from './privacy-settings';
import { activeRestriction } from './restrictions';
import { DAY_MS, humanReference, lockConsentSubject } from './shared';

/**
 * The consent ledger: recording grants and withdrawals (append-only events plus a receipt per
 * action, both audited) and reading a person's current status and history. Whether someone may be
 * contacted is answered by can-contact.ts from the same events.
 */

export function toLedgerEvent(e: ConsentEvent): LedgerEvent {
  return {
    id: e.id,
    personId: e.personId,
    scopeKey: e.scopeKey,
    purpose: e.purpose,
    channel: e.channel,
    productId: e.productId,
    contentType: e.contentType,
    action: e.action,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    expiresAt: e.expiresAt,
    noticeId: e.noticeId,
    noticeVersion: e.noticeVersion,
    noticeLocale: e.noticeLocale,
    recipient: e.recipient,
    recipientCountry: e.recipientCountry,
    receiptId: e.receiptId,
  };
}

/**
 * The person whose ledger decides, and every id whose events count: duplicates merged into a
 * person keep their (append-only) events, which then count for the survivor.
 */
export async function subjectIdsFor(em: EntityManager, personId: string): Promise<{ survivor: Person | null; ids: string[] }> {
  let person = await em.findOne(PersonSchema, { id: personId });
  for (let hops = 0; person?.mergedIntoId && hops < 10; hops++) {
    person = await em.findOne(PersonSchema, { id: person.mergedIntoId });
  }
  if (!person) return { survivor: null, ids: [personId] };
  const ids = new Set([person.id, personId]);
  let frontier = [person.id];
  for (let depth = 0; frontier.length && depth < 10; depth++) {
    const merged = await em.find(PersonSchema, { mergedIntoId: { $in: frontier } }, { fields: ['id'] });
    frontier = merged.map((m) => m.id).filter((id) => !ids.has(id));
    for (const id of frontier) ids.add(id);
  }
  return { survivor: person, ids: [...ids] };
}

export async function loadLedger(em: EntityManager, personIds: string[]): Promise<ConsentEvent[]> {
  return em.find(ConsentEventSchema, { personId: { $in: personIds } }, { orderBy: { occurredAt: 'asc', recordedAt: 'asc' } });
}

/** Current state of every scope a person has events for. */
export async function currentScopes(em: EntityManager, personId: string, now = new Date()): Promise<ScopeStatus[]> {
  const { ids } = await subjectIdsFor(em, personId);
  const [events, thresholds] = await Promise.all([loadLedger(em, ids), noticeThresholds(em)]);
  return scopeStatuses(events.map(toLedgerEvent), thresholds, now);
}

async function createReceipt(
  em: EntityManager,
  input: { personId: string; action: 'grant' | 'withdraw'; via: ReceiptChannel; actorUserId: string | null; items: ReceiptItem[]; ip: string | null; timeZone: string },
): Promise<ConsentReceipt> {
  const at = new Date();
  const receipt = em.create(ConsentReceiptSchema, {
    id: newId(),
    number: humanReference(input.action === 'grant' ? 'CG' : 'CW', at, input.timeZone),
    personId: input.personId,
    action: input.action,
    via: input.via,
    actorUserId: input.actorUserId,
    items: input.items,
    createdAt: at,
    ip: input.ip,
  });
  return receipt;
}

export interface ScopeInput {
  purpose: ConsentScope['purpose'];
  channel: ConsentScope['channel'];
  productId?: string | null;
  contentType?: string | null;
}

function normaliseScope(s: ScopeInput): ConsentScope {
  return { purpose: s.purpose, channel: s.channel, productId: s.productId || null, contentType: s.contentType?.trim() || null };
}

function scopeProblem(s: ConsentScope): string | null {
  const separate = isSeparatePurpose(s.purpose);
  if (separate && s.channel !== 'none') return 'consent.errors.separateChannel';
  if (!separate && !(CONTACT_CHANNELS as readonly string[]).includes(s.channel)) return 'consent.errors.contactChannel';
  if (separate && s.productId) return 'consent.errors.separateProduct';
  return null;
}

export interface GrantInput {
  personId: string;
  items: ScopeInput[];
  noticeIds: string[];
  legalBasis: LegalBasis;
  captureMethod: CaptureMethod;
  captureReference?: string | null;
  evidenceId?: string | null;
  occurredAt?: Date | null;
  expiresAt?: Date | null;
  recipient?: string | null;
  recipientCountry?: string | null;
  note?: string | null;
}

/**
 * Records a grant captured by staff. Refuses a bundled request: sensitive-data processing,
 * cross-border transfer and third-party sharing each need their own consent (PIPL art. 23, 29,
 * 39), so they are never recorded together with anything else. Every purpose must rest on its
 * active notice; the capture method decides which proof is required.
 */
export async function grantConsent(ctx: TenantContext, input: GrantInput) {
  const person = await visibleCustomer(ctx, 'person', input.personId);
  const items = input.items.map(normaliseScope);
  const keys = new Set(items.map(scopeKey));
  if (keys.size !== items.length) throw new DomainError('DUPLICATE_SCOPE', 'consent.errors.duplicateScope', {}, 'BAD_REQUEST', { items: { key: 'consent.errors.duplicateScope' } });
  const purposes = [...new Set(items.map((i) => i.purpose))];
  const separate = purposes.filter(isSeparatePurpose);
  if (separate.length > 0 && purposes.length > 1) {
    throw new DomainError('BUNDLED_CONSENT', 'consent.errors.bundled', { purpose: separate[0] }, 'BAD_REQUEST', { items: { key: 'consent.errors.bundled', values: { purpose: separate[0]! } } });
  }
  const fieldErrors: Record<string, { key: string; values?: Record<string, string | number> }> = {};
  items.forEach((s, i) => {
    const problem = scopeProblem(s);
    if (problem) fieldErrors[`items.${i}`] = { key: problem };
  });
  const productIds = [...new Set(items.flatMap((i) => (i.productId ? [i.productId] : [])))];
  if (productIds.length) {
    const found = await ctx.em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id'] });
    const known = new Set(found.map((p) => p.id));
    items.forEach((s, i) => {
      if (s.productId && !known.has(s.productId)) fieldErrors[`items.${i}`] = { key: 'consent.errors.unknownProduct' };
    });
  }
  const needsRecipient = separate.some((p) => p === 'cross_border' || p === 'third_party');
  if (needsRecipient && !input.recipient?.trim()) fieldErrors.recipient = { key: 'consent.errors.recipientRequired' };
  if (separate.includes('cross_border') && !input.recipientCountry?.trim()) fieldErrors.recipientCountry = { key: 'consent.errors.countryRequired' };
  if (!['signature', 'paper_form', 'electronic', 'double_opt_in', 'verbal_witnessed'].includes(input.captureMethod)) fieldErrors.captureMethod = { key: 'consent.errors.captureMethod' };
  const reference = input.captureReference?.trim() || null;
  if (['paper_form', 'verbal_witnessed', 'double_opt_in'].includes(input.captureMethod) && !reference) {
    fieldErrors.captureReference = { key: `consent.errors.referenceRequired.${input.captureMethod}` };
  }
  const { ids: subjectIds } = await subjectIdsFor(ctx.em, person.id);
  if (await activeRestriction(ctx.em, subjectIds)) throw new DomainError('PROCESSING_RESTRICTED', 'consent.errors.restricted', {}, 'PRECONDITION_FAILED');
  if (input.captureMethod === 'signature' && !input.evidenceId) fieldErrors.evidenceId = { key: 'consent.errors.evidenceRequired' };
  let evidenceId: string | null = null;
  if (input.evidenceId) {
    const evidence = await ctx.em.findOne(ConsentEvidenceSchema, { id: input.evidenceId, personId: { $in: subjectIds } });
    if (!evidence) fieldErrors.evidenceId = { key: 'consent.errors.unknownEvidence' };
    else evidenceId = evidence.id;
  }
  const now = new Date();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) fieldErrors.occurredAt = { key: 'consent.errors.inFuture' };
  const settings = await getPrivacySettings(ctx.em);
  const expiresAt = input.expiresAt ?? (settings.consentValidityDays > 0 ? new Date(occurredAt.getTime() + settings.consentValidityDays * DAY_MS) : null);
  if (expiresAt && expiresAt.getTime() <= Math.max(occurredAt.getTime(), now.getTime())) fieldErrors.expiresAt = { key: 'consent.errors.expiryPast' };

  const notices = input.noticeIds.length ? await ctx.em.find(ConsentNoticeSchema, { id: { $in: input.noticeIds } }) : [];
  const noticeFor = new Map<string, (typeof notices)[number]>();
  for (const purpose of purposes) {
    const n = notices.find((x) => x.purpose === purpose);
    if (!n) fieldErrors.noticeIds = { key: 'consent.errors.noticeMissing', values: { purpose } };
    else if (n.status !== 'active') fieldErrors.noticeIds = { key: 'consent.errors.noticeNotActive', values: { version: n.version } };
    else noticeFor.set(purpose, n);
  }
  if (Object.keys(fieldErrors).length) throw new DomainError('INVALID_CONSENT', 'consent.errors.invalid', {}, 'BAD_REQUEST', fieldErrors);

  const receipt = await createReceipt(ctx.em, {
    personId: person.id,
    action: 'grant',
    via: 'staff',
    actorUserId: ctx.session.user.id,
    items,
    ip: ctx.ip,
    timeZone: ctx.tenant.settings.timezone,
  });
  for (const s of items) {
    const n = noticeFor.get(s.purpose)!;
    ctx.em.create(ConsentEventSchema, {
      personId: person.id,
      scopeKey: scopeKey(s),
      ...s,
      action: 'grant',
      legalBasis: input.legalBasis,
      noticeId: n.id,
      noticeVersion: n.version,
      noticeLocale: n.locale,
      noticeHash: n.contentHash,
      captureMethod: input.captureMethod,
      captureReference: reference,
      evidenceId,
      actorKind: 'user',
      actorUserId: ctx.session.user.id,
      occurredAt,
      recordedAt: now,
      expiresAt,
      recipient: isSeparatePurpose(s.purpose) && s.purpose !== 'sensitive_data' ? input.recipient!.trim() : null,
      recipientCountry: s.purpose === 'cross_border' ? input.recipientCountry!.trim() : null,
      receiptId: receipt.id,
      dedupeKey: null,
      note: input.note?.trim() || null,
      ip: ctx.ip,
      requestId: ctx.requestId,
    });
  }
  await ctx.em.flush();
  await recordAudit(ctx.em, {
    tenantId: ctx.tenant.id,
    actorUserId: ctx.session.user.id,
    ip: ctx.ip,
    requestId: ctx.requestId,
    action: 'consent.granted',
    entity: 'Person',
    entityId: person.id,
    changes: { receipt: receipt.number, items: items.map(scopeKey), captureMethod: input.captureMethod, legalBasis: input.legalBasis, evidenceId, expiresAt: expiresAt?.toISOString() ?? null },
  });
  return { receiptId: receipt.id, number: receipt.number, createdAt: receipt.createdAt, items };
}

export interface WithdrawRequest {
  tenantId: string;
  personId: string;
  /** Scopes to withdraw, or 'all' for every scope that currently holds a grant. */
  scopes: ScopeInput[] | 'all';
  via: ReceiptChannel;
  actorUserId: string | null;
  note?: string | null;
  ip?: string | null;
  requestId?: string | null;
  timeZone: string;
  /** Staff may record an explicit objection for a scope never granted; the person's page may not. */
  allowObjection: boolean;
}

/**
 * Records a withdrawal — the one path staff, the self-service page and a DSR share. It takes the
 * subject's consent lock (see shared.ts), so a send job either finished before this commits or
 * sees it. Scopes already withdrawn are skipped; nothing left → NOTHING_TO_WITHDRAW.
 */
export async function recordWithdrawal(em: EntityManager, req: WithdrawRequest) {
  await lockConsentSubject(em, req.tenantId, req.personId);
  const now = new Date();
  const current = await currentScopes(em, req.personId, now);
  const byKey = new Map(current.map((s) => [s.scopeKey, s]));
  let targets: ConsentScope[];
  if (req.scopes === 'all') {
    targets = current.filter((s) => s.state === 'granted' || s.state === 'reconsent_required' || (s.state === 'expired' && s.latest.action === 'grant'));
  } else {
    targets = [];
    for (const raw of req.scopes) {
      const s = normaliseScope(raw);
      const problem = scopeProblem(s);
      if (problem) throw new DomainError('INVALID_CONSENT', problem, {}, 'BAD_REQUEST');
      const status = byKey.get(scopeKey(s));
      if (status?.state === 'withdrawn') continue;
      if (!status && !req.allowObjection) continue;
      if (!targets.some((t) => scopeKey(t) === scopeKey(s))) targets.push(s);
    }
  }
  if (targets.length === 0) throw new DomainError('NOTHING_TO_WITHDRAW', 'consent.errors.nothingToWithdraw', {}, 'CONFLICT');
  const receipt = await createReceipt(em, { personId: req.personId, action: 'withdraw', via: req.via, actorUserId: req.actorUserId, items: targets, ip: req.ip ?? null, timeZone: req.timeZone });
  const method: CaptureMethod = req.via === 'self_service' ? 'self_service' : req.via === 'dsr' ? 'dsr' : 'staff_recorded';
  for (const s of targets) {
    const last = byKey.get(scopeKey(s))?.lastGrant;
    em.create(ConsentEventSchema, {
      personId: req.personId,
      scopeKey: scopeKey(s),
      purpose: s.purpose,
      channel: s.channel,
      productId: s.productId,
      contentType: s.contentType,
      action: 'withdraw',
      legalBasis: 'consent',
      noticeId: last?.noticeId ?? null,
      noticeVersion: last?.noticeVersion ?? null,
      noticeLocale: last?.noticeLocale ?? null,
      noticeHash: null,
      captureMethod: method,
      captureReference: null,
      evidenceId: null,
      actorKind: req.via === 'self_service' ? 'subject' : 'user',
      actorUserId: req.actorUserId,
      occurredAt: now,
      recordedAt: now,
      expiresAt: null,
      recipient: last?.recipient ?? null,
      recipientCountry: last?.recipientCountry ?? null,
      receiptId: receipt.id,
      dedupeKey: null,
      note: req.note?.trim() || null,
      ip: req.ip ?? null,
      requestId: req.requestId ?? null,
    });
  }
  await em.flush();
  await recordAudit(em, {
    tenantId: req.tenantId,
    actorUserId: req.actorUserId,
    ip: req.ip ?? null,
    requestId: req.requestId ?? null,
    action: 'consent.withdrawn',
    entity: 'Person',
    entityId: req.personId,
    changes: { receipt: receipt.number, via: req.via, items: targets.map(scopeKey) },
  });
  return { receiptId: receipt.id, number: receipt.number, createdAt: receipt.createdAt, items: targets };
}

/** Staff withdrawal from the 360 page or the console: one step, a receipt, audited. */
export async function withdrawConsent(ctx: TenantContext, input: { personId: string; scopes: ScopeInput[] | 'all'; note?: string | null }) {
  const person = await visibleCustomer(ctx, 'person', input.personId);
  return recordWithdrawal(ctx.em, {
    tenantId: ctx.tenant.id,
    personId: person.id,
    scopes: input.scopes,
    via: 'staff',
    actorUserId: ctx.session.user.id,
    note: input.note,
    ip: ctx.ip,
    requestId: ctx.requestId,
    timeZone: ctx.tenant.settings.timezone,
    allowObjection: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

async function namesOf(em: EntityManager, userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((u): u is string => Boolean(u)))];
  if (!ids.length) return new Map();
  const users = await em.find(UserSchema, { id: { $in: ids } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

async function productNames(em: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((u): u is string => Boolean(u)))];
  if (!wanted.length) return new Map();
  const products = await em.find(ProductSchema, { id: { $in: wanted } }, { fields: ['id', 'name'] });
  return new Map(products.map((p) => [p.id, p.name]));
}

function receiptView(r: ConsentReceipt, names: Map<string, string>, products: Map<string, string>) {
  return {
    id: r.id,
    number: r.number,
    action: r.action,
    via: r.via,
    actor: r.actorUserId ? (names.get(r.actorUserId) ?? null) : null,
    createdAt: r.createdAt,
    items: r.items.map((i) => ({ ...i, productName: i.productId ? (products.get(i.productId) ?? null) : null })),
  };
}

/** What the consent panel and the console's person page show: status per scope and recent receipts. */
export async function consentStatus(ctx: TenantContext, personId: string) {
  const person = await visibleCustomer(ctx, 'person', personId);
  const now = new Date();
  const { ids } = await subjectIdsFor(ctx.em, person.id);
  const [events, thresholds, receipts] = await Promise.all([
    loadLedger(ctx.em, ids),
    noticeThresholds(ctx.em),
    ctx.em.find(ConsentReceiptSchema, { personId: { $in: ids } }, { orderBy: { createdAt: 'desc' }, limit: 10 }),
  ]);
  const scopes = scopeStatuses(events.map(toLedgerEvent), thresholds, now);
  const noticeIds = [...new Set(scopes.flatMap((s) => (s.lastGrant?.noticeId ? [s.lastGrant.noticeId] : [])))];
  const notices = noticeIds.length ? await ctx.em.find(ConsentNoticeSchema, { id: { $in: noticeIds } }, { fields: ['id', 'title', 'version', 'locale'] }) : [];
  const noticeById = new Map(notices.map((n) => [n.id, n]));
  const byId = new Map(events.map((e) => [e.id, e]));
  const names = await namesOf(ctx.em, [...receipts.map((r) => r.actorUserId), ...events.map((e) => e.actorUserId)]);
  const products = await productNames(ctx.em, [...scopes.map((s) => s.productId), ...receipts.flatMap((r) => r.items.map((i) => i.productId))]);
  const evidenceIds = [...new Set(scopes.flatMap((s) => (s.lastGrant ? [byId.get(s.lastGrant.id)?.evidenceId ?? null] : [])).filter((x): x is string => Boolean(x)))];
  const evidence = evidenceIds.length ? await ctx.em.find(ConsentEvidenceSchema, { id: { $in: evidenceIds } }) : [];
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const receiptNumbers = new Map(
    (await ctx.em.find(ConsentReceiptSchema, { id: { $in: [...new Set(scopes.flatMap((s) => (s.latest.receiptId ? [s.latest.receiptId] : [])))] } }, { fields: ['id', 'number'] })).map((r) => [r.id, r.number]),
  );
  return {
    person: { id: person.id, name: person.name, archived: person.deletedAt !== null },
    scopes: scopes
      .map((s) => {
        const grant = s.lastGrant ? byId.get(s.lastGrant.id)! : null;
        const latest = byId.get(s.latest.id)!;
        const n = grant?.noticeId ? noticeById.get(grant.noticeId) : undefined;
        const ev = grant?.evidenceId ? evidenceById.get(grant.evidenceId) : undefined;
        return {
          scopeKey: s.scopeKey,
          purpose: s.purpose,
          channel: s.channel,
          productId: s.productId,
          productName: s.productId ? (products.get(s.productId) ?? null) : null,
          contentType: s.contentType,
          state: s.state,
          since: latest.occurredAt,
          latestAction: latest.action,
          latestVia: latest.captureMethod,
          latestActor: latest.actorUserId ? (names.get(latest.actorUserId) ?? null) : null,
          latestReceipt: latest.receiptId ? (receiptNumbers.get(latest.receiptId) ?? null) : null,
          grantedAt: grant?.occurredAt ?? null,
          expiresAt: grant?.expiresAt ?? null,
          captureMethod: grant?.captureMethod ?? null,
          captureReference: grant?.captureReference ?? null,
          legalBasis: grant?.legalBasis ?? null,
          recipient: grant?.recipient ?? null,
          recipientCountry: grant?.recipientCountry ?? null,
          notice: n ? { id: n.id, title: n.title, version: n.version, locale: n.locale } : null,
          evidence: ev ? { id: ev.id, fileName: ev.fileName } : null,
        };
      })
      .sort((a, b) => CONSENT_PURPOSES.indexOf(a.purpose) - CONSENT_PURPOSES.indexOf(b.purpose) || CONSENT_CHANNELS.indexOf(a.channel) - CONSENT_CHANNELS.indexOf(b.channel) || a.scopeKey.localeCompare(b.scopeKey)),
    receipts: receipts.map((r) => receiptView(r, names, products)),
  };
}

/** The person's full ledger, newest first, with who recorded what, on which notice and proof. */
export async function consentHistory(ctx: TenantContext, personId: string, page: { limit: number; offset: number }) {
  const person = await visibleCustomer(ctx, 'person', personId);
  const { ids } = await subjectIdsFor(ctx.em, person.id);
  const [events, total] = await Promise.all([
    ctx.em.find(ConsentEventSchema, { personId: { $in: ids } }, { orderBy: { occurredAt: 'desc', recordedAt: 'desc', id: 'desc' }, limit: page.limit, offset: page.offset }),
    ctx.em.count(ConsentEventSchema, { personId: { $in: ids } }),
  ]);
  const names = await namesOf(ctx.em, events.map((e) => e.actorUserId));
  const products = await productNames(ctx.em, events.map((e) => e.productId));
  const noticeIds = [...new Set(events.flatMap((e) => (e.noticeId ? [e.noticeId] : [])))];
  const notices = noticeIds.length ? await ctx.em.find(ConsentNoticeSchema, { id: { $in: noticeIds } }, { fields: ['id', 'title', 'version', 'locale'] }) : [];
  const noticeById = new Map(notices.map((n) => [n.id, n]));
  const receiptIds = [...new Set(events.flatMap((e) => (e.receiptId ? [e.receiptId] : [])))];
  const receipts = receiptIds.length ? await ctx.em.find(ConsentReceiptSchema, { id: { $in: receiptIds } }, { fields: ['id', 'number', 'via'] }) : [];
  const receiptById = new Map(receipts.map((r) => [r.id, r]));
  const evidenceIds = [...new Set(events.flatMap((e) => (e.evidenceId ? [e.evidenceId] : [])))];
  const evidence = evidenceIds.length ? await ctx.em.find(ConsentEvidenceSchema, { id: { $in: evidenceIds } }, { fields: ['id', 'fileName', 'sha256'] }) : [];
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  return {
    person: { id: person.id, name: person.name },
    total,
    events: events.map((e) => {
      const n = e.noticeId ? noticeById.get(e.noticeId) : undefined;
      const r = e.receiptId ? receiptById.get(e.receiptId) : undefined;
      const ev = e.evidenceId ? evidenceById.get(e.evidenceId) : undefined;
      return {
        id: e.id,
        purpose: e.purpose,
        channel: e.channel,
        productName: e.productId ? (products.get(e.productId) ?? null) : null,
        contentType: e.contentType,
        action: e.action,
        legalBasis: e.legalBasis,
        captureMethod: e.captureMethod,
        captureReference: e.captureReference,
        actorKind: e.actorKind,
        actor: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        expiresAt: e.expiresAt,
        recipient: e.recipient,
        recipientCountry: e.recipientCountry,
        note: e.note,
        notice: n ? { id: n.id, title: n.title, version: n.version, locale: n.locale } : e.noticeVersion ? { id: e.noticeId, title: null, version: e.noticeVersion, locale: e.noticeLocale } : null,
        noticeHash: e.noticeHash,
        receipt: r ? { id: r.id, number: r.number, via: r.via } : null,
        evidence: ev ? { id: ev.id, fileName: ev.fileName, sha256: ev.sha256 } : null,
      };
    }),
  };
}

/** One receipt, for display or reprint. */
export async function getReceipt(ctx: TenantContext, receiptId: string) {
  const r = await ctx.em.findOne(ConsentReceiptSchema, { id: receiptId });
  if (!r) throw errors.notFound('receipt');
  await visibleCustomer(ctx, 'person', (await subjectIdsFor(ctx.em, r.personId)).survivor?.id ?? r.personId);
  const names = await namesOf(ctx.em, [r.actorUserId]);
  const products = await productNames(ctx.em, r.items.map((i) => i.productId));
  return receiptView(r, names, products);
}
