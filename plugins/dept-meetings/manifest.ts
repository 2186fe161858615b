import { z } from 'zod';
import type { PluginManifest } from '@/server/plugins/contract';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';

export const PLUGIN_ID = 'dept-meetings';

const severity = z.enum(['hard', 'soft']);
const rule = z.object({ enabled: z.boolean(), severity });

/** The compliance rules a company may tune. Amounts in RMB (yuan). */
export const rulesSchema = z.object({
  mealCap: rule.extend({ amount: z.number().min(0).max(100000) }),
  budgetOverrun: rule.extend({ percent: z.number().min(0).max(1000) }),
  attendanceCap: rule.extend({ count: z.number().int().min(1).max(100), days: z.number().int().min(1).max(3650) }),
  speakerFee: rule.extend({ maxPerMeeting: z.number().min(0).max(1000000), annualCap: z.number().min(0).max(10000000) }),
  venueNotClinical: rule.extend({ keywords: z.array(z.string().trim().min(1).max(30)).max(50) }),
  approvedMaterial: rule,
  hospitalApproval: rule,
  repFiling: rule,
  requiredAttachments: rule.extend({ minPhotos: z.number().int().min(0).max(20), invoice: z.boolean() }),
});
export type Rules = z.infer<typeof rulesSchema>;
export type RuleId = keyof Rules;

export const settingsSchema = z.object({
  rules: rulesSchema,
  signinOpensMinutesBefore: z.number().int().min(0).max(1440),
  signinClosesMinutesAfter: z.number().int().min(0).max(1440),
  followUpOffsetDays: z.number().int().min(0).max(90),
  scenicKeywords: z.array(z.string().trim().min(1).max(30)).max(50),
  /** Attendance above RSVPs × this factor is flagged. */
  attendanceOverRsvpFactor: z.number().min(1).max(20),
  /** Actual spend per head above this (RMB) is flagged as lavish. */
  lavishPerHead: z.number().min(0).max(100000),
});
export type MeetingSettings = z.infer<typeof settingsSchema>;

export const defaultSettings: MeetingSettings = {
  rules: {
    mealCap: { enabled: true, severity: 'hard', amount: 300 },
    budgetOverrun: { enabled: true, severity: 'soft', percent: 10 },
    attendanceCap: { enabled: true, severity: 'soft', count: 3, days: 90 },
    speakerFee: { enabled: true, severity: 'hard', maxPerMeeting: 3000, annualCap: 50000 },
    venueNotClinical: { enabled: true, severity: 'hard', keywords: ['病房', '门诊', '诊室', '手术室', '护士站', 'ICU', '急诊', '治疗室'] },
    approvedMaterial: { enabled: true, severity: 'hard' },
    hospitalApproval: { enabled: true, severity: 'hard' },
    repFiling: { enabled: true, severity: 'hard' },
    requiredAttachments: { enabled: true, severity: 'hard', minPhotos: 3, invoice: true },
  },
  signinOpensMinutesBefore: 30,
  signinClosesMinutesAfter: 120,
  followUpOffsetDays: 7,
  scenicKeywords: ['度假村', '景区', '风景区', '温泉', '高尔夫', '山庄', '海滨', '游轮', '会所'],
  attendanceOverRsvpFactor: 1.5,
  lavishPerHead: 250,
};

const all = ['admin', 'manager', 'rep', 'trainer', 'compliance'] as const;

export const manifest: PluginManifest<typeof settingsSchema> = {
  id: PLUGIN_ID,
  version: '1.0.0',
  name: { 'zh-CN': '科室会', en: 'Department meetings' },
  description: {
    'zh-CN': '科室会全流程：计划、审批、邀约、扫码签到、证据、结案、随访，合规规则、虚假会议识别与利益转移台账。',
    en: 'The department meeting workflow: plan, approvals, invitations, QR sign-in, evidence, close-out and follow-up, with compliance rules, fake-meeting detection and a transfer-of-value ledger.',
  },
  dependencies: [],
  permissions: [
    { id: `${PLUGIN_ID}.read`, description: { 'zh-CN': '查看科室会', en: 'View department meetings' }, defaultRoles: all },
    { id: `${PLUGIN_ID}.plan`, description: { 'zh-CN': '计划和执行科室会', en: 'Plan and run department meetings' }, defaultRoles: ['admin', 'manager', 'rep'] },
    { id: `${PLUGIN_ID}.approve.manager`, description: { 'zh-CN': '经理审批科室会', en: 'Approve meetings as manager' }, defaultRoles: ['admin', 'manager'] },
    { id: `${PLUGIN_ID}.approve.compliance`, description: { 'zh-CN': '合规审批科室会', en: 'Approve meetings as compliance' }, defaultRoles: ['admin', 'compliance'] },
    { id: `${PLUGIN_ID}.audit`, description: { 'zh-CN': '稽核科室会并处理风险标记', en: 'Audit meetings and resolve flags' }, defaultRoles: ['admin', 'compliance'] },
    { id: `${PLUGIN_ID}.settings`, description: { 'zh-CN': '维护科室会合规规则', en: 'Edit meeting compliance rules' }, defaultRoles: ['admin', 'compliance'] },
  ],
  settings: { schema: settingsSchema, defaults: defaultSettings },
  dataCategories: [
    {
      table: 'dept_meetings_signin',
      fields: ['name', 'department', 'mobile_last4', 'signature', 'latitude', 'longitude', 'signed_at'],
      purpose: { 'zh-CN': '科室会签到凭证（签名、时间、位置）', en: 'Meeting sign-in evidence (signature, time, place)' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 5,
    },
    {
      table: 'dept_meetings_invitee',
      fields: ['person_id', 'attitude', 'rsvp', 'attitude_after', 'evaluation_note'],
      purpose: { 'zh-CN': '科室会邀约与会后评估', en: 'Meeting invitations and evaluation' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 5,
    },
    {
      table: 'dept_meetings_transfer',
      fields: ['person_id', 'kind', 'amount', 'occurred_on'],
      purpose: { 'zh-CN': '医疗卫生专业人士利益转移披露', en: 'Transfer-of-value disclosure per HCP' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 10,
    },
  ],
  messages: { 'zh-CN': zhCN, en },
};
