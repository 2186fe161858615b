import type { EntityManager } from '@mikro-orm/core';
import { CONSENT_PURPOSES, ConsentReceiptSchema, PersonSchema, ProductSchema, type ConsentChannel, type ConsentPurpose } from '@/server/db/entities';
import type { TenantContext } from '@/server/services/context-types';
import { LATEST_PER_SCOPE } from './consent-expiry';
import { noticeThresholds } from './notices';
import { DAY_MS, isPostgres, sqlDate, rawRows } from './shared';

/**
 * The compliance console's consent overview: who may be contacted for what on which channel
 * right now (people per purpose × channel, general scopes), product- or topic-specific choices,
 * and grants, withdrawals and expiries over time.
 */

export type Granularity = 'week' | 'month';

interface MatrixRow {
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  granted: number;
  withdrawn: number;
  expired: number;
  reconsent: number;
}

/** Offset of a time zone from UTC right now, in seconds (SQLite has no time-zone support). */
function offsetSeconds(timeZone: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - at.getTime()) / 1000 / 60) * 60;
}

function dayExpression(em: EntityManager): string {
  return isPostgres(em) ? `to_char(occurred_at at time zone cast(? as text), 'YYYY-MM-DD')` : `strftime('%Y-%m-%d', occurred_at / 1000 + ?, 'unixepoch')`;
}

function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'month') return day.slice(0, 7);
  const d = new Date(`${day}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
  return monday.toISOString().slice(0, 10);
}

function periods(granularity: Granularity, today: string): string[] {
  const out: string[] = [];
  if (granularity === 'month') {
    const [y, m] = today.split('-').map(Number) as [number, number];
    for (let i = 11; i >= 0; i--) {
      const d = new Date(Date.UTC(y, m - 1 - i, 1));
      out.push(d.toISOString().slice(0, 7));
    }
    return out;
  }
  const start = periodOf(today, 'week');
  for (let i = 25; i >= 0; i--) out.push(new Date(new Date(`${start}T00:00:00Z`).getTime() - i * 7 * DAY_MS).toISOString().slice(0, 10));
  return out;
}

export async function consentOverview(ctx: TenantContext, granularity: Granularity) {
  const em = ctx.em;
  const now = new Date();
  const tz = ctx.tenant.settings.timezone;
  const thresholds = await noticeThresholds(em);

  const groups = await rawRows<{ purpose: ConsentPurpose; channel: ConsentChannel; action: string; notice_locale: string | null; notice_version: number | null; lapsed: number | string; people: number | string }>(em,
    `select purpose, channel, action, notice_locale, notice_version,
       case when action = 'grant' and expires_at is not null and expires_at <= ? then 1 else 0 end as lapsed,
       count(distinct person_id) as people
     from (${LATEST_PER_SCOPE} and product_id is null and content_type is null) t
     group by purpose, channel, action, notice_locale, notice_version, lapsed`,
    [sqlDate(em, now), ctx.tenant.id]);
  const matrix = new Map<string, MatrixRow>();
  for (const g of groups) {
    const key = `${g.purpose}|${g.channel}`;
    const row = matrix.get(key) ?? { purpose: g.purpose, channel: g.channel, granted: 0, withdrawn: 0, expired: 0, reconsent: 0 };
    const n = Number(g.people);
    if (g.action === 'withdraw') row.withdrawn += n;
    else if (g.action === 'expire' || Number(g.lapsed) === 1) row.expired += n;
    else {
      const min = g.notice_locale ? thresholds.get(`${g.purpose}|${g.notice_locale}`) : undefined;
      if (min !== undefined && g.notice_version !== null && Number(g.notice_version) < min) row.reconsent += n;
      else row.granted += n;
    }
    matrix.set(key, row);
  }

  const specificRows = await rawRows<{ purpose: ConsentPurpose; channel: ConsentChannel; product_id: string | null; content_type: string | null; action: string; people: number | string }>(em,
    `select purpose, channel, product_id, content_type, action, count(distinct person_id) as people
     from (${LATEST_PER_SCOPE} and (product_id is not null or content_type is not null)) t
     group by purpose, channel, product_id, content_type, action order by people desc`,
    [ctx.tenant.id]);
  const productIds = [...new Set(specificRows.flatMap((r) => (r.product_id ? [r.product_id] : [])))];
  const products = productIds.length ? await em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [];
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const specific = new Map<string, { purpose: ConsentPurpose; channel: ConsentChannel; topic: string; granted: number; withdrawn: number }>();
  for (const r of specificRows) {
    const topic = r.product_id ? (productName.get(r.product_id) ?? r.product_id) : (r.content_type ?? '');
    const key = `${r.purpose}|${r.channel}|${topic}`;
    const row = specific.get(key) ?? { purpose: r.purpose, channel: r.channel, topic, granted: 0, withdrawn: 0 };
    if (r.action === 'grant') row.granted += Number(r.people);
    else row.withdrawn += Number(r.people);
    specific.set(key, row);
  }

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const buckets = periods(granularity, today);
  const from = granularity === 'month' ? new Date(`${buckets[0]}-01T00:00:00Z`) : new Date(`${buckets[0]}T00:00:00Z`);
  const daily = await rawRows<{ day: string; action: string; capture_method: string; n: number | string }>(em,
    `select ${dayExpression(em)} as day, action, capture_method, count(*) as n from consent_event
     where tenant_id = ? and occurred_at >= ? group by day, action, capture_method`,
    [isPostgres(em) ? tz : offsetSeconds(tz, now), ctx.tenant.id, sqlDate(em, new Date(from.getTime() - DAY_MS))]);
  const series = new Map(buckets.map((p) => [p, { period: p, grants: 0, withdrawals: 0, selfService: 0, expiries: 0 }]));
  for (const d of daily) {
    const bucket = series.get(periodOf(d.day, granularity));
    if (!bucket) continue;
    const n = Number(d.n);
    if (d.action === 'grant') bucket.grants += n;
    else if (d.action === 'withdraw') {
      bucket.withdrawals += n;
      if (d.capture_method === 'self_service') bucket.selfService += n;
    } else bucket.expiries += n;
  }

  const recent = await em.find(ConsentReceiptSchema, { action: 'withdraw' }, { orderBy: { createdAt: 'desc' }, limit: 10 });
  const people = recent.length ? await em.find(PersonSchema, { id: { $in: [...new Set(recent.map((r) => r.personId))] } }, { fields: ['id', 'name'] }) : [];
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const order = (p: ConsentPurpose) => (CONSENT_PURPOSES as readonly string[]).indexOf(p);
  return {
    matrix: [...matrix.values()].sort((a, b) => order(a.purpose) - order(b.purpose) || a.channel.localeCompare(b.channel)),
    specific: [...specific.values()].slice(0, 30),
    granularity,
    series: [...series.values()],
    recentWithdrawals: recent.map((r) => ({ id: r.id, number: r.number, personId: r.personId, personName: personName.get(r.personId) ?? null, via: r.via, createdAt: r.createdAt, items: r.items })),
  };
}
