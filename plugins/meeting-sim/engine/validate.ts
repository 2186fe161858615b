import type { ZodError } from 'zod';
import { scenarioContent, type ScenarioContent } from './schema';

/**
 * One problem found in a scenario. `code` names a message `plugins.meeting-sim.validation.<code>`;
 * `values` fill it (the turn, option, persona or criterion concerned) so the editor can say where.
 */
export interface ScenarioProblem {
  code: string;
  values: Record<string, string | number>;
  /** Where in the JSON, e.g. turns.3.options.1.next. */
  path: string;
}

export type ParseResult = { ok: true; content: ScenarioContent; problems: [] } | { ok: false; content: null; problems: ScenarioProblem[] };

function fromZod(error: ZodError): ScenarioProblem[] {
  return error.issues.slice(0, 50).map((issue) => ({
    code: 'shape',
    values: { path: issue.path.join('.') || '—', detail: issue.message },
    path: issue.path.join('.'),
  }));
}

/** Parses untrusted JSON (editor, import) and runs the graph checks. */
export function parseScenario(input: unknown): ParseResult {
  const parsed = scenarioContent.safeParse(input);
  if (!parsed.success) return { ok: false, content: null, problems: fromZod(parsed.error) };
  const problems = checkScenario(parsed.data);
  return problems.length ? { ok: false, content: null, problems } : { ok: true, content: parsed.data, problems: [] };
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const i of ids) (seen.has(i) ? dup : seen).add(i);
  return [...dup];
}

/**
 * The checks the schema cannot express: references between parts, turns no path reaches
 * (unreachable), turns from which no path reaches an ending (dead ends: a loop with no way out),
 * answers with no score, criteria nothing scores.
 */
export function checkScenario(s: ScenarioContent): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const turnIds = new Set(s.turns.map((t) => t.id));
  const personaIds = new Set(s.personas.map((p) => p.id));
  const concernIds = new Set(s.personas.flatMap((p) => p.hiddenConcerns.map((c) => c.id)));
  const criterionIds = new Set(s.rubric.criteria.map((c) => c.id));
  const blockers = new Set(s.rubric.blockers);

  for (const d of duplicates(s.turns.map((t) => t.id))) out.push({ code: 'duplicateTurn', values: { turn: d }, path: 'turns' });
  for (const d of duplicates(s.personas.map((p) => p.id))) out.push({ code: 'duplicatePersona', values: { persona: d }, path: 'personas' });
  for (const d of duplicates(s.rubric.criteria.map((c) => c.id))) out.push({ code: 'duplicateCriterion', values: { criterion: d }, path: 'rubric.criteria' });
  for (const d of duplicates([...s.personas.flatMap((p) => p.hiddenConcerns.map((c) => c.id))])) out.push({ code: 'duplicateConcern', values: { concern: d }, path: 'personas' });
  if (!turnIds.has(s.startTurnId)) out.push({ code: 'missingStart', values: { turn: s.startTurnId }, path: 'startTurnId' });
  if (s.rubric.criteria.reduce((a, c) => a + c.weight, 0) <= 0) out.push({ code: 'noWeight', values: {}, path: 'rubric.criteria' });

  const scored = new Set<string>();
  s.turns.forEach((t, ti) => {
    if (!personaIds.has(t.personaId)) out.push({ code: 'unknownPersona', values: { turn: t.id, persona: t.personaId }, path: `turns.${ti}.personaId` });
    for (const d of duplicates(t.options.map((o) => o.id))) out.push({ code: 'duplicateOption', values: { turn: t.id, option: d }, path: `turns.${ti}.options` });
    t.options.forEach((o, oi) => {
      const at = `turns.${ti}.options.${oi}`;
      if (o.next !== null && !turnIds.has(o.next)) out.push({ code: 'unknownNext', values: { turn: t.id, option: o.id, next: o.next }, path: `${at}.next` });
      for (const p of Object.keys(o.attitude)) if (!personaIds.has(p)) out.push({ code: 'unknownPersonaDelta', values: { turn: t.id, option: o.id, persona: p }, path: `${at}.attitude` });
      for (const c of o.reveals) if (!concernIds.has(c)) out.push({ code: 'unknownConcern', values: { turn: t.id, option: o.id, concern: c }, path: `${at}.reveals` });
      for (const c of Object.keys(o.scores)) {
        if (!criterionIds.has(c)) out.push({ code: 'unknownCriterion', values: { turn: t.id, option: o.id, criterion: c }, path: `${at}.scores` });
        else scored.add(c);
      }
      const isBlocker = o.tags.some((tag) => blockers.has(tag));
      if (!Object.keys(o.scores).length && !isBlocker) out.push({ code: 'missingScores', values: { turn: t.id, option: o.id }, path: `${at}.scores` });
    });
  });
  for (const c of s.rubric.criteria) if (!scored.has(c.id)) out.push({ code: 'criterionUnscored', values: { criterion: c.id }, path: 'rubric.criteria' });

  // Reachability from the start turn.
  const byId = new Map(s.turns.map((t) => [t.id, t]));
  const reached = new Set<string>();
  const queue = turnIds.has(s.startTurnId) ? [s.startTurnId] : [];
  while (queue.length) {
    const cur = queue.shift()!;
    if (reached.has(cur)) continue;
    reached.add(cur);
    for (const o of byId.get(cur)!.options) if (o.next && byId.has(o.next) && !reached.has(o.next)) queue.push(o.next);
  }
  if (turnIds.has(s.startTurnId)) {
    s.turns.forEach((t, ti) => {
      if (!reached.has(t.id)) out.push({ code: 'unreachableTurn', values: { turn: t.id }, path: `turns.${ti}` });
    });
  }

  // Turns that can reach an ending (an answer with next = null), by fixed point.
  const ends = new Set(s.turns.filter((t) => t.options.some((o) => o.next === null)).map((t) => t.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of s.turns) {
      if (ends.has(t.id)) continue;
      if (t.options.some((o) => o.next && ends.has(o.next))) {
        ends.add(t.id);
        grew = true;
      }
    }
  }
  s.turns.forEach((t, ti) => {
    if (reached.has(t.id) && !ends.has(t.id)) out.push({ code: 'deadEnd', values: { turn: t.id }, path: `turns.${ti}` });
  });
  return out;
}
