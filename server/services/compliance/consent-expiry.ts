import type { EntityManager } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ConsentEventSchema } from '@/server/db/entities';
import { recordAudit } from '@/server/services/audit';
import { assertTenantScope, fromSqlDate, sqlDate, rawRows } from './shared';

/**
 * The daily expiry: every scope whose latest event is a grant past its expiry date gets an
 * `expire` event (dated at the expiry, recorded now, by the system). Idempotent twice over: a
 * scope already expired has `expire` as its latest event, and the dedupe key `expire:<grant id>`
 * makes a concurrent second run insert nothing.
 */

/** Latest event per scope, in ledger order (see compareEvents), as one SQL window. */
export const LATEST_PER_SCOPE = `
  select * from (
    select e.*, row_number() over (
      partition by e.person_id, e.scope_key
      order by e.occurred_at desc, e.recorded_at desc,
        case e.action when 'withdraw' then 2 when 'expire' then 1 else 0 end desc, e.id desc
    ) as rn
    from consent_event e where e.tenant_id = ?
  ) latest where rn = 1`;

interface DueRow {
  id: string;
  person_id: string;
  scope_key: string;
  purpose: string;
  channel: string;
  product_id: string | null;
  content_type: string | null;
  notice_id: string | null;
  notice_version: number | null;
  notice_locale: string | null;
  expires_at: unknown;
  recipient: string | null;
  recipient_country: string | null;
}

const BATCH = 500;

export async function expireConsents(em: EntityManager, tenantId: string, now = new Date()): Promise<{ expired: number; people: number }> {
  assertTenantScope(em, tenantId);
  const due = await rawRows<DueRow>(em, `${LATEST_PER_SCOPE} and action = 'grant' and expires_at is not null and expires_at <= ? order by person_id`, [tenantId, sqlDate(em, now)]);
  let expired = 0;
  const people = new Set<string>();
  for (let i = 0; i < due.length; i += BATCH) {
    const batch = due.slice(i, i + BATCH);
    try {
      expired += await em.transactional(async (tx) => insertExpiries(tx, tenantId, batch, now));
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      // Another run got there first for some rows: do this batch one row at a time.
      for (const row of batch) {
        try {
          expired += await em.transactional(async (tx) => insertExpiries(tx, tenantId, [row], now));
        } catch (inner) {
          if (!(inner instanceof UniqueConstraintViolationException)) throw inner;
        }
      }
    }
    for (const r of batch) people.add(r.person_id);
  }
  return { expired, people: people.size };
}

async function insertExpiries(em: EntityManager, tenantId: string, rows: DueRow[], now: Date): Promise<number> {
  const byPerson = new Map<string, string[]>();
  for (const r of rows) {
    em.create(ConsentEventSchema, {
      personId: r.person_id,
      scopeKey: r.scope_key,
      purpose: r.purpose as never,
      channel: r.channel as never,
      productId: r.product_id,
      contentType: r.content_type,
      action: 'expire',
      legalBasis: 'consent',
      noticeId: r.notice_id,
      noticeVersion: r.notice_version === null ? null : Number(r.notice_version),
      noticeLocale: r.notice_locale,
      noticeHash: null,
      captureMethod: 'system',
      captureReference: null,
      evidenceId: null,
      actorKind: 'system',
      actorUserId: null,
      occurredAt: fromSqlDate(r.expires_at) ?? now,
      recordedAt: now,
      expiresAt: null,
      recipient: r.recipient,
      recipientCountry: r.recipient_country,
      receiptId: null,
      dedupeKey: `expire:${r.id}`,
      note: null,
      ip: null,
      requestId: null,
    });
    byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r.scope_key]);
  }
  await em.flush();
  for (const [personId, scopes] of byPerson) {
    await recordAudit(em, { tenantId, actorUserId: null, action: 'consent.expired', entity: 'Person', entityId: personId, changes: { items: scopes } });
  }
  return rows.length;
}
