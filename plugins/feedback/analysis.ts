import type { EntityManager } from '@mikro-orm/core';
import { ProductSchema, TerritorySchema } from '@/server/db/entities';
import { settingsOf } from './common';
import { FeedbackCaseSchema, FeedbackDeliverySchema, FeedbackResponseSchema, type FeedbackResponse } from './entities';

/** Net promoter score: % promoters (9–10) minus % detractors (0–6), or null without answers. */
export function nps(scores: number[]): number | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}

/** CSAT: share of 4 and 5 answers on the 1–5 scale, in percent. */
export function csat(scores: number[]): number | null {
  if (!scores.length) return null;
  return Math.round((scores.filter((s) => s >= 4).length / scores.length) * 100);
}

export interface Bucket {
  key: string;
  label: string;
  responses: number;
  nps: number | null;
  csat: number | null;
}

function bucket(key: string, label: string, rows: FeedbackResponse[]): Bucket {
  const of = (kind: 'nps' | 'csat') => rows.filter((r) => r.scoreKind === kind && r.score !== null).map((r) => r.score!);
  return { key, label, responses: rows.length, nps: nps(of('nps')), csat: csat(of('csat')) };
}

function groupBy(rows: FeedbackResponse[], keyOf: (r: FeedbackResponse) => string | null, labelOf: (k: string) => string): Bucket[] {
  const groups = new Map<string, FeedbackResponse[]>();
  for (const r of rows) {
    const k = keyOf(r) ?? '—';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()].map(([k, list]) => bucket(k, k === '—' ? '—' : labelOf(k), list)).sort((a, b) => b.responses - a.responses);
}

function month(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export interface ReportFilter {
  familyId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** The satisfaction report: trends, breakdowns, response rate, topics and sentiment. */
export async function satisfactionReport(em: EntityManager, filter: ReportFilter, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const range = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  const hasRange = Object.keys(range).length > 0;
  const responses = await em.find(FeedbackResponseSchema, { ...(filter.familyId ? { familyId: filter.familyId } : {}), ...(hasRange ? { submittedAt: range } : {}) }, { orderBy: { submittedAt: 'asc' }, limit: 20000 });
  const deliveries = await em.count(FeedbackDeliverySchema, { ...(hasRange ? { createdAt: range } : {}) });
  const answered = await em.count(FeedbackDeliverySchema, { respondedAt: { $ne: null }, ...(hasRange ? { createdAt: range } : {}) });
  const cases = await em.find(FeedbackCaseSchema, hasRange ? { receivedAt: range } : {}, { fields: ['id', 'topics', 'sentiment'], limit: 20000 });
  const productIds = [...new Set(responses.flatMap((r) => (r.productId ? [r.productId] : [])))];
  const territoryIds = [...new Set(responses.flatMap((r) => (r.territoryId ? [r.territoryId] : [])))];
  const [products, territories, settings] = await Promise.all([
    productIds.length ? em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [],
    territoryIds.length ? em.find(TerritorySchema, { id: { $in: territoryIds } }, { fields: ['id', 'name'] }) : [],
    settingsOf(em),
  ]);
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const territoryName = new Map(territories.map((t) => [t.id, t.name]));
  const topicCount = new Map<string, number>();
  for (const t of [...responses.flatMap((r) => r.topics), ...cases.flatMap((c) => c.topics)]) topicCount.set(t, (topicCount.get(t) ?? 0) + 1);
  const topicLabel = new Map(settings.topics.map((t) => [t.key, t.label[locale]]));
  const sentiments = [...responses.filter((r) => r.comment).map((r) => r.sentiment), ...cases.map((c) => c.sentiment)];
  return {
    overall: bucket('all', 'all', responses),
    responseRate: { deliveries, answered, rate: deliveries ? Math.round((answered / deliveries) * 100) : null },
    byMonth: groupBy(responses, (r) => month(r.submittedAt), (k) => k).sort((a, b) => a.key.localeCompare(b.key)),
    byProduct: groupBy(responses, (r) => r.productId, (k) => productName.get(k) ?? '—'),
    byTerritory: groupBy(responses, (r) => r.territoryId, (k) => territoryName.get(k) ?? '—'),
    byTier: groupBy(responses, (r) => r.tier, (k) => k),
    byChannel: groupBy(responses, (r) => r.channel, (k) => k),
    topics: [...topicCount.entries()].map(([key, count]) => ({ key, label: topicLabel.get(key) ?? key, count })).sort((a, b) => b.count - a.count).slice(0, 10),
    sentiment: sentiments.length ? Math.round((sentiments.reduce((a, b) => a + b, 0) / sentiments.length) * 100) / 100 : null,
    responses: responses.length,
  };
}
export type SatisfactionReport = Awaited<ReturnType<typeof satisfactionReport>>;

/** The dashboard widget: NPS per month over the last `months` months. */
export async function npsTrend(em: EntityManager, months = 6, now = new Date()) {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const rows = await em.find(FeedbackResponseSchema, { scoreKind: 'nps', submittedAt: { $gte: from } }, { fields: ['id', 'score', 'submittedAt'], limit: 20000 });
  const out: { month: string; nps: number | null; responses: number }[] = [];
  for (let i = 0; i < months; i++) {
    const m = month(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i, 1)));
    const scores = rows.filter((r) => month(r.submittedAt) === m && r.score !== null).map((r) => r.score!);
    out.push({ month: m, nps: nps(scores), responses: scores.length });
  }
  const all = rows.filter((r) => r.score !== null).map((r) => r.score!);
  return { months: out, overall: nps(all), responses: all.length };
}

/** CSV of a report's breakdowns (UTF-8 with BOM so spreadsheet software reads Chinese). */
export function reportCsv(report: SatisfactionReport, t: (key: string) => string): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
  };
  const lines = [[t('csv.dimension'), t('csv.group'), t('csv.responses'), 'NPS', 'CSAT %'].map(esc).join(',')];
  const sections: [string, typeof report.byMonth][] = [
    [t('report.byMonth'), report.byMonth],
    [t('report.byProduct'), report.byProduct],
    [t('report.byTerritory'), report.byTerritory],
    [t('report.byTier'), report.byTier],
    [t('report.byChannel'), report.byChannel],
  ];
  for (const [name, rows] of sections) for (const r of rows) lines.push([name, r.label, r.responses, r.nps, r.csat].map(esc).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
