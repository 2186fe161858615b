import { describe, expect, it } from 'vitest';
import { LIBRARY, endocrinology } from '../library';
import { answer, debrief, replay, startRun, tagFreeText } from './engine';
import { DEFAULT_PHRASE_RULES } from './phrases';
import type { ScenarioContent } from './schema';
import { parseScenario } from './validate';

const clone = (s: ScenarioContent): ScenarioContent => JSON.parse(JSON.stringify(s)) as ScenarioContent;

describe('library', () => {
  it.each(LIBRARY.map((l) => [l.key, l.content] as const))('%s is a valid, complete scenario', (_key, content) => {
    const res = parseScenario(content);
    expect(res.problems).toEqual([]);
    expect(res.ok).toBe(true);
  });
});

describe('engine', () => {
  it('the "no hypoglycaemia" claim fails the compliance gate whatever the score', () => {
    const run = replay(endocrinology, [{ optionId: 't1_probe' }, { optionId: 't2_no_hypo' }, { optionId: 't3_probe' }, { optionId: 't4_process' }, { optionId: 't5_next' }]);
    expect(run.finished).toBe(true);
    const d = debrief(endocrinology, run);
    expect(d.gate.passed).toBe(false);
    expect(d.gate.blockers).toEqual([expect.objectContaining({ turnId: 't2', tag: 'off_label_claim', optionId: 't2_no_hypo' })]);
    expect(d.gate.blockers[0]!.feedback?.['zh-CN']).toContain('超说明书');
    expect(d.total).toBeGreaterThan(d.passMark); // a good score elsewhere does not save it
    expect(d.passed).toBe(false);
    expect(d.attitudesAfter.li).toBe(-2);
  });

  it('probing 李副主任 raises his attitude and reveals his hidden concern', () => {
    let run = startRun(endocrinology);
    expect(run.attitudes.li).toBe(-1);
    run = answer(endocrinology, run, { optionId: 't1_probe' });
    run = answer(endocrinology, run, { optionId: 't2_probe' });
    expect(run.attitudes.li).toBe(0);
    expect(run.revealed).toEqual(['hypo_history']);
    expect(run.turnId).toBe('t2b');
    run = answer(endocrinology, run, { optionId: 't2b_ack' });
    expect(run.attitudes.li).toBe(1);
    run = replay(endocrinology, [{ optionId: 't1_probe' }, { optionId: 't2_probe' }, { optionId: 't2b_ack' }, { optionId: 't3_probe' }, { optionId: 't4_process' }, { optionId: 't5_next' }]);
    const d = debrief(endocrinology, run);
    expect(d.gate.passed).toBe(true);
    expect(d.passed).toBe(true);
    expect(d.attitudesBefore).toEqual({ wang: 0, li: -1, zhao: 1 });
    expect(d.attitudesAfter).toEqual({ wang: 2, li: 1, zhao: 1 });
    expect(d.concerns.filter((c) => c.found).map((c) => c.id)).toEqual(['drg_cost', 'hypo_history', 'wants_speaker']);
    const needs = d.criteria.find((c) => c.id === 'needs_discovery')!;
    expect(needs.computed).toBe(100);
    expect(needs.evidence.map((e) => e.turnId)).toEqual(['t1', 't2', 't3']);
  });

  it('is deterministic: the same answers give the same debrief', () => {
    const answers = [{ optionId: 't1_evidence' }, { optionId: 't2_label' }, { optionId: 't3_ignore' }, { optionId: 't4_fee' }, { optionId: 't5_vague' }];
    expect(debrief(endocrinology, replay(endocrinology, answers))).toEqual(debrief(endocrinology, replay(endocrinology, answers)));
  });

  it('tags a free-text answer by phrase rules and maps it to the matching option', () => {
    expect(tagFreeText('放心，X完全不会低血糖', DEFAULT_PHRASE_RULES).tags).toEqual(['off_label_claim']);
    let run = answer(endocrinology, startRun(endocrinology), { optionId: 't1_probe' });
    run = answer(endocrinology, run, { freeText: '李主任，您是不是遇到过这样的病例？方便说说吗', rules: DEFAULT_PHRASE_RULES });
    const step = run.steps[1]!;
    expect(step.tags).toEqual(['probed']);
    expect(step.matched).toEqual([{ tag: 'probed', phrase: '方便说说' }]);
    expect(step.optionId).toBe('t2_probe');
    expect(run.revealed).toContain('hypo_history');
    const off = answer(endocrinology, answer(endocrinology, startRun(endocrinology), { optionId: 't1_probe' }), { freeText: 'No hypoglycaemia with X, I promise.', rules: DEFAULT_PHRASE_RULES });
    expect(debrief(endocrinology, off).gate.passed).toBe(false);
  });

  it('trainer overrides replace the computed score and are kept with their comment', () => {
    const run = replay(endocrinology, [{ optionId: 't1_probe' }, { optionId: 't2_label' }, { optionId: 't3_probe' }, { optionId: 't4_process' }, { optionId: 't5_vague' }]);
    const before = debrief(endocrinology, run);
    const after = debrief(endocrinology, run, [{ criterionId: 'closing', score: 75, comment: '收尾其实不错', by: 'u1', at: '2026-01-01T00:00:00Z' }]);
    expect(before.criteria.find((c) => c.id === 'closing')!.score).toBe(25);
    expect(after.criteria.find((c) => c.id === 'closing')).toMatchObject({ computed: 25, score: 75, override: { comment: '收尾其实不错' } });
    expect(after.total).toBeGreaterThan(before.total);
  });

  it('ends the run when the time box runs out', () => {
    const s = clone(endocrinology);
    s.timeBoxMinutes = 1;
    const run = replay(s, [{ optionId: 't1_evidence' }]);
    expect(run).toMatchObject({ finished: true, endReason: 'time_up', turnId: null });
  });
});

describe('validation', () => {
  it('names an unreachable turn', () => {
    const s = clone(endocrinology);
    s.turns.push({ ...clone(endocrinology).turns[4]!, id: 'orphan' });
    const res = parseScenario(s);
    expect(res.ok).toBe(false);
    expect(res.problems).toContainEqual(expect.objectContaining({ code: 'unreachableTurn', values: { turn: 'orphan' } }));
  });

  it('finds dead ends (a loop with no way out), unknown targets and answers without scores', () => {
    const s = clone(endocrinology);
    const t5 = s.turns.find((t) => t.id === 't5')!;
    for (const o of t5.options) o.next = 't4';
    s.turns.find((t) => t.id === 't4')!.options[1]!.scores = {};
    s.turns[0]!.options[0]!.next = 'nowhere';
    const codes = parseScenario(s).problems.map((p) => `${p.code}:${p.values.turn ?? ''}`);
    expect(codes).toContain('deadEnd:t5');
    expect(codes).toContain('deadEnd:t4');
    expect(codes).toContain('missingScores:t4');
    expect(codes).toContain('unknownNext:t1');
  });

  it('reports shape errors instead of throwing on junk', () => {
    expect(parseScenario({ format: 'x' }).ok).toBe(false);
    expect(parseScenario(null).problems[0]!.code).toBe('shape');
  });
});
