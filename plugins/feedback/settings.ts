import { z } from 'zod';

/** Code lists of the feedback module (free of ORM imports: client components use them too). */
export const CASE_KINDS = ['complaint', 'suggestion', 'praise', 'inquiry'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CASE_CHANNELS = ['visit', 'phone', 'email', 'wechat', 'meeting', 'hotline', 'other'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const CASE_STATUSES = ['new', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const SLA_STATES = ['ok', 'at_risk', 'breached'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const AE_STATUSES = ['open', 'closed', 'dismissed'] as const;
export type AeStatus = (typeof AE_STATUSES)[number];
export const SEXES = ['male', 'female', 'unknown'] as const;
export const QUESTION_TYPES = ['nps', 'csat', 'single', 'multiple', 'rating', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const SURVEY_STATUSES = ['draft', 'published', 'archived'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

const term = z.string().trim().min(1).max(40);
const terms = z.array(term).max(200);
const localizedTerms = z.object({ 'zh-CN': terms, en: terms });
const hours = z.number().int().min(1).max(24 * 90);
const bySeverity = z.object({ low: hours, medium: hours, high: hours, critical: hours });

export const settingsSchema = z.object({
  /** Hours to resolve a case, per kind and severity. */
  slaHours: z.object({ complaint: bySeverity, suggestion: bySeverity, praise: bySeverity, inquiry: bySeverity }),
  /** A case is "about to breach" when fewer than this many hours remain. */
  slaWarnHours: z.number().int().min(1).max(72),
  /** Words that mark a suspected adverse event, per language (tenant-editable). */
  aeKeywords: localizedTerms,
  /** Escalate an open adverse event when fewer than this many of its 24 hours remain. */
  aeEscalateHours: z.number().int().min(1).max(23),
  /** Topics for keyword tagging of free text. */
  topics: z
    .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), label: z.object({ 'zh-CN': z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(40) }), keywords: terms }))
    .max(50),
  /** Lexicon sentiment: each positive word +1, each negative word −1. */
  sentiment: z.object({ positive: terms, negative: terms }),
  /** Survey links stay valid this many days. */
  surveyLinkDays: z.number().int().min(1).max(90),
  /** Remind unanswered survey recipients after this many days, at most `surveyMaxReminders` times. */
  surveyReminderDays: z.number().int().min(1).max(30),
  surveyMaxReminders: z.number().int().min(0).max(5),
});
export type FeedbackSettings = z.infer<typeof settingsSchema>;

const sla = (low: number, medium: number, high: number, critical: number) => ({ low, medium, high, critical });

export const defaultSettings: FeedbackSettings = {
  slaHours: { complaint: sla(120, 72, 24, 8), suggestion: sla(240, 168, 72, 48), praise: sla(240, 240, 168, 72), inquiry: sla(72, 48, 24, 8) },
  slaWarnHours: 8,
  aeKeywords: {
    'zh-CN': ['不良反应', '不良事件', '副作用', '过敏', '皮疹', '红疹', '瘙痒', '头晕', '眩晕', '恶心', '呕吐', '腹泻', '肝损伤', '心悸', '呼吸困难', '休克', '住院'],
    en: ['adverse event', 'adverse reaction', 'side effect', 'rash', 'dizziness', 'dizzy', 'allergy', 'allergic', 'nausea', 'vomiting', 'anaphylaxis', 'hospitalised', 'hospitalized'],
  },
  aeEscalateHours: 6,
  topics: [
    { key: 'efficacy', label: { 'zh-CN': '疗效', en: 'Efficacy' }, keywords: ['疗效', '效果', '控制', '达标', 'efficacy', 'effective', 'works'] },
    { key: 'safety', label: { 'zh-CN': '安全性', en: 'Safety' }, keywords: ['安全', '不良反应', '副作用', 'safety', 'side effect'] },
    { key: 'price', label: { 'zh-CN': '价格与医保', en: 'Price & reimbursement' }, keywords: ['价格', '贵', '医保', '报销', '集采', 'price', 'expensive', 'reimburse'] },
    { key: 'supply', label: { 'zh-CN': '供货', en: 'Supply' }, keywords: ['缺货', '断货', '供货', '配送', '到货', 'supply', 'shortage', 'delivery'] },
    { key: 'service', label: { 'zh-CN': '服务', en: 'Service' }, keywords: ['服务', '代表', '拜访', '响应', '态度', 'service', 'rep', 'response'] },
    { key: 'packaging', label: { 'zh-CN': '包装与说明书', en: 'Packaging & label' }, keywords: ['包装', '说明书', '规格', '剂型', 'packaging', 'label', 'leaflet'] },
    { key: 'education', label: { 'zh-CN': '学术活动', en: 'Medical education' }, keywords: ['会议', '培训', '讲座', '资料', '文献', 'meeting', 'training', 'literature'] },
  ],
  sentiment: {
    positive: ['满意', '很好', '好用', '方便', '及时', '专业', '感谢', '认可', '推荐', '有效', '满意度高', 'good', 'great', 'helpful', 'satisfied', 'excellent', 'thanks', 'useful'],
    negative: ['不满', '投诉', '太慢', '缺货', '断货', '太贵', '失望', '差', '问题', '不及时', '不专业', '麻烦', 'bad', 'slow', 'poor', 'disappointed', 'complaint', 'problem', 'expensive'],
  },
  surveyLinkDays: 14,
  surveyReminderDays: 3,
  surveyMaxReminders: 2,
};

/** Stored settings over the defaults, parsed (a stored value that no longer parses falls back to the default). */
export function parseSettings(raw: Record<string, unknown>): FeedbackSettings {
  const parsed = settingsSchema.safeParse({ ...defaultSettings, ...raw });
  return parsed.success ? parsed.data : defaultSettings;
}
