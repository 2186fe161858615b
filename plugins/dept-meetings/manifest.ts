import { z } from 'zod';
import type { PluginManifest } from '@/server/plugins/contract';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';

export const PLUGIN_ID = 'dept-meetings';

const settings = z.object({});

export const manifest: PluginManifest<typeof settings> = {
  id: PLUGIN_ID,
  version: '1.0.0',
  name: { 'zh-CN': '科室会', en: 'Department meetings' },
  description: {
    'zh-CN': '科室会全流程：计划、审批、邀约、扫码签到、证据、结案、随访与合规规则、利益转移台账。',
    en: 'The department meeting workflow: plan, approvals, invitations, QR sign-in, evidence, close-out, follow-up, compliance rules and transfer-of-value ledger.',
  },
  dependencies: [],
  permissions: [],
  settings: { schema: settings, defaults: {} },
  dataCategories: [],
  messages: { 'zh-CN': zhCN, en },
};
