import type { EntityManager } from '@mikro-orm/core';
import type { ConsentChannel, ConsentPurpose, ContactChannel } from '@/server/db/entities';
import { decideContact, isContactPurpose, type ContactDecision } from './consent-rules';
import { loadLedger, subjectIdsFor, toLedgerEvent } from './consent-ledger';
import { noticeThresholds } from './notices';
import { activeRestriction } from './restrictions';
import { assertTenantScope } from './shared';

/**
 * ONE answer to "may we contact this person, on this channel, for this purpose (and product)?",
 * with the reason. Core and every plugin use it for every outbound message.
 *
 * Call it WHEN THE MESSAGE IS ACTUALLY SENT — in the job, not when the message is queued: consent
 * can be withdrawn in between, and after a withdrawal commits nothing more may go out on that
 * purpose and channel. The reference is core's `core.send-message` job (outbound.ts), which every
 * plugin's send job should copy:
 *
 *   defineJob({ name: '<plugin>.send-reminder', payload, async handle({ tenantId, messageId }, { em }) {
 *     await em.transactional(async (tx) => {
 *       // 1. claim the row first (a write: on SQLite it takes the write lock, so the check below
 *       //    reads the latest committed ledger); skip if another delivery already handled it
 *       // 2. await lockConsentSubject(tx, tenantId, personId)   (PostgreSQL: serialises with withdrawals)
 *       // 3. const decision = await canContactInJob(tx, tenantId, personId, 'wechat', 'promotional', productId)
 *       // 4. decision.allowed ? send and mark sent : mark skipped with decision.reason — never both
 *     });
 *   }})
 *
 * Or simply queue through `queueOutboundMessage` (outbound.ts) and let core's job do all of it.
 *
 * `scope` is a request context (`ctx`, whose EntityManager is scoped to the tenant) or a
 * tenant-scoped EntityManager. Purposes that are not about contacting someone (sensitive data,
 * cross-border, third-party sharing) are answered by `hasSeparateConsent`.
 */
export async function canContact(
  scope: EntityManager | { em: EntityManager },
  subjectId: string,
  channel: ContactChannel,
  purpose: ConsentPurpose,
  productId?: string | null,
  opts: { contentType?: string | null; at?: Date } = {},
): Promise<ContactDecision> {
  const em = emOf(scope);
  if (!isContactPurpose(purpose)) return { allowed: false, reason: 'not_a_contact_purpose' };
  return decideFor(em, subjectId, { purpose, channel, productId: productId ?? null, contentType: opts.contentType ?? null }, opts.at ?? new Date());
}

/**
 * canContact for job handlers: takes the job's (forked) EntityManager and the payload's tenant id,
 * and makes sure the EntityManager is scoped to that tenant before reading.
 */
export function canContactInJob(
  em: EntityManager,
  tenantId: string,
  subjectId: string,
  channel: ContactChannel,
  purpose: ConsentPurpose,
  productId?: string | null,
  opts: { contentType?: string | null; at?: Date } = {},
): Promise<ContactDecision> {
  return canContact(assertTenantScope(em, tenantId), subjectId, channel, purpose, productId, opts);
}

/**
 * Separate consent for sensitive-data processing, cross-border transfer (naming `recipient`) or
 * sharing with a third party (naming `recipient`), PIPL art. 23, 29, 39.
 */
export async function hasSeparateConsent(
  scope: EntityManager | { em: EntityManager },
  subjectId: string,
  purpose: 'sensitive_data' | 'cross_border' | 'third_party',
  recipient?: string | null,
  opts: { contentType?: string | null; at?: Date } = {},
): Promise<ContactDecision> {
  const em = emOf(scope);
  return decideFor(em, subjectId, { purpose, channel: 'none', productId: null, contentType: opts.contentType ?? null, recipient: purpose === 'sensitive_data' ? undefined : (recipient ?? '') }, opts.at ?? new Date());
}

function emOf(scope: EntityManager | { em: EntityManager }): EntityManager {
  return 'getConnection' in scope ? scope : scope.em;
}

async function decideFor(
  em: EntityManager,
  subjectId: string,
  req: { purpose: ConsentPurpose; channel: ConsentChannel; productId: string | null; contentType: string | null; recipient?: string },
  now: Date,
): Promise<ContactDecision> {
  const { survivor, ids } = await subjectIdsFor(em, subjectId);
  if (!survivor) return { allowed: false, reason: 'subject_not_found' };
  const restriction = await activeRestriction(em, ids);
  if (restriction) return { allowed: false, reason: restriction.reason === 'erased' ? 'subject_erased' : 'processing_restricted', at: restriction.createdAt };
  if (survivor.deletedAt) return { allowed: false, reason: 'subject_archived', at: survivor.deletedAt };
  const [events, thresholds] = await Promise.all([loadLedger(em, ids), noticeThresholds(em)]);
  return decideContact(events.map(toLedgerEvent), thresholds, now, req);
}

export type { ContactDecision } from './consent-rules';
