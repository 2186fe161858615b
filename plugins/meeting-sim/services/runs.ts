import type { EntityManager } from '@mikro-orm/core';
import { newId } from '@/server/db/tenant-scope';
import { recordAudit } from '@/server/services/audit';
import { auditMeta } from '@/server/services/context-types';
import { answer as engineAnswer, currentTurn, debrief, EngineError, startRun as engineStart, type Answer, type RunState, type ScoreOverride } from '../engine/engine';
import type { ScenarioContent } from '../engine/schema';
import { SimAssignmentSchema, SimRunSchema, SimScenarioVersionSchema, type SimRun } from '../entities';
import { PLUGIN_ID, P } from '../manifest';
import { managersOfSafe, notifyUsers } from './notify';
import { scenarioOrThrow, versionOf } from './scenarios';
import { isTrainer, namesOf, notFound, simError, simSettings, type Ctx } from './shared';

/** What a trainee sees while playing: visible profiles, the current line and the answers — no tags, scores or hidden concerns. */
export function playView(content: ScenarioContent, state: RunState) {
  const turn = currentTurn(content, state);
  return {
    title: content.title,
    summary: content.summary,
    type: content.type,
    product: content.product.name,
    department: content.department,
    hospitalTier: content.hospitalTier,
    timeBoxSeconds: content.timeBoxMinutes * 60,
    elapsedSeconds: state.elapsedSeconds,
    finished: state.finished,
    personas: content.personas.map((p) => ({ id: p.id, name: p.name, title: p.title, role: p.role, profile: p.profile, influence: p.influence, attitude: state.attitudes[p.id] ?? p.attitude, start: p.attitude })),
    revealedCount: state.revealed.length,
    stepNumber: state.steps.length + 1,
    turn: turn
      ? { id: turn.id, personaId: turn.personaId, line: turn.line, allowFreeText: turn.allowFreeText, options: turn.options.map((o) => ({ id: o.id, text: o.text })) }
      : null,
  };
}

async function runOrThrow(em: EntityManager, id: string): Promise<SimRun> {
  const run = await em.findOne(SimRunSchema, { id });
  if (!run) throw notFound('run');
  return run;
}

async function contentOf(em: EntityManager, versionId: string): Promise<ScenarioContent> {
  const v = await em.findOne(SimScenarioVersionSchema, { id: versionId });
  if (!v) throw notFound('scenario');
  return v.content;
}

/** Who may see a run: its trainee, trainers, and the trainee's managers (with the coach permission). */
async function mayView(ctx: Ctx, run: SimRun): Promise<boolean> {
  if (run.userId === ctx.session.user.id) return true;
  if (isTrainer(ctx)) return true;
  if (ctx.permissions.has(P.coach)) return (await managersOfSafe(ctx.em, run.userId)).includes(ctx.session.user.id);
  return false;
}

export async function startRun(ctx: Ctx, input: { scenarioId: string; assignmentId?: string | null }) {
  const s = await scenarioOrThrow(ctx.em, input.scenarioId);
  if (s.archivedAt || s.publishedVersion === null) throw simError('SCENARIO_NOT_PUBLISHED', 'notPublished', {}, 'PRECONDITION_FAILED');
  if (input.assignmentId) {
    const a = await ctx.em.findOne(SimAssignmentSchema, { id: input.assignmentId, userId: ctx.session.user.id, scenarioId: s.id });
    if (!a) throw notFound('assignment');
  }
  const v = await versionOf(ctx.em, s.id, s.publishedVersion);
  const run = ctx.em.create(SimRunSchema, {
    id: newId(),
    userId: ctx.session.user.id,
    scenarioId: s.id,
    versionId: v.id,
    assignmentId: input.assignmentId ?? null,
    status: 'in_progress',
    state: engineStart(v.content),
    gatePassed: null,
    total: null,
    passed: null,
    scores: null,
    overrides: [],
    traineeComment: null,
    acknowledgedAt: null,
    startedAt: new Date(),
    finishedAt: null,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.run.started', entity: 'MeetingSimRun', entityId: run.id, changes: { scenarioId: s.id, version: v.version } });
  return { id: run.id };
}

export async function runPlay(ctx: Ctx, runId: string) {
  const run = await runOrThrow(ctx.em, runId);
  if (run.userId !== ctx.session.user.id) throw notFound('run');
  const content = await contentOf(ctx.em, run.versionId);
  return { id: run.id, status: run.status, ...playView(content, run.state) };
}

function applyResult(run: SimRun, content: ScenarioContent) {
  const d = debrief(content, run.state, run.overrides);
  run.gatePassed = d.gate.passed;
  run.total = d.total;
  run.passed = d.passed;
  run.scores = Object.fromEntries(d.criteria.map((c) => [c.id, c.score]));
  return d;
}

export async function answerRun(ctx: Ctx, runId: string, input: { optionId: string } | { freeText: string }) {
  const run = await runOrThrow(ctx.em, runId);
  if (run.userId !== ctx.session.user.id) throw notFound('run');
  if (run.status === 'finished') throw simError('RUN_FINISHED', 'runFinished', {}, 'PRECONDITION_FAILED');
  const content = await contentOf(ctx.em, run.versionId);
  const settings = await simSettings(ctx.em);
  const a: Answer = 'optionId' in input ? { optionId: input.optionId } : { freeText: input.freeText, rules: settings.phraseRules };
  try {
    run.state = engineAnswer(content, run.state, a);
  } catch (e) {
    if (e instanceof EngineError) throw simError(`ENGINE_${e.code.toUpperCase()}`, `engine.${e.code}`);
    throw e;
  }
  if (run.state.finished) {
    run.status = 'finished';
    run.finishedAt = new Date();
    applyResult(run, content);
    if (run.assignmentId) {
      const assignment = await ctx.em.findOne(SimAssignmentSchema, { id: run.assignmentId });
      if (assignment && !assignment.completedRunId) {
        assignment.completedRunId = run.id;
        assignment.completedAt = run.finishedAt;
        await notifyUsers(ctx.em, {
          userIds: [assignment.assignedBy],
          messageKey: 'assignmentDone',
          values: { name: ctx.session.user.name ?? '', title: content.title['zh-CN'] },
          href: `/m/${PLUGIN_ID}/runs/${run.id}`,
          dedupeKey: `assignment-done:${assignment.id}`,
        });
      }
    }
  }
  await ctx.em.flush();
  const last = run.state.steps[run.state.steps.length - 1]!;
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.run.answered', entity: 'MeetingSimRun', entityId: run.id, changes: { turnId: last.turnId, optionId: last.optionId, tags: last.tags, finished: run.state.finished } });
  return { id: run.id, status: run.status, ...playView(content, run.state) };
}

/** The full debrief: timeline with evidence, gate, scores (with overrides), attitudes before/after, concerns. */
export async function runDebrief(ctx: Ctx, runId: string) {
  const run = await runOrThrow(ctx.em, runId);
  if (!(await mayView(ctx, run))) throw notFound('run');
  const content = await contentOf(ctx.em, run.versionId);
  const version = await ctx.em.findOne(SimScenarioVersionSchema, { id: run.versionId });
  const d = debrief(content, run.state, run.overrides);
  const names = await namesOf(ctx.em, [run.userId, ...run.overrides.map((o) => o.by)]);
  return {
    id: run.id,
    status: run.status,
    scenarioId: run.scenarioId,
    version: version?.version ?? null,
    trainee: { id: run.userId, name: names.get(run.userId) ?? '—' },
    isMine: run.userId === ctx.session.user.id,
    canOverride: isTrainer(ctx) && run.status === 'finished',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    acknowledgedAt: run.acknowledgedAt,
    traineeComment: run.traineeComment,
    title: content.title,
    personas: content.personas.map((p) => ({ id: p.id, name: p.name, title: p.title, influence: p.influence })),
    timeBoxSeconds: content.timeBoxMinutes * 60,
    blockerTags: content.rubric.blockers,
    debrief: { ...d, criteria: d.criteria.map((c) => ({ ...c, anchors: content.rubric.criteria.find((x) => x.id === c.id)!.anchors, override: c.override ? { ...c.override, byName: names.get(c.override.by) ?? '—' } : null })) },
  };
}

/** A trainer replaces one criterion's score, with a comment; audited, the trainee is notified. */
export async function overrideScore(ctx: Ctx, runId: string, input: { criterionId: string; score: number; comment: string }) {
  const run = await runOrThrow(ctx.em, runId);
  if (run.status !== 'finished') throw simError('RUN_NOT_FINISHED', 'runNotFinished', {}, 'PRECONDITION_FAILED');
  const content = await contentOf(ctx.em, run.versionId);
  if (!content.rubric.criteria.some((c) => c.id === input.criterionId)) throw simError('UNKNOWN_CRITERION', 'unknownCriterion', { criterion: input.criterionId });
  const before = run.scores?.[input.criterionId] ?? null;
  const o: ScoreOverride = { criterionId: input.criterionId, score: input.score, comment: input.comment, by: ctx.session.user.id, at: new Date().toISOString() };
  run.overrides = [...run.overrides, o];
  const totalBefore = run.total;
  applyResult(run, content);
  await ctx.em.flush();
  await recordAudit(ctx.em, {
    ...auditMeta(ctx),
    action: 'meeting-sim.run.score-overridden',
    entity: 'MeetingSimRun',
    entityId: run.id,
    changes: { criterionId: input.criterionId, from: before, to: input.score, comment: input.comment, totalFrom: totalBefore, totalTo: run.total },
  });
  await notifyUsers(ctx.em, { userIds: [run.userId], messageKey: 'scoreOverridden', values: { title: content.title['zh-CN'] }, href: `/m/${PLUGIN_ID}/runs/${run.id}`, dedupeKey: `override:${run.id}:${run.overrides.length}` });
  return { total: run.total, passed: run.passed };
}

/** The trainee acknowledges the debrief and may comment. */
export async function acknowledge(ctx: Ctx, runId: string, comment: string) {
  const run = await runOrThrow(ctx.em, runId);
  if (run.userId !== ctx.session.user.id) throw notFound('run');
  if (run.status !== 'finished') throw simError('RUN_NOT_FINISHED', 'runNotFinished', {}, 'PRECONDITION_FAILED');
  run.acknowledgedAt = new Date();
  run.traineeComment = comment || null;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.run.acknowledged', entity: 'MeetingSimRun', entityId: run.id, changes: { comment: comment || null } });
}

/** Runs of one trainee (own, or for trainers / their managers), newest first. */
export async function listRuns(ctx: Ctx, userId: string | null) {
  const target = userId ?? ctx.session.user.id;
  if (target !== ctx.session.user.id && !isTrainer(ctx)) {
    if (!ctx.permissions.has(P.coach) || !(await managersOfSafe(ctx.em, target)).includes(ctx.session.user.id)) throw notFound('member');
  }
  const runs = await ctx.em.find(SimRunSchema, { userId: target }, { orderBy: { startedAt: 'desc' }, limit: 100 });
  const versions = await ctx.em.find(SimScenarioVersionSchema, { id: { $in: [...new Set(runs.map((r) => r.versionId))] } });
  const byId = new Map(versions.map((v) => [v.id, v]));
  return runs.map((r) => ({
    id: r.id,
    scenarioId: r.scenarioId,
    title: byId.get(r.versionId)?.content.title ?? null,
    version: byId.get(r.versionId)?.version ?? null,
    status: r.status,
    gatePassed: r.gatePassed,
    total: r.total,
    passed: r.passed,
    overridden: r.overrides.length > 0,
    acknowledged: Boolean(r.acknowledgedAt),
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  }));
}
