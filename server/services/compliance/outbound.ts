import type { EntityManager } from '@mikro-orm/core';
import { CONTACT_CHANNELS, OutboundMessageSchema, PersonSchema, UserSchema, type ContactChannel, type ContactPurpose, type OutboundMessage, type OutboundStatus } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { enqueue } from '@/server/jobs/queue';
import { log } from '@/server/log';
import type { TenantContext } from '@/server/services/context-types';
import type { AfterCommit } from '@/server/trpc/after-commit';
import { canContactInJob } from './can-contact';
import { isContactPurpose } from './consent-rules';
import { assertTenantScope, lockConsentSubject } from './shared';

/**
 * The outbox every message to a person goes through. Queueing writes a row and a `core.send-message`
 * job; the job decides at send time (canContact) and records what happened: `sent`, or `skipped`
 * with the reason — so a compliance officer can show that nothing went out after a withdrawal.
 */

export const SEND_MESSAGE_JOB = 'core.send-message';

/**
 * Where a message goes once consent allows it. Core ships no SMS, email or WeChat provider: the
 * default transport only records that the message was released (the outbox row is the record).
 * A deployment installs its provider here at start-up; a provider must treat the message id as an
 * idempotency key, because jobs are delivered at least once.
 */
export interface MessageTransport {
  readonly id: string;
  send(message: OutboundMessage): Promise<void>;
}

const outboxOnly: MessageTransport = {
  id: 'outbox',
  async send(message) {
    log.info('outbound message released to the outbox (no provider configured)', { tenantId: message.tenantId, messageId: message.id, channel: message.channel });
  },
};

let transport: MessageTransport = outboxOnly;

export function setMessageTransport(next: MessageTransport | null): void {
  transport = next ?? outboxOnly;
}

export interface OutboundQueueContext {
  em: EntityManager;
  tenantId: string;
  /** The member who asked for it, if a person did. */
  userId: string | null;
  /** 'core' or the queueing plugin's id. */
  source: string;
  /** In a request: the job leaves only after the transaction commits. Without it the job is enqueued right after the flush. */
  afterCommit?: Pick<AfterCommit, 'enqueue'>;
}

export interface OutboundInput {
  personId: string;
  channel: ContactChannel;
  purpose: ContactPurpose;
  productId?: string | null;
  contentType?: string | null;
  subject: string;
  body: string;
  /** A second queue with the same key returns the first message instead of sending twice. */
  idempotencyKey?: string | null;
}

/** Queues a message for a person. Consent is NOT checked here: the send job checks it when it runs. */
export async function queueOutboundMessage(ctx: OutboundQueueContext, input: OutboundInput): Promise<{ id: string; duplicate: boolean }> {
  const em = assertTenantScope(ctx.em, ctx.tenantId);
  if (!isContactPurpose(input.purpose)) throw new DomainError('NOT_A_CONTACT_PURPOSE', 'consent.errors.notContactPurpose', {}, 'BAD_REQUEST');
  if (!(CONTACT_CHANNELS as readonly string[]).includes(input.channel)) throw new DomainError('INVALID_CONSENT', 'consent.errors.contactChannel', {}, 'BAD_REQUEST');
  if (input.idempotencyKey) {
    const existing = await em.findOne(OutboundMessageSchema, { idempotencyKey: input.idempotencyKey });
    if (existing) return { id: existing.id, duplicate: true };
  }
  const now = new Date();
  const message = em.create(OutboundMessageSchema, {
    personId: input.personId,
    channel: input.channel,
    purpose: input.purpose,
    productId: input.productId ?? null,
    contentType: input.contentType ?? null,
    subject: input.subject,
    body: input.body,
    status: 'queued',
    reason: null,
    decision: null,
    source: ctx.source,
    idempotencyKey: input.idempotencyKey ?? null,
    requestedBy: ctx.userId,
    attempts: 0,
    transport: null,
    queuedAt: now,
    decidedAt: null,
    sentAt: null,
  });
  await em.flush();
  const payload = { tenantId: ctx.tenantId, messageId: message.id };
  const opts = { jobId: `send-${message.id}` };
  if (ctx.afterCommit) ctx.afterCommit.enqueue(SEND_MESSAGE_JOB, payload, opts);
  else await enqueue(SEND_MESSAGE_JOB, payload, opts);
  return { id: message.id, duplicate: false };
}

/**
 * The send job's body. Idempotent: a message that already left the queue is not touched again.
 * Claim (a write) → lock the subject → canContact → send or skip, all in one transaction, so a
 * withdrawal that committed before the check is always seen.
 */
export async function deliverOutboundMessage(em: EntityManager, tenantId: string, messageId: string): Promise<{ status: OutboundStatus; reason: string | null }> {
  assertTenantScope(em, tenantId);
  return em.transactional(async (tx) => {
    const now = new Date();
    const claimed = await tx.nativeUpdate(OutboundMessageSchema, { id: messageId, status: 'queued' }, { updatedAt: now });
    const message = await tx.findOne(OutboundMessageSchema, { id: messageId });
    if (!message) return { status: 'failed' as const, reason: 'message_not_found' };
    if (!claimed) return { status: message.status, reason: message.reason };
    await lockConsentSubject(tx, tenantId, message.personId);
    const decision = await canContactInJob(tx, tenantId, message.personId, message.channel, message.purpose, message.productId, { contentType: message.contentType });
    message.attempts += 1;
    message.decidedAt = now;
    message.reason = decision.reason;
    message.decision = { ...decision, checkedAt: now.toISOString() } as unknown as Record<string, unknown>;
    if (!decision.allowed) {
      message.status = 'skipped';
      await tx.flush();
      log.info('outbound message skipped: no valid consent at send time', { tenantId, messageId, reason: decision.reason });
      return { status: 'skipped' as const, reason: decision.reason };
    }
    await transport.send(message);
    message.status = 'sent';
    message.sentAt = new Date();
    message.transport = transport.id;
    await tx.flush();
    return { status: 'sent' as const, reason: decision.reason };
  });
}

/** The outbox as the compliance console shows it (newest first, optionally one person or status). */
export async function listOutbox(ctx: TenantContext, filter: { personId?: string; status?: OutboundStatus; limit: number; before?: Date }) {
  const rows = await ctx.em.find(
    OutboundMessageSchema,
    {
      ...(filter.personId ? { personId: filter.personId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.before ? { queuedAt: { $lt: filter.before } } : {}),
    },
    { orderBy: { queuedAt: 'desc', id: 'desc' }, limit: filter.limit },
  );
  const userIds = [...new Set(rows.flatMap((r) => (r.requestedBy ? [r.requestedBy] : [])))];
  const users = userIds.length ? await ctx.em.find(UserSchema, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const personIds = [...new Set(rows.map((r) => r.personId))];
  const people = personIds.length ? await ctx.em.find(PersonSchema, { id: { $in: personIds } }, { fields: ['id', 'name'] }) : [];
  const personNames = new Map(people.map((p) => [p.id, p.name]));
  return rows.map((r) => ({
    id: r.id,
    personId: r.personId,
    personName: personNames.get(r.personId) ?? null,
    channel: r.channel,
    purpose: r.purpose,
    subject: r.subject,
    status: r.status,
    reason: r.reason,
    source: r.source,
    requestedBy: r.requestedBy ? (names.get(r.requestedBy) ?? null) : null,
    queuedAt: r.queuedAt,
    decidedAt: r.decidedAt,
    sentAt: r.sentAt,
  }));
}
