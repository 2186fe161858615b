import { randomUUID } from 'node:crypto';
import { PersonSchema, ProductSchema, TerritoryMemberSchema, TerritorySchema } from '@/server/db/entities';
import type { PluginServer } from '@/server/plugins/contract';
import { openAdverseEvent } from './ae';
import { dueAtFor, slaStateFor } from './cases';
import { HOUR_MS, settingsOf } from './common';
import { FeedbackCaseSchema, FeedbackDeliverySchema, FeedbackDistributionSchema, FeedbackResponseSchema, FeedbackSurveySchema, type SurveyQuestion } from './entities';
import type { CaseKind, CaseStatus, Severity } from './settings';
import { sentimentScore, tagTopics } from './text';

const DAY = 24 * HOUR_MS;

const CASES: { kind: CaseKind; severity: Severity; status: CaseStatus; daysAgo: number; text: string; resolution?: string }[] = [
  { kind: 'complaint', severity: 'high', status: 'in_progress', daysAgo: 2, text: '药剂科反映本月第二次缺货，门诊患者只能去外院购药，主任对配送很不满。' },
  { kind: 'complaint', severity: 'medium', status: 'resolved', daysAgo: 12, text: '说明书字太小，老年患者看不清用法用量，希望提供大字版用药指导卡。', resolution: '已寄送大字版用药指导卡 200 份，并在下次拜访时当面确认。' },
  { kind: 'suggestion', severity: 'low', status: 'new', daysAgo: 1, text: '建议在科室会上增加真实世界研究数据的解读，尤其是老年合并肾功能不全患者。' },
  { kind: 'praise', severity: 'low', status: 'closed', daysAgo: 30, text: '主任表扬代表响应及时，文献资料很专业，对上次的学术会议很满意。', resolution: '已转达区域团队。' },
  { kind: 'inquiry', severity: 'medium', status: 'assigned', daysAgo: 3, text: '询问新规格（14 片装）何时进入医院目录，以及医保报销比例。' },
  { kind: 'complaint', severity: 'critical', status: 'new', daysAgo: 0.2, text: '王主任反映一位 60 岁女性患者服药第三天出现全身皮疹伴瘙痒，已停药并对症处理。' },
  { kind: 'complaint', severity: 'medium', status: 'closed', daysAgo: 45, text: '上次拜访预约时间临时变更，影响了科室查房安排，希望提前沟通。', resolution: '已与代表沟通，拜访须提前两天确认。' },
  { kind: 'suggestion', severity: 'low', status: 'in_progress', daysAgo: 6, text: '希望提供患者教育视频，方便在候诊区播放。' },
  { kind: 'inquiry', severity: 'low', status: 'resolved', daysAgo: 20, text: '咨询与二甲双胍联合使用时的剂量调整建议。', resolution: '已由医学部提供书面答复。' },
];

const COMMENTS = [
  '代表服务很专业，资料及时。',
  '学术会议内容很好，希望多组织。',
  '最近缺货比较多，影响患者用药。',
  '价格偏贵，医保报销后患者负担仍然较重。',
  '疗效确切，患者依从性好。',
  '拜访频率合适，沟通顺畅。',
  '希望提供更多真实世界研究文献。',
  '配送不及时，药房经常断货。',
  '',
  '',
];

const QUESTIONS: SurveyQuestion[] = [
  { id: 'nps', type: 'nps', required: true, text: { 'zh-CN': '您向同事推荐我们学术服务的可能性有多大？', en: 'How likely are you to recommend our medical service to a colleague?' } },
  {
    id: 'value',
    type: 'single',
    required: false,
    text: { 'zh-CN': '您认为我们最有价值的是哪一方面？', en: 'What do you value most?' },
    options: [
      { id: 'data', text: { 'zh-CN': '临床数据与文献', en: 'Clinical data and literature' } },
      { id: 'meeting', text: { 'zh-CN': '学术会议', en: 'Medical meetings' } },
      { id: 'service', text: { 'zh-CN': '代表服务', en: 'Rep service' } },
      { id: 'supply', text: { 'zh-CN': '供货保障', en: 'Reliable supply' } },
    ],
  },
  { id: 'csat', type: 'csat', required: false, text: { 'zh-CN': '您对代表拜访的总体满意度如何？', en: 'How satisfied are you with the rep visits overall?' } },
  { id: 'comment', type: 'text', required: false, text: { 'zh-CN': '其他意见或建议', en: 'Other comments or suggestions' } },
];

/** Demo data: cases (one adverse event), a published NPS survey with about 40 answers over six months. */
export const seedDemo: NonNullable<PluginServer['seedDemo']> = async ({ em, tenantId, users, anchor }) => {
  if ((await em.count(FeedbackSurveySchema, {})) > 0) return;
  const settings = await settingsOf(em);
  const repTerritories = await em.find(TerritoryMemberSchema, { userId: users.rep }, { fields: ['territoryId'] });
  const roots = await em.find(TerritorySchema, { id: { $in: repTerritories.map((t) => t.territoryId) } }, { fields: ['id', 'path'] });
  const below = roots.length ? await em.find(TerritorySchema, { $or: roots.map((r) => ({ path: { $like: `${r.path}%` } })) }, { fields: ['id'] }) : [];
  const territoryIds = [...new Set([...roots.map((r) => r.id), ...below.map((b) => b.id)])];
  const repPeople = await em.find(PersonSchema, { deletedAt: null, mergedIntoId: null, ...(territoryIds.length ? { territoryId: { $in: territoryIds } } : {}) }, { orderBy: { namePinyin: 'asc' }, limit: 40 });
  const people = await em.find(PersonSchema, { deletedAt: null, mergedIntoId: null, kind: 'hcp' }, { orderBy: { id: 'asc' }, limit: 120 });
  const products = await em.find(ProductSchema, { status: 'active' }, { orderBy: { name: 'asc' }, limit: 5 });
  if (!people.length) return;

  // Cases
  let n = 0;
  for (const [i, spec] of CASES.entries()) {
    const person = repPeople[i % Math.max(1, repPeople.length)] ?? people[i]!;
    const receivedAt = new Date(anchor.getTime() - spec.daysAgo * DAY);
    const dueAt = dueAtFor(settings, spec.kind, spec.severity, receivedAt);
    const owner = spec.status === 'new' ? null : i % 2 ? users.rep : users.manager;
    n += 1;
    const c = em.create(FeedbackCaseSchema, {
      number: `FB-${receivedAt.getUTCFullYear()}-${String(n).padStart(4, '0')}`,
      kind: spec.kind,
      channel: i % 3 === 0 ? 'visit' : i % 3 === 1 ? 'phone' : 'wechat',
      personId: person.id,
      institutionId: person.primaryInstitutionId,
      productId: products[i % Math.max(1, products.length)]?.id ?? null,
      severity: spec.severity,
      text: spec.text,
      status: spec.status,
      ownerId: owner,
      createdBy: users.rep,
      interactionId: null,
      receivedAt,
      dueAt,
      slaState: ['resolved', 'closed'].includes(spec.status) ? 'ok' : slaStateFor(settings, dueAt, anchor),
      topics: tagTopics(spec.text, settings),
      sentiment: sentimentScore(spec.text, settings),
      resolution: spec.resolution ?? null,
      resolvedAt: spec.resolution ? new Date(receivedAt.getTime() + 2 * DAY) : null,
      closedAt: spec.status === 'closed' ? new Date(receivedAt.getTime() + 3 * DAY) : null,
      createdAt: receivedAt,
      updatedAt: receivedAt,
    });
    await em.flush();
    if (spec.text.includes('皮疹')) {
      await openAdverseEvent(em, tenantId, {
        source: { owner: 'feedback', kind: 'case', id: c.id, label: c.number, href: `/m/feedback/cases/${c.id}` },
        caseId: c.id,
        reporterPersonId: person.id,
        institutionId: person.primaryInstitutionId,
        productId: c.productId,
        description: spec.text,
        awareAt: receivedAt,
        patient: { initials: null, age: 60, sex: 'female' },
        matchedTerms: ['皮疹', '瘙痒'],
        actorUserId: users.rep,
      });
    }
  }

  // A published NPS survey, sent monthly to A/B-tier HCPs, with about 40 answers.
  const survey = em.create(FeedbackSurveySchema, {
    familyId: randomUUID(),
    version: 1,
    title: { 'zh-CN': '2026 年学术服务满意度调研', en: '2026 medical service satisfaction survey' },
    intro: { 'zh-CN': '感谢您抽出一分钟时间，您的意见将帮助我们改进学术服务。', en: 'Thank you for taking a minute: your answers help us improve our medical service.' },
    status: 'published',
    questions: QUESTIONS,
    productId: products[0]?.id ?? null,
    publishedAt: new Date(anchor.getTime() - 185 * DAY),
    createdBy: users.manager,
  });
  await em.flush();
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  for (let m = 5; m >= 0; m--) {
    const sentAt = new Date(anchor.getTime() - (m * 30 + 3) * DAY);
    const distribution = em.create(FeedbackDistributionSchema, {
      surveyId: survey.id,
      channel: m % 2 ? 'wechat' : 'sms',
      segmentLabel: `A/B 级医生 · 第 ${6 - m} 轮`,
      viewId: null,
      contextKey: null,
      createdBy: users.manager,
      createdAt: sentAt,
    });
    await em.flush();
    const batch = people.slice(m * 9, m * 9 + 9);
    for (const [j, person] of batch.entries()) {
      const answered = j < 7 || random() < 0.3;
      const respondedAt = answered ? new Date(sentAt.getTime() + (1 + Math.floor(random() * 4)) * DAY) : null;
      const d = em.create(FeedbackDeliverySchema, {
        distributionId: distribution.id,
        surveyId: survey.id,
        personId: person.id,
        channel: distribution.channel,
        messageId: null,
        expiresAt: new Date(sentAt.getTime() + settings.surveyLinkDays * DAY),
        reminders: answered ? 0 : 1,
        lastSentAt: sentAt,
        respondedAt,
        createdAt: sentAt,
      });
      if (!respondedAt) continue;
      // Scores improve over the months (supply problems fixed), with some spread.
      const base = 6 + (5 - m) * 0.5;
      const score = Math.max(0, Math.min(10, Math.round(base + (random() - 0.4) * 5)));
      const comment = COMMENTS[Math.floor(random() * COMMENTS.length)]!;
      em.create(FeedbackResponseSchema, {
        deliveryId: d.id,
        surveyId: survey.id,
        familyId: survey.familyId,
        personId: person.id,
        answers: { nps: score, value: ['data', 'meeting', 'service', 'supply'][Math.floor(random() * 4)]!, csat: Math.max(1, Math.min(5, Math.round(score / 2))), comment },
        scoreKind: 'nps',
        score,
        channel: distribution.channel,
        productId: survey.productId,
        territoryId: person.territoryId,
        tier: person.tier,
        comment: comment || null,
        topics: comment ? tagTopics(comment, settings) : [],
        sentiment: comment ? sentimentScore(comment, settings) : 0,
        submittedAt: respondedAt,
      });
    }
    await em.flush();
  }
};
