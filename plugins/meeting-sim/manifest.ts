import { z } from 'zod';
import type { PluginManifest } from '@/server/plugins/contract';
import { DEFAULT_PHRASE_RULES } from './engine/phrases';
import { TAGS } from './engine/schema';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';

export const PLUGIN_ID = 'meeting-sim';
export const P = {
  play: `${PLUGIN_ID}.play`,
  train: `${PLUGIN_ID}.train`,
  coach: `${PLUGIN_ID}.coach`,
  privacy: `${PLUGIN_ID}.privacy`,
} as const;

export const settingsSchema = z.object({
  /** The cohort leaderboard; some companies prefer not to rank people. */
  leaderboardEnabled: z.boolean(),
  /** How long finished run recordings (answers, free text, scores) are kept, in days. */
  runRetentionDays: z.number().int().min(30).max(3650),
  /** Phrase rules that tag free-text answers (zh-CN and en phrases). */
  phraseRules: z
    .array(z.object({ tag: z.enum(TAGS), phrases: z.array(z.string().trim().min(1).max(60)).max(50) }))
    .max(30),
});
export type MeetingSimSettings = z.infer<typeof settingsSchema>;

export const manifest: PluginManifest<typeof settingsSchema> = {
  id: PLUGIN_ID,
  version: '1.0.0',
  name: { 'zh-CN': '科室会演练', en: 'Meeting simulations' },
  description: {
    'zh-CN': '培训师用模拟医生演练科室会和拜访：场景库、分支脚本、合规门槛与评分、复盘、作业和现场带教。',
    en: 'Trainers rehearse reps for department meetings and visits with simulated doctors: scenario library, branching scripts, compliance gate and rubric, debriefs, assignments and live sessions.',
  },
  dependencies: [{ id: 'dept-meetings', range: '^1.0.0' }],
  permissions: [
    { id: P.play, description: { 'zh-CN': '参加演练、查看自己的复盘', en: 'Play simulations and see own debriefs' }, defaultRoles: ['admin', 'manager', 'rep', 'trainer'] },
    { id: P.train, description: { 'zh-CN': '编辑场景、布置作业、带教与改分', en: 'Edit scenarios, assign, run live sessions, override scores' }, defaultRoles: ['admin', 'trainer'] },
    { id: P.coach, description: { 'zh-CN': '查看下属的演练进度与辅导记录', en: 'See direct reports’ progress and coaching notes' }, defaultRoles: ['admin', 'manager', 'trainer'] },
    { id: P.privacy, description: { 'zh-CN': '导出或删除学员的演练数据（个人信息权利请求）', en: 'Export or erase a trainee’s simulation data (rights requests)' }, defaultRoles: ['compliance'] },
  ],
  settings: {
    schema: settingsSchema,
    defaults: { leaderboardEnabled: true, runRetentionDays: 730, phraseRules: DEFAULT_PHRASE_RULES },
  },
  dataCategories: [
    {
      table: 'meeting_sim_run',
      fields: ['user_id', 'state', 'total', 'scores', 'overrides', 'trainee_comment'],
      purpose: { 'zh-CN': '学员演练记录与评分（培训与辅导）', en: 'Trainees’ simulation runs and scores (training and coaching)' },
      subject: 'user',
      sensitive: false,
      retentionDays: 730,
    },
    {
      table: 'meeting_sim_session_answer',
      fields: ['user_id', 'free_text', 'trainer_score'],
      purpose: { 'zh-CN': '现场带教中学员的回答', en: 'Trainees’ answers in live sessions' },
      subject: 'user',
      sensitive: false,
      retentionDays: 730,
    },
    {
      table: 'meeting_sim_coaching_note',
      fields: ['user_id', 'body'],
      purpose: { 'zh-CN': '对学员的辅导记录', en: 'Coaching notes about trainees' },
      subject: 'user',
      sensitive: false,
      retentionDays: 730,
    },
    {
      table: 'meeting_sim_scenario_version',
      fields: ['content.personas.name', 'content.personas.sourcePersonId', 'content.personas.objections'],
      purpose: { 'zh-CN': '依据真实科室会受邀医生生成的演练角色', en: 'Personas built from the HCPs invited to a real meeting' },
      subject: 'person',
      sensitive: false,
      retentionDays: 365,
    },
  ],
  messages: { 'zh-CN': zhCN, en },
};
