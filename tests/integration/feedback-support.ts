/** Helpers for the feedback plugin's tests: a typed view of its (runtime-mounted) router. */
import type { Caller } from '../support/db';

/* eslint-disable @typescript-eslint/no-explicit-any -- the plugin router is mounted at run time, untyped */
export type FeedbackApi = {
  cases: Record<'list' | 'get' | 'create' | 'transition' | 'assignees' | 'attach' | 'attachment', (input?: any) => Promise<any>>;
  ae: Record<'list' | 'get' | 'update' | 'close' | 'dismiss', (input?: any) => Promise<any>>;
  surveys: Record<'list' | 'get' | 'create' | 'update' | 'publish' | 'newVersion' | 'segments' | 'distribute' | 'distribution', (input?: any) => Promise<any>>;
  analysis: Record<'report' | 'csv' | 'trend', (input?: any) => Promise<any>>;
  public: Record<'survey' | 'submit', (input?: any) => Promise<any>>;
  settings: Record<'get' | 'update', (input?: any) => Promise<any>>;
};

export function feedbackApi(caller: Caller): FeedbackApi {
  return (caller.plugins as any).feedback as FeedbackApi;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export const NPS_SURVEY = {
  title: { 'zh-CN': '学术服务满意度调研', en: 'Medical service satisfaction' },
  intro: { 'zh-CN': '感谢您抽出一分钟时间。', en: 'Thank you for taking a minute.' },
  questions: [
    { id: 'nps', type: 'nps', text: { 'zh-CN': '您向同事推荐我们学术服务的可能性有多大？', en: 'How likely are you to recommend our medical service to a colleague?' }, required: true },
    {
      id: 'topic',
      type: 'single',
      text: { 'zh-CN': '您最看重哪一方面？', en: 'What matters most to you?' },
      required: false,
      options: [
        { id: 'data', text: { 'zh-CN': '临床数据', en: 'Clinical data' } },
        { id: 'service', text: { 'zh-CN': '代表服务', en: 'Rep service' } },
      ],
    },
    { id: 'comment', type: 'text', text: { 'zh-CN': '其他意见', en: 'Other comments' }, required: false },
  ],
};

/** The link's token, from the path /p/feedback/survey/<token>. */
export function tokenOf(link: string): string {
  return link.split('/').pop()!;
}
