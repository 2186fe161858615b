import type { PluginManifest } from '@/server/plugins/contract';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';
import { defaultSettings, settingsSchema } from './settings';

export const FEEDBACK_ID = 'feedback';

export const PERM = {
  read: `${FEEDBACK_ID}.read`,
  manage: `${FEEDBACK_ID}.manage`,
  aeReport: `${FEEDBACK_ID}.ae.report`,
  surveys: `${FEEDBACK_ID}.surveys.manage`,
} as const;

/**
 * Feedback: complaints, suggestions and praise from customers with a triage workflow and SLAs,
 * adverse-event routing (pharmacovigilance), satisfaction surveys (CSAT / NPS) and their analysis.
 */
export const manifest: PluginManifest<typeof settingsSchema> = {
  id: FEEDBACK_ID,
  version: '1.0.0',
  name: { 'zh-CN': '客户反馈', en: 'Customer feedback' },
  description: {
    'zh-CN': '投诉与建议的受理和跟进（时限管理）、不良事件上报转办、满意度调查（CSAT / NPS）与分析。',
    en: 'Complaints and suggestions with triage and SLAs, adverse-event routing, satisfaction surveys (CSAT / NPS) and their analysis.',
  },
  dependencies: [],
  permissions: [
    { id: PERM.read, description: { 'zh-CN': '记录并查看自己的反馈；查看满意度分析', en: 'Record and read own feedback; see satisfaction analysis' }, defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
    { id: PERM.manage, description: { 'zh-CN': '分派、处理和关闭所有反馈工单', en: 'Assign, handle and close every feedback case' }, defaultRoles: ['admin', 'manager', 'compliance'] },
    { id: PERM.aeReport, description: { 'zh-CN': '处理不良事件：补全信息、登记安全数据库编号、关闭或排除', en: 'Handle adverse events: complete, record the safety-database reference, close or dismiss' }, defaultRoles: ['admin', 'compliance'] },
    { id: PERM.surveys, description: { 'zh-CN': '设计、发布和发送满意度调查', en: 'Design, publish and send satisfaction surveys' }, defaultRoles: ['admin', 'manager'] },
  ],
  settings: { schema: settingsSchema, defaults: defaultSettings },
  dataCategories: [
    {
      table: 'feedback_case',
      fields: ['person_id', 'institution_id', 'text', 'resolution'],
      purpose: { 'zh-CN': '受理和处理客户的投诉、建议与咨询', en: 'Handling customers’ complaints, suggestions and inquiries' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 5,
    },
    {
      table: 'feedback_attachment',
      fields: ['file_name', 'storage_key'],
      purpose: { 'zh-CN': '反馈工单的附件（照片、单据）', en: 'Attachments of feedback cases (photos, documents)' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 5,
    },
    {
      table: 'feedback_adverse_event',
      fields: ['reporter_person_id', 'patient_initials', 'patient_age', 'patient_sex', 'description'],
      purpose: { 'zh-CN': '药物警戒：疑似不良事件的收集与上报（法定义务）', en: 'Pharmacovigilance: collecting and reporting suspected adverse events (legal obligation)' },
      subject: 'person',
      sensitive: true,
      retentionDays: 365 * 10,
    },
    {
      table: 'feedback_delivery',
      fields: ['person_id', 'channel'],
      purpose: { 'zh-CN': '向客户发送满意度调查', en: 'Sending satisfaction surveys to customers' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 2,
    },
    {
      table: 'feedback_response',
      fields: ['person_id', 'answers', 'score'],
      purpose: { 'zh-CN': '收集满意度调查答卷并做汇总分析', en: 'Collecting survey answers for aggregate analysis' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 3,
    },
  ],
  messages: { 'zh-CN': zhCN, en },
};
