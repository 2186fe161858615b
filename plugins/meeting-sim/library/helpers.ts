import type { Criterion, Localized, Option, Tag } from '../engine/schema';

export const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

export function opt(
  id: string,
  text: Localized,
  o: { tags?: Tag[]; attitude?: Record<string, number>; next: string | null; reveals?: string[]; scores?: Record<string, number>; feedback: Localized; seconds?: number },
): Option {
  return { id, text, tags: o.tags ?? [], attitude: o.attitude ?? {}, next: o.next, reveals: o.reveals ?? [], scores: o.scores ?? {}, feedback: o.feedback, seconds: o.seconds ?? 60 };
}

/** The five criteria of DOMAIN.md §4 with their default weights (trainers may change them). */
export function standardCriteria(weights: Partial<Record<string, number>> = {}): Criterion[] {
  return [
    {
      id: 'clinical_accuracy',
      name: L('临床准确性', 'Clinical accuracy'),
      weight: weights.clinical_accuracy ?? 25,
      anchors: {
        low: L('说法超出说明书或数据错误', 'Claims beyond the label or wrong data'),
        mid: L('说法正确但未引用证据', 'Correct but without citing evidence'),
        high: L('严格依据说明书和已批准资料，引用具体证据', 'Strictly on label and approved material, citing specific evidence'),
      },
    },
    {
      id: 'needs_discovery',
      name: L('需求探询', 'Needs discovery'),
      weight: weights.needs_discovery ?? 20,
      anchors: {
        low: L('直接推介，不提问', 'Pitches without asking'),
        mid: L('有提问但停留在表面', 'Asks, but only on the surface'),
        high: L('开放式提问，发现隐藏顾虑', 'Open questions that uncover hidden concerns'),
      },
    },
    {
      id: 'objection_handling',
      name: L('异议处理', 'Objection handling'),
      weight: weights.objection_handling ?? 25,
      anchors: {
        low: L('回避或否定异议', 'Dodges or dismisses the objection'),
        mid: L('回应异议但未确认对方是否接受', 'Answers without checking it landed'),
        high: L('先认同、再澄清、用证据回应并确认', 'Acknowledges, clarifies, answers with evidence, checks'),
      },
    },
    {
      id: 'stakeholders',
      name: L('决策者与影响者的处理', 'Decision maker vs influencers'),
      weight: weights.stakeholders ?? 15,
      anchors: {
        low: L('只与最友好的人交流', 'Talks only to the friendliest person'),
        mid: L('照顾到决策者，但忽略影响者', 'Addresses the decision maker, misses influencers'),
        high: L('区分决策者与影响者，各有针对地回应', 'Tells decision maker from influencers and answers each'),
      },
    },
    {
      id: 'closing',
      name: L('收尾与下一步', 'Close and next step'),
      weight: weights.closing ?? 15,
      anchors: {
        low: L('没有下一步，或施压要求承诺', 'No next step, or pressure for commitment'),
        mid: L('有笼统的跟进', 'A vague follow-up'),
        high: L('具体、合规、双方认可的下一步', 'A specific, compliant next step both sides accept'),
      },
    },
  ];
}

export const STANDARD_COMPETENCIES = ['clinical_accuracy', 'needs_discovery', 'objection_handling', 'stakeholders', 'closing'];
