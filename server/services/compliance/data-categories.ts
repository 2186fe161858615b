import type { LegalBasis } from '@/server/db/entities';
import type { DataCategory, LocalizedText } from '@/server/plugins/contract';

/**
 * The personal data core stores, declared once in the same shape as a plugin manifest's
 * `dataCategories`. The processing register, the retention job, the privacy settings page and the
 * DSR bundle's README all read this list: add a table that holds personal data → add it here.
 *
 * `retention` names the group whose tenant setting applies and what the retention job does at its
 * end. Groups marked `configurable: false` are kept by law or by design (consent proof, audit log,
 * impact assessments): the job never touches them.
 */
export interface RetentionGroup {
  key: string;
  label: LocalizedText;
  /** What the period counts from, shown next to the setting. */
  counts: LocalizedText;
  action: 'anonymise' | 'delete' | 'keep';
  defaultDays: number;
  /** A legal minimum the tenant cannot go below. */
  minDays: number;
  configurable: boolean;
  basis: LocalizedText;
}

export const RETENTION_GROUPS: RetentionGroup[] = [
  {
    key: 'customer_profile',
    label: { 'zh-CN': '客户档案（个人）', en: 'Customer profiles (people)' },
    counts: { 'zh-CN': '自最后一次互动、订单、同意记录或资料更新起', en: 'since the last interaction, order, consent event or profile change' },
    action: 'anonymise',
    defaultDays: 1825,
    minDays: 180,
    configurable: true,
    basis: { 'zh-CN': '个人信息保护法第十九条：保存期限为实现处理目的所必要的最短时间', en: 'PIPL art. 19: kept no longer than the purpose needs' },
  },
  {
    key: 'interaction_records',
    label: { 'zh-CN': '互动记录中的自由文本', en: 'Free text of interaction records' },
    counts: { 'zh-CN': '自互动发生起', en: 'since the interaction' },
    action: 'anonymise',
    defaultDays: 3650,
    minDays: 365,
    configurable: true,
    basis: { 'zh-CN': '合规审计需要保留拜访事实；备注等自由文本到期清除', en: 'Visits stay for compliance audits; notes are cleared when due' },
  },
  {
    key: 'tasks',
    label: { 'zh-CN': '已完成或取消的任务', en: 'Completed or cancelled tasks' },
    counts: { 'zh-CN': '自完成或取消起', en: 'since completion or cancellation' },
    action: 'delete',
    defaultDays: 730,
    minDays: 30,
    configurable: true,
    basis: { 'zh-CN': '工作安排，无长期保存必要', en: 'Work planning, no need to keep long' },
  },
  {
    key: 'orders',
    label: { 'zh-CN': '订单中的个人信息（收货地址、备注）', en: 'Personal data on orders (shipping address, remarks)' },
    counts: { 'zh-CN': '自下单起', en: 'since the order' },
    action: 'anonymise',
    defaultDays: 3650,
    minDays: 3650,
    configurable: true,
    basis: { 'zh-CN': '会计档案管理办法：原始凭证保存十年', en: 'Accounting archive rules: vouchers kept ten years' },
  },
  {
    key: 'service_requests',
    label: { 'zh-CN': '服务请求的描述与处理结果', en: 'Service request descriptions and resolutions' },
    counts: { 'zh-CN': '自关闭起', en: 'since closing' },
    action: 'anonymise',
    defaultDays: 1825,
    minDays: 365,
    configurable: true,
    basis: { 'zh-CN': '售后与质量追溯', en: 'After-sales and quality traceability' },
  },
  {
    key: 'outbound_messages',
    label: { 'zh-CN': '外发消息内容', en: 'Outbound message content' },
    counts: { 'zh-CN': '自排队发送起', en: 'since queued' },
    action: 'delete',
    defaultDays: 365,
    minDays: 30,
    configurable: true,
    basis: { 'zh-CN': '证明发送前已核对同意；过期删除', en: 'Proves consent was checked before sending; deleted when due' },
  },
  {
    key: 'dsr_bundles',
    label: { 'zh-CN': '个人信息副本文件（查阅/复制请求）', en: 'Access-request bundle files' },
    counts: { 'zh-CN': '自请求办结起', en: 'since the request was closed' },
    action: 'delete',
    defaultDays: 30,
    minDays: 7,
    configurable: true,
    basis: { 'zh-CN': '仅用于交付本人，交付后删除', en: 'Only for delivery to the person, deleted afterwards' },
  },
  {
    key: 'import_staging',
    label: { 'zh-CN': '导入暂存行', en: 'Import staging rows' },
    counts: { 'zh-CN': '自导入结束起', en: 'since the import finished' },
    action: 'delete',
    defaultDays: 90,
    minDays: 7,
    configurable: true,
    basis: { 'zh-CN': '仅供核对导入错误', en: 'Only for checking import errors' },
  },
  {
    key: 'consent_records',
    label: { 'zh-CN': '同意记录与凭证', en: 'Consent records and evidence' },
    counts: { 'zh-CN': '长期保存', en: 'kept' },
    action: 'keep',
    defaultDays: 0,
    minDays: 0,
    configurable: false,
    basis: { 'zh-CN': '证明取得同意的责任在处理者（个人信息保护法第十四条）', en: 'The handler must be able to prove consent (PIPL art. 14)' },
  },
  {
    key: 'compliance_records',
    label: { 'zh-CN': '合规记录（个人信息保护影响评估、出境记录、处理活动记录、权利请求）', en: 'Compliance records (PIPIA, transfers, register, rights requests)' },
    counts: { 'zh-CN': '至少三年', en: 'at least three years' },
    action: 'keep',
    defaultDays: 0,
    minDays: 1095,
    configurable: false,
    basis: { 'zh-CN': '个人信息保护法第五十六条：评估报告和处理情况记录至少保存三年', en: 'PIPL art. 56: assessments and processing records kept ≥ 3 years' },
  },
  {
    key: 'audit_log',
    label: { 'zh-CN': '审计日志', en: 'Audit log' },
    counts: { 'zh-CN': '长期保存（哈希链不可删改）', en: 'kept (hash chain, never edited)' },
    action: 'keep',
    defaultDays: 0,
    minDays: 0,
    configurable: false,
    basis: { 'zh-CN': '网络安全等级保护：日志留存不少于六个月；防篡改', en: 'Cybersecurity rules: logs kept ≥ 6 months, tamper-evident' },
  },
  {
    key: 'staff_accounts',
    label: { 'zh-CN': '员工账号', en: 'Staff accounts' },
    counts: { 'zh-CN': '在职期间；离职后停用并按公司制度保存', en: 'while employed; disabled on leaving, kept per company policy' },
    action: 'keep',
    defaultDays: 0,
    minDays: 0,
    configurable: false,
    basis: { 'zh-CN': '劳动关系管理与操作追溯（审计日志引用账号）', en: 'Employment and traceability (the audit log refers to accounts)' },
  },
  {
    key: 'staff_security',
    label: { 'zh-CN': '员工登录与会话记录', en: 'Staff sign-in and session records' },
    counts: { 'zh-CN': '90 天（系统任务）', en: '90 days (system job)' },
    action: 'delete',
    defaultDays: 90,
    minDays: 90,
    configurable: false,
    basis: { 'zh-CN': '账号安全（暴力破解防护）', en: 'Account security (brute-force protection)' },
  },
];

export function retentionGroup(key: string): RetentionGroup | undefined {
  return RETENTION_GROUPS.find((g) => g.key === key);
}

export interface CoreDataCategory extends DataCategory {
  retentionGroup: string;
  legalBasis: LegalBasis;
}

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
const CRM = t('客户关系管理：识别、分级和服务医疗机构与医务人员', 'Customer relationship management: identifying, tiering and serving institutions and HCPs');

/** Core's personal data, table by table. `retentionDays` is the group's default. */
export const CORE_DATA_CATEGORIES: CoreDataCategory[] = [
  { table: 'person', fields: ['name', 'gender', 'title', 'admin_role', 'specialty', 'mobile', 'email', 'wechat', 'birthday', 'id_number_enc', 'custom'], purpose: CRM, subject: 'person', sensitive: true, retentionDays: 1825, retentionGroup: 'customer_profile', legalBasis: 'consent' },
  { table: 'affiliation', fields: ['person_id', 'institution_id', 'department_id', 'position'], purpose: CRM, subject: 'person', sensitive: false, retentionDays: 1825, retentionGroup: 'customer_profile', legalBasis: 'consent' },
  { table: 'contact_point', fields: ['owner_id', 'kind', 'value'], purpose: t('联系医务人员', 'Contacting HCPs'), subject: 'person', sensitive: false, retentionDays: 1825, retentionGroup: 'customer_profile', legalBasis: 'consent' },
  { table: 'lifecycle_change', fields: ['subject_id', 'field', 'from_value', 'to_value', 'reason'], purpose: CRM, subject: 'person', sensitive: false, retentionDays: 1825, retentionGroup: 'customer_profile', legalBasis: 'consent' },
  { table: 'activity_participation', fields: ['subject_id', 'activity_id', 'effect_rating', 'notes'], purpose: t('市场活动参与记录', 'Marketing activity participation'), subject: 'person', sensitive: false, retentionDays: 1825, retentionGroup: 'customer_profile', legalBasis: 'consent' },
  { table: 'custom_requirement', fields: ['subject_id', 'kind', 'description'], purpose: t('客户定制需求', 'Customer requirements'), subject: 'person', sensitive: false, retentionDays: 1825, retentionGroup: 'customer_profile', legalBasis: 'contract' },
  { table: 'interaction', fields: ['notes', 'key_messages', 'next_step', 'outcome'], purpose: t('记录与医务人员的互动（拜访、电话、会议）', 'Recording interactions with HCPs (visits, calls, meetings)'), subject: 'person', sensitive: false, retentionDays: 3650, retentionGroup: 'interaction_records', legalBasis: 'consent' },
  { table: 'interaction_participant', fields: ['interaction_id', 'person_id', 'occurred_at'], purpose: t('互动参与人', 'Interaction participants'), subject: 'person', sensitive: false, retentionDays: 3650, retentionGroup: 'interaction_records', legalBasis: 'consent' },
  { table: 'task', fields: ['title', 'description', 'subject_id'], purpose: t('跟进任务', 'Follow-up tasks'), subject: 'person', sensitive: false, retentionDays: 730, retentionGroup: 'tasks', legalBasis: 'contract' },
  { table: 'purchase_order', fields: ['subject_id', 'shipping_address', 'invoice_no', 'remarks'], purpose: t('采购记录与开票', 'Purchases and invoicing'), subject: 'person', sensitive: false, retentionDays: 3650, retentionGroup: 'orders', legalBasis: 'contract' },
  { table: 'service_request', fields: ['subject_id', 'title', 'description', 'resolution'], purpose: t('售后与技术支持', 'After-sales and technical support'), subject: 'person', sensitive: false, retentionDays: 1825, retentionGroup: 'service_requests', legalBasis: 'contract' },
  { table: 'outbound_message', fields: ['person_id', 'channel', 'subject', 'body'], purpose: t('向医务人员发送信息（发送前核对同意）', 'Messages to HCPs (consent checked before sending)'), subject: 'person', sensitive: false, retentionDays: 365, retentionGroup: 'outbound_messages', legalBasis: 'consent' },
  { table: 'import_row', fields: ['data'], purpose: t('数据导入核对', 'Checking data imports'), subject: 'person', sensitive: false, retentionDays: 90, retentionGroup: 'import_staging', legalBasis: 'consent' },
  { table: 'consent_event', fields: ['person_id', 'purpose', 'channel', 'action', 'notice_version', 'capture_method', 'evidence_id', 'ip'], purpose: t('证明同意的取得与撤回', 'Proving consent and its withdrawal'), subject: 'person', sensitive: false, retentionDays: 0, retentionGroup: 'consent_records', legalBasis: 'legal_obligation' },
  { table: 'consent_evidence', fields: ['person_id', 'file_name', 'sha256'], purpose: t('同意凭证（签字表单等）', 'Consent evidence (signed forms…)'), subject: 'person', sensitive: false, retentionDays: 0, retentionGroup: 'consent_records', legalBasis: 'legal_obligation' },
  { table: 'dsr_request', fields: ['person_id', 'requester_name', 'requester_contact', 'details'], purpose: t('处理个人行使权利的请求', 'Handling data-subject requests'), subject: 'person', sensitive: false, retentionDays: 0, retentionGroup: 'compliance_records', legalBasis: 'legal_obligation' },
  { table: 'cross_border_transfer', fields: ['person_id', 'recipient', 'recipient_country', 'data_categories'], purpose: t('个人信息出境记录', 'Records of cross-border transfers'), subject: 'person', sensitive: false, retentionDays: 0, retentionGroup: 'compliance_records', legalBasis: 'legal_obligation' },
  { table: 'audit_entry', fields: ['actor_user_id', 'entity_id', 'changes', 'ip'], purpose: t('安全审计与防篡改记录', 'Security audit, tamper-evident'), subject: 'user', sensitive: false, retentionDays: 0, retentionGroup: 'audit_log', legalBasis: 'legal_obligation' },
  { table: 'app_user', fields: ['email', 'name'], purpose: t('员工账号', 'Staff accounts'), subject: 'user', sensitive: false, retentionDays: 0, retentionGroup: 'staff_accounts', legalBasis: 'contract' },
  { table: 'sign_in_attempt', fields: ['email', 'ip'], purpose: t('登录安全', 'Sign-in security'), subject: 'user', sensitive: false, retentionDays: 90, retentionGroup: 'staff_security', legalBasis: 'legal_obligation' },
  { table: 'rep_filing', fields: ['user_id', 'filing_number'], purpose: t('医药代表备案管理', 'Rep filing (医药代表备案)'), subject: 'user', sensitive: false, retentionDays: 0, retentionGroup: 'compliance_records', legalBasis: 'legal_obligation' },
];
