import type { PhraseRule } from './engine';

/**
 * Default phrase rules for tagging free-text answers (a tenant edits them in the module settings).
 * Deliberately simple and visible: the debrief shows which phrase produced which tag.
 */
export const DEFAULT_PHRASE_RULES: PhraseRule[] = [
  { tag: 'off_label_claim', phrases: ['不会低血糖', '没有低血糖', '完全不会', '绝对安全', '同类最好', '没有副作用', 'no hypoglycaemia', 'no hypoglycemia', 'no side effects', 'best in class', 'completely safe'] },
  { tag: 'inducement', phrases: ['讲课费', '返现', '回扣', '红包', '好处费', '送给您', 'speaker fee', 'cash back', 'kickback', 'a gift for you'] },
  { tag: 'promised_formulary_access', phrases: ['搞定', '包进院', '保证进院', '药事会那边我们', 'handle the committee', 'guarantee the listing', 'get it listed for you'] },
  { tag: 'probed', phrases: ['请教', '您觉得', '方便说说', '能说说', '遇到过', '哪类患者', 'what do you', 'how do you', 'tell me about', 'could you share'] },
  { tag: 'acknowledged', phrases: ['理解', '您说得对', '谢谢您分享', '确实', '您提醒得对', 'i understand', 'you are right', 'thank you for sharing', 'fair point'] },
  { tag: 'cited_evidence', phrases: ['说明书', '研究显示', '文献', '指南', 'iii期', 'the label', 'the study', 'trial', 'guideline'] },
  { tag: 'next_step', phrases: ['下一步', '预约', '两周内', '一周内', '下次', 'next step', 'follow up', 'book a time'] },
  { tag: 'disparaged_competitor', phrases: ['过时', '不如我们', 'outdated', 'worse than ours'] },
];
