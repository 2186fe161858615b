import type { EntityManager } from '@mikro-orm/core';
import {
  ConsentEventSchema,
  ConsentNoticeSchema,
  ConsentReceiptSchema,
  ImpactAssessmentSchema,
  MembershipSchema,
  PersonSchema,
  RepFilingSchema,
  type ConsentChannel,
  type ConsentPurpose,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { scopeKey } from './consent-rules';
import { noticeHash } from './notices';
import { assertTenantScope, DAY_MS, isoDay } from './shared';

/**
 * Demo data for the compliance console: published notices, a year of consent grants and
 * withdrawals (some by the doctors themselves on the self-service page), rep filings (valid,
 * expiring, expired, missing) and an approved cross-border assessment. Deterministic, so every demo
 * database looks the same. Called by the demo seed for a tenant that already has people and reps;
 * does nothing when the tenant already has notices.
 */

const NOTICES: Record<'zh-CN' | 'en', [ConsentPurpose, string, string][]> = {
  'zh-CN': [
    ['promotional', '产品推广信息告知书', '华康医药（以下简称“我们”）将通过您同意的渠道（拜访、电话、短信、邮件、微信或邮寄），向您提供与我们产品相关的学术推广资料。\n\n处理的个人信息：姓名、职称、所在医院与科室、联系方式。\n保存期限：自您最后一次与我们互动起五年。\n您可以随时通过代表、客服热线或短信中的自助链接撤回同意，撤回不影响此前的处理，我们也不会因此拒绝为您提供服务。'],
    ['medical', '医学与科学信息告知书', '我们将向您发送经医学部审核的科学文献、临床指南更新及药品安全信息。\n\n处理的个人信息：姓名、职称、专业领域、所在医院与科室、电子邮箱。\n您可以随时撤回同意。'],
    ['survey', '调研问卷告知书', '我们可能邀请您参与临床实践调研。调研结果仅以汇总形式使用。\n\n您可以随时撤回同意。'],
    ['events', '学术会议与活动邀请告知书', '我们将邀请您参加科室会、学术会议等活动，并为会务安排处理您的姓名、职称、所在医院与联系方式。\n\n您可以随时撤回同意。'],
    ['cross_border', '个人信息出境告知书', '为全球医学事务协作，我们将向位于瑞士的 Pharma AG 提供您的姓名、职称、所在医院与科室。接收方的联系方式：privacy@pharma-ag.example。\n\n您可以向接收方行使个人信息保护法规定的权利，也可以随时撤回本同意。'],
  ],
  en: [
    ['promotional', 'Notice on promotional information', 'We send you scientific promotional material about our products through the channels you agree to.\n\nYou can withdraw at any time.'],
    ['medical', 'Notice on medical and scientific information', 'We send you peer-reviewed literature, guideline updates and drug-safety information reviewed by our medical department.\n\nYou can withdraw at any time.'],
  ],
};

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedComplianceDemo(em: EntityManager, tenantId: string, opts: { complianceUserId: string; people?: number; now?: Date; filedUserIds?: string[] }): Promise<{ created: boolean }> {
  assertTenantScope(em, tenantId);
  if (await em.count(ConsentNoticeSchema, {})) return { created: false };
  const now = opts.now ?? new Date();
  const random = rng(20_250_301);
  const yearAgo = new Date(now.getTime() - 360 * DAY_MS);
  const notices = new Map<string, { id: string; version: number; locale: 'zh-CN' | 'en'; hash: string }>();
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const [purpose, title, body] of NOTICES[locale]) {
      const n = em.create(ConsentNoticeSchema, {
        id: newId(),
        purpose,
        locale,
        version: 1,
        title,
        body,
        status: 'active',
        reconsentRequired: false,
        contentHash: noticeHash({ purpose, locale, version: 1, title, body }),
        activatedAt: yearAgo,
        activatedBy: opts.complianceUserId,
        retiredAt: null,
        createdBy: opts.complianceUserId,
      });
      if (locale === 'zh-CN') notices.set(purpose, { id: n.id, version: 1, locale, hash: n.contentHash! });
    }
  }

  const people = await em.find(PersonSchema, { deletedAt: null, mergedIntoId: null, kind: 'hcp' }, { fields: ['id'], orderBy: { id: 'asc' }, limit: opts.people ?? 400 });
  const channels: ConsentChannel[] = ['visit', 'wechat', 'email', 'phone', 'sms'];
  let receipts = 0;
  const receipt = (personId: string, action: 'grant' | 'withdraw', via: 'staff' | 'self_service', at: Date, items: { purpose: ConsentPurpose; channel: ConsentChannel }[]) => {
    receipts++;
    const r = em.create(ConsentReceiptSchema, {
      id: newId(),
      number: `${action === 'grant' ? 'CG' : 'CW'}-${isoDay(at).replace(/-/g, '')}-D${String(receipts).padStart(5, '0')}`,
      personId,
      action,
      via,
      actorUserId: via === 'staff' ? opts.complianceUserId : null,
      items: items.map((i) => ({ ...i, productId: null, contentType: null })),
      createdAt: at,
      ip: null,
    });
    return r.id;
  };
  const event = (personId: string, purpose: ConsentPurpose, channel: ConsentChannel, action: 'grant' | 'withdraw', at: Date, receiptId: string, via: 'staff' | 'self_service') => {
    const n = notices.get(purpose)!;
    em.create(ConsentEventSchema, {
      personId,
      scopeKey: scopeKey({ purpose, channel, productId: null, contentType: null }),
      purpose,
      channel,
      productId: null,
      contentType: null,
      action,
      legalBasis: 'consent',
      noticeId: n.id,
      noticeVersion: n.version,
      noticeLocale: n.locale,
      noticeHash: action === 'grant' ? n.hash : null,
      captureMethod: action === 'grant' ? (random() < 0.6 ? 'electronic' : 'paper_form') : via === 'self_service' ? 'self_service' : 'staff_recorded',
      captureReference: null,
      evidenceId: null,
      actorKind: via === 'self_service' ? 'subject' : 'user',
      actorUserId: via === 'staff' ? opts.complianceUserId : null,
      occurredAt: at,
      recordedAt: at,
      expiresAt: action === 'grant' ? new Date(at.getTime() + 365 * DAY_MS) : null,
      recipient: null,
      recipientCountry: null,
      receiptId,
      dedupeKey: null,
      note: null,
      ip: null,
      requestId: null,
    });
  };
  for (const p of people) {
    if (random() < 0.25) continue;
    const at = new Date(yearAgo.getTime() + Math.floor(random() * 330) * DAY_MS);
    const items: { purpose: ConsentPurpose; channel: ConsentChannel }[] = [{ purpose: 'promotional', channel: 'visit' }];
    for (const c of channels.slice(1)) if (random() < 0.45) items.push({ purpose: 'promotional', channel: c });
    if (random() < 0.6) items.push({ purpose: 'medical', channel: 'email' });
    if (random() < 0.3) items.push({ purpose: 'events', channel: random() < 0.5 ? 'sms' : 'wechat' });
    if (random() < 0.15) items.push({ purpose: 'survey', channel: 'email' });
    const grantReceipt = receipt(p.id, 'grant', 'staff', at, items);
    for (const i of items) event(p.id, i.purpose, i.channel, 'grant', at, grantReceipt, 'staff');
    if (random() < 0.12) {
      const withdrawnItem = items[Math.floor(random() * items.length)]!;
      const later = new Date(Math.min(now.getTime() - DAY_MS, at.getTime() + Math.floor(random() * 200 + 5) * DAY_MS));
      const via = random() < 0.5 ? 'self_service' : 'staff';
      const r = receipt(p.id, 'withdraw', via, later, [withdrawnItem]);
      event(p.id, withdrawnItem.purpose, withdrawnItem.channel, 'withdraw', later, r, via);
    }
  }

  // Rep filings: most valid, one expiring within the month, one expired, one missing. The demo
  // logins (`filedUserIds`) always hold a valid one, so the demo rep can log promotional visits.
  const filed = new Set(opts.filedUserIds ?? []);
  const reps = (await em.find(MembershipSchema, { disabledAt: null }))
    .filter((m) => m.roles.includes('rep'))
    .sort((a, b) => Number(filed.has(b.userId)) - Number(filed.has(a.userId)) || a.userId.localeCompare(b.userId));
  // The special cases go to the last reps of the list, never to a demo login.
  const n = reps.length;
  reps.forEach((m, i) => {
    const protectedRep = filed.has(m.userId);
    if (!protectedRep && i === n - 1 && n > 2) return;
    const until = !protectedRep && i === n - 2 && n > 3 ? new Date(now.getTime() + 20 * DAY_MS) : !protectedRep && i === n - 3 && n > 4 ? new Date(now.getTime() - 10 * DAY_MS) : new Date(now.getTime() + (300 + i * 17) * DAY_MS);
    em.create(RepFilingSchema, {
      userId: m.userId,
      filingNumber: `YYDB-${isoDay(now).slice(0, 4)}-${String(1001 + i)}`,
      authority: '医药代表备案平台',
      validFrom: isoDay(new Date(until.getTime() - 3 * 365 * DAY_MS)),
      validUntil: isoDay(until),
      productIds: [],
      status: 'active',
      note: null,
      recordedBy: opts.complianceUserId,
      revokedAt: null,
      revokedBy: null,
      revokedReason: null,
    });
  });

  em.create(ImpactAssessmentSchema, {
    kind: 'cross_border',
    title: '向瑞士总部提供医务人员联系信息',
    scope: '医务人员姓名、职称、所在医院与科室，用于全球医学事务协作；约 2,000 人/年。',
    dataCategories: ['姓名', '职称', '所在医院', '科室'],
    recipient: 'Pharma AG',
    recipientCountry: '瑞士',
    risks: '境外接收方的数据安全能力；境外法律环境；传输过程中的泄露风险。',
    measures: '订立个人信息出境标准合同；传输加密；最小必要字段；接收方年度审计；本人单独同意。',
    status: 'approved',
    approverUserId: opts.complianceUserId,
    approvedAt: yearAgo,
    decisionNote: '合规委员会审议通过',
    retainUntil: new Date(yearAgo.getTime() + 3 * 365 * DAY_MS),
    createdBy: opts.complianceUserId,
  });
  await em.flush();
  return { created: true };
}
