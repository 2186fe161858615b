import {
  CONTACT_PURPOSES,
  SEPARATE_PURPOSES,
  type ConsentAction,
  type ConsentChannel,
  type ConsentPurpose,
  type ContactPurpose,
  type SeparatePurpose,
} from '@/server/db/entities';

/**
 * The rules that turn the append-only ledger into "may we?" — pure functions, no database, so the
 * status page, canContact, the expiry job and the self-service page all decide the same way.
 */

export interface ConsentScope {
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  productId: string | null;
  contentType: string | null;
}

export function scopeKey(s: ConsentScope): string {
  return `${s.purpose}|${s.channel}|${s.productId ?? ''}|${s.contentType ?? ''}`;
}

export function isSeparatePurpose(p: ConsentPurpose): p is SeparatePurpose {
  return (SEPARATE_PURPOSES as readonly string[]).includes(p);
}

export function isContactPurpose(p: ConsentPurpose): p is ContactPurpose {
  return (CONTACT_PURPOSES as readonly string[]).includes(p);
}

/** The fields of a ledger event the rules read. */
export interface LedgerEvent extends ConsentScope {
  id: string;
  personId: string;
  scopeKey: string;
  action: ConsentAction;
  occurredAt: Date;
  recordedAt: Date;
  expiresAt: Date | null;
  noticeId: string | null;
  noticeVersion: number | null;
  noticeLocale: string | null;
  recipient: string | null;
  recipientCountry: string | null;
  receiptId: string | null;
}

const ACTION_RANK: Record<ConsentAction, number> = { grant: 0, expire: 1, withdraw: 2 };

/**
 * Ledger order: when it happened, then when it was recorded; on a tie a withdrawal sorts last, so
 * of two simultaneous events the withdrawal wins (the privacy-protective reading).
 */
export function compareEvents(a: LedgerEvent, b: LedgerEvent): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    ACTION_RANK[a.action] - ACTION_RANK[b.action] ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Re-consent thresholds: for a purpose and language, the lowest notice version a grant may rest
 * on (the newest version activated with `reconsentRequired`). Key `${purpose}|${locale}`.
 */
export type NoticeThresholds = ReadonlyMap<string, number>;

export type ScopeState = 'granted' | 'withdrawn' | 'expired' | 'reconsent_required';

export interface ScopeStatus extends ConsentScope {
  scopeKey: string;
  state: ScopeState;
  /** The event that decides the state (the scope's latest). */
  latest: LedgerEvent;
  /** The latest grant of the scope, if any (its notice, evidence, expiry). */
  lastGrant: LedgerEvent | null;
}

export function grantIsCurrent(grant: LedgerEvent, thresholds: NoticeThresholds, now: Date): ScopeState {
  if (grant.expiresAt && grant.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (grant.noticeLocale && grant.noticeVersion !== null) {
    const min = thresholds.get(`${grant.purpose}|${grant.noticeLocale}`);
    if (min !== undefined && grant.noticeVersion < min) return 'reconsent_required';
  }
  return 'granted';
}

/** The current state of every scope that has events. */
export function scopeStatuses(events: readonly LedgerEvent[], thresholds: NoticeThresholds, now: Date): ScopeStatus[] {
  const byScope = new Map<string, LedgerEvent[]>();
  for (const e of events) {
    const list = byScope.get(e.scopeKey);
    if (list) list.push(e);
    else byScope.set(e.scopeKey, [e]);
  }
  const out: ScopeStatus[] = [];
  for (const [key, list] of byScope) {
    list.sort(compareEvents);
    const latest = list[list.length - 1]!;
    const lastGrant = [...list].reverse().find((e) => e.action === 'grant') ?? null;
    const state: ScopeState = latest.action === 'withdraw' ? 'withdrawn' : latest.action === 'expire' ? 'expired' : grantIsCurrent(latest, thresholds, now);
    out.push({ scopeKey: key, purpose: latest.purpose, channel: latest.channel, productId: latest.productId, contentType: latest.contentType, state, latest, lastGrant });
  }
  return out;
}

export type DenialReason = 'no_consent' | 'withdrawn' | 'expired' | 'reconsent_required' | 'subject_not_found' | 'subject_erased' | 'subject_archived' | 'processing_restricted' | 'not_a_contact_purpose' | 'recipient_mismatch';

export type ContactDecision =
  | { allowed: true; reason: 'granted'; grantEventId: string; grantedAt: Date; expiresAt: Date | null; scopeKey: string }
  | { allowed: false; reason: DenialReason; eventId?: string; at?: Date };

export interface ContactRequest {
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  productId?: string | null;
  contentType?: string | null;
  /** Separate-purpose consents for transfer or sharing: the recipient must be the one consented to. */
  recipient?: string | null;
}

function covers(e: ConsentScope, req: ContactRequest): boolean {
  return (
    e.purpose === req.purpose &&
    e.channel === req.channel &&
    (e.productId === null || e.productId === (req.productId ?? null)) &&
    (e.contentType === null || e.contentType === (req.contentType ?? null))
  );
}

const sameRecipient = (a: string | null, b: string | null | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/**
 * May we, for this purpose and channel (and product or content type)? The scopes that cover the
 * request are the general one and the ones naming this product or content type. Allowed when one
 * of them holds a current grant and no covering scope was withdrawn after that grant — so "no
 * more promotion about product X" beats an older general grant, a later general withdrawal beats
 * a product grant, and an expiry only ends its own scope.
 */
export function decideContact(events: readonly LedgerEvent[], thresholds: NoticeThresholds, now: Date, req: ContactRequest): ContactDecision {
  const covering = events.filter((e) => covers(e, req));
  if (covering.length === 0) return { allowed: false, reason: 'no_consent' };
  const statuses = scopeStatuses(covering, thresholds, now);
  const withdrawals = covering.filter((e) => e.action === 'withdraw').sort(compareEvents);
  const lastWithdrawal = withdrawals[withdrawals.length - 1];
  const candidates = statuses
    .filter((s) => s.state === 'granted')
    .filter((s) => !lastWithdrawal || compareEvents(lastWithdrawal, s.latest) < 0)
    .filter((s) => req.recipient === undefined || !isSeparatePurpose(req.purpose) || req.purpose === 'sensitive_data' || sameRecipient(s.latest.recipient, req.recipient))
    .sort((a, b) => compareEvents(b.latest, a.latest));
  const best = candidates[0];
  if (best) {
    return { allowed: true, reason: 'granted', grantEventId: best.latest.id, grantedAt: best.latest.occurredAt, expiresAt: best.latest.expiresAt, scopeKey: best.scopeKey };
  }
  if (lastWithdrawal) return { allowed: false, reason: 'withdrawn', eventId: lastWithdrawal.id, at: lastWithdrawal.occurredAt };
  const reconsent = statuses.find((s) => s.state === 'reconsent_required');
  if (reconsent) return { allowed: false, reason: 'reconsent_required', eventId: reconsent.latest.id, at: reconsent.latest.occurredAt };
  const expired = statuses.find((s) => s.state === 'expired');
  if (expired) return { allowed: false, reason: 'expired', eventId: expired.latest.id, at: expired.latest.expiresAt ?? expired.latest.occurredAt };
  const granted = statuses.find((s) => s.state === 'granted');
  if (granted && req.recipient !== undefined) return { allowed: false, reason: 'recipient_mismatch', eventId: granted.latest.id };
  return { allowed: false, reason: 'no_consent' };
}
