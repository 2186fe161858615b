/**
 * The simulation engine: pure, deterministic, explainable. No I/O, no clock, no randomness —
 * the same scenario and the same answers always give the same run and the same debrief, and
 * every number in the debrief points back at the answer that produced it.
 */
import type { Localized, Option, ScenarioContent, Tag, Turn } from './schema';
import { TAGS } from './schema';

export interface PhraseRule {
  tag: Tag;
  /** Phrases in any language; matched case-insensitively as substrings. */
  phrases: string[];
}

export interface Step {
  turnId: string;
  personaId: string;
  /** The option chosen, or for a free-text answer the option it was mapped to (null: none fitted). */
  optionId: string | null;
  freeText: string | null;
  tags: Tag[];
  /** For free text: which phrase produced which tag (shown in the debrief). */
  matched: { tag: Tag; phrase: string }[];
  attitudeDelta: Record<string, number>;
  revealed: string[];
  scores: Record<string, number>;
  seconds: number;
}

export interface RunState {
  turnId: string | null;
  attitudes: Record<string, number>;
  revealed: string[];
  steps: Step[];
  elapsedSeconds: number;
  finished: boolean;
  endReason: 'ended' | 'time_up' | null;
}

export class EngineError extends Error {
  constructor(readonly code: 'finished' | 'unknownOption' | 'emptyAnswer' | 'freeTextNotAllowed') {
    super(code);
  }
}

const clamp = (n: number) => Math.max(-2, Math.min(2, n));

export function startRun(s: ScenarioContent): RunState {
  return {
    turnId: s.startTurnId,
    attitudes: Object.fromEntries(s.personas.map((p) => [p.id, p.attitude])),
    revealed: [],
    steps: [],
    elapsedSeconds: 0,
    finished: false,
    endReason: null,
  };
}

export function currentTurn(s: ScenarioContent, state: RunState): Turn | null {
  return state.turnId ? (s.turns.find((t) => t.id === state.turnId) ?? null) : null;
}

/** Tags a free-text answer by the phrase rules: every rule with a phrase found in the text. */
export function tagFreeText(text: string, rules: PhraseRule[]): { tags: Tag[]; matched: { tag: Tag; phrase: string }[] } {
  const hay = text.toLowerCase();
  const matched: { tag: Tag; phrase: string }[] = [];
  for (const rule of rules) {
    if (!(TAGS as readonly string[]).includes(rule.tag)) continue;
    const phrase = rule.phrases.find((p) => p.trim() && hay.includes(p.trim().toLowerCase()));
    if (phrase && !matched.some((m) => m.tag === rule.tag)) matched.push({ tag: rule.tag, phrase: phrase.trim() });
  }
  return { tags: matched.map((m) => m.tag), matched };
}

/**
 * The option a free-text answer counts as: the one sharing most tags with it (first on a tie);
 * null when it shares none. Blocker tags count double, so a claim the script marks off-label is
 * never mistaken for a harmless answer.
 */
export function mapFreeText(turn: Turn, tags: Tag[], blockers: Tag[]): Option | null {
  let best: Option | null = null;
  let bestScore = 0;
  for (const o of turn.options) {
    const score = o.tags.reduce((a, t) => a + (tags.includes(t) ? (blockers.includes(t) ? 2 : 1) : 0), 0);
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

export type Answer = { optionId: string } | { freeText: string; rules: PhraseRule[] };

/** Applies one answer to the current turn; returns the new state (the input is not changed). */
export function answer(s: ScenarioContent, state: RunState, input: Answer): RunState {
  const turn = currentTurn(s, state);
  if (state.finished || !turn) throw new EngineError('finished');
  let option: Option | null;
  let tags: Tag[];
  let matched: { tag: Tag; phrase: string }[] = [];
  let freeText: string | null = null;
  if ('optionId' in input) {
    option = turn.options.find((o) => o.id === input.optionId) ?? null;
    if (!option) throw new EngineError('unknownOption');
    tags = [...option.tags];
  } else {
    if (!turn.allowFreeText) throw new EngineError('freeTextNotAllowed');
    freeText = input.freeText.trim();
    if (!freeText) throw new EngineError('emptyAnswer');
    ({ tags, matched } = tagFreeText(freeText, input.rules));
    option = mapFreeText(turn, tags, s.rubric.blockers);
  }
  const delta = option ? { ...option.attitude } : {};
  const attitudes = { ...state.attitudes };
  for (const [p, d] of Object.entries(delta)) if (p in attitudes) attitudes[p] = clamp(attitudes[p]! + d);
  const newlyRevealed = (option?.reveals ?? []).filter((c) => !state.revealed.includes(c));
  const seconds = option?.seconds ?? 60;
  const step: Step = {
    turnId: turn.id,
    personaId: turn.personaId,
    optionId: option?.id ?? null,
    freeText,
    tags,
    matched,
    attitudeDelta: delta,
    revealed: newlyRevealed,
    scores: option ? { ...option.scores } : {},
    seconds,
  };
  // A free-text answer that fits no option keeps the conversation going on the script's first branch.
  const next = option ? option.next : (turn.options[0]?.next ?? null);
  const elapsedSeconds = state.elapsedSeconds + seconds;
  const timeUp = next !== null && elapsedSeconds >= s.timeBoxMinutes * 60;
  return {
    turnId: next === null || timeUp ? null : next,
    attitudes,
    revealed: [...state.revealed, ...newlyRevealed],
    steps: [...state.steps, step],
    elapsedSeconds,
    finished: next === null || timeUp,
    endReason: next === null ? 'ended' : timeUp ? 'time_up' : null,
  };
}

export interface ScoreOverride {
  criterionId: string;
  /** 0…100. */
  score: number;
  comment: string;
  by: string;
  byName?: string;
  at: string;
}

export interface Debrief {
  gate: { passed: boolean; blockers: { turnId: string; stepIndex: number; tag: Tag; optionId: string | null; feedback: Localized | null; freeText: string | null }[] };
  criteria: {
    id: string;
    name: Localized;
    weight: number;
    /** Computed score 0…100 (average of the answers' 0–4 points × 25), or null when nothing scored it. */
    computed: number | null;
    /** The score that counts: the trainer's override when there is one. */
    score: number;
    override: ScoreOverride | null;
    evidence: { stepIndex: number; turnId: string; optionId: string | null; points: number; feedback: Localized | null }[];
  }[];
  total: number;
  passMark: number;
  passed: boolean;
  attitudesBefore: Record<string, number>;
  attitudesAfter: Record<string, number>;
  concerns: { personaId: string; id: string; text: Localized; found: boolean; stepIndex: number | null }[];
  timeline: (Step & { line: Localized; optionText: Localized | null; feedback: Localized | null })[];
  elapsedSeconds: number;
  endReason: RunState['endReason'];
}

/** The debrief of a run: gate, per-criterion scores with their evidence, attitudes, concerns. */
export function debrief(s: ScenarioContent, state: RunState, overrides: ScoreOverride[] = []): Debrief {
  const turns = new Map(s.turns.map((t) => [t.id, t]));
  const optionOf = (step: Step) => (step.optionId ? (turns.get(step.turnId)?.options.find((o) => o.id === step.optionId) ?? null) : null);
  const blockers: Debrief['gate']['blockers'] = [];
  state.steps.forEach((step, i) => {
    for (const tag of step.tags) {
      if (s.rubric.blockers.includes(tag)) blockers.push({ turnId: step.turnId, stepIndex: i, tag, optionId: step.optionId, feedback: optionOf(step)?.feedback ?? null, freeText: step.freeText });
    }
  });
  const criteria = s.rubric.criteria.map((c) => {
    const evidence = state.steps.flatMap((step, i) =>
      c.id in step.scores ? [{ stepIndex: i, turnId: step.turnId, optionId: step.optionId, points: step.scores[c.id]!, feedback: optionOf(step)?.feedback ?? null }] : [],
    );
    const computed = evidence.length ? Math.round((evidence.reduce((a, e) => a + e.points, 0) / evidence.length) * 25) : null;
    const override = [...overrides].reverse().find((o) => o.criterionId === c.id) ?? null;
    return { id: c.id, name: c.name, weight: c.weight, computed, score: override ? override.score : (computed ?? 0), override, evidence };
  });
  const weights = criteria.reduce((a, c) => a + c.weight, 0);
  const total = weights ? Math.round(criteria.reduce((a, c) => a + c.score * c.weight, 0) / weights) : 0;
  const concerns = s.personas.flatMap((p) =>
    p.hiddenConcerns.map((c) => {
      const idx = state.steps.findIndex((st) => st.revealed.includes(c.id));
      return { personaId: p.id, id: c.id, text: c.text, found: idx >= 0, stepIndex: idx >= 0 ? idx : null };
    }),
  );
  const gatePassed = blockers.length === 0;
  return {
    gate: { passed: gatePassed, blockers },
    criteria,
    total,
    passMark: s.rubric.passMark,
    passed: gatePassed && total >= s.rubric.passMark,
    attitudesBefore: Object.fromEntries(s.personas.map((p) => [p.id, p.attitude])),
    attitudesAfter: { ...state.attitudes },
    concerns,
    timeline: state.steps.map((step) => {
      const o = optionOf(step);
      return { ...step, line: turns.get(step.turnId)?.line ?? { 'zh-CN': '—', en: '—' }, optionText: o?.text ?? null, feedback: o?.feedback ?? null };
    }),
    elapsedSeconds: state.elapsedSeconds,
    endReason: state.endReason,
  };
}

/** Replays a list of answers from the start (used by tests and to check a stored run). */
export function replay(s: ScenarioContent, answers: Answer[]): RunState {
  return answers.reduce((st, a) => answer(s, st, a), startRun(s));
}
