import { z } from 'zod';
import type { PluginManifest } from '@/server/plugins/contract';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';

export const FIXTURE_ID = 'fixture-notes';

const settings = z.object({
  /** Shown above the notes list. */
  banner: z.string().trim().max(120),
  maxNotesOnDashboard: z.number().int().min(1).max(20),
});

/**
 * The fixture plugin that proves the host: a tiny "notes" module with a table, a router, a page,
 * a dashboard widget, a customer tab, jobs, an event handler and privacy hooks. It lives under
 * tests/ and loads only where RAPPORT_FIXTURE_PLUGINS=1.
 */
export const manifest: PluginManifest<typeof settings> = {
  id: FIXTURE_ID,
  version: '1.0.0',
  name: { 'zh-CN': '示例笔记', en: 'Sample notes' },
  description: {
    'zh-CN': '用于验证模块机制的示例模块：团队笔记、工作台小组件和后台任务。',
    en: 'A sample module that proves the plugin host: team notes, a dashboard widget and background jobs.',
  },
  dependencies: [],
  permissions: [
    { id: `${FIXTURE_ID}.read`, description: { 'zh-CN': '查看笔记', en: 'Read notes' }, defaultRoles: ['admin', 'manager', 'rep', 'trainer', 'compliance'] },
    { id: `${FIXTURE_ID}.write`, description: { 'zh-CN': '撰写笔记', en: 'Write notes' }, defaultRoles: ['admin', 'manager', 'rep'] },
  ],
  settings: { schema: settings, defaults: { banner: '', maxNotesOnDashboard: 5 } },
  dataCategories: [
    {
      table: 'fixture_notes_note',
      fields: ['subject_id', 'body'],
      purpose: { 'zh-CN': '记录与客户相关的团队笔记', en: 'Team notes about customers' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365 * 3,
    },
  ],
  messages: { 'zh-CN': zhCN, en },
};
