import { randomInt } from 'node:crypto';
import { newId } from '@/server/db/tenant-scope';
import { recordAudit } from '@/server/services/audit';
import { auditMeta } from '@/server/services/context-types';
import { answer as engineAnswer, currentTurn, debrief, EngineError, mapFreeText, startRun, tagFreeText } from '../engine/engine';
import { SimScenarioVersionSchema, SimSessionAnswerSchema, SimSessionSchema, type SimSession } from '../entities';
import { playView } from './runs';
import { scenarioOrThrow, versionOf } from './scenarios';
import { namesOf, notFound, simError, simSettings, type Ctx } from './shared';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

async function sessionOrThrow(ctx: Ctx, id: string): Promise<SimSession> {
  const s = await ctx.em.findOne(SimSessionSchema, { id });
  if (!s) throw notFound('session');
  return s;
}

async function contentOf(ctx: Ctx, versionId: string) {
  const v = await ctx.em.findOne(SimScenarioVersionSchema, { id: versionId });
  if (!v) throw notFound('scenario');
  return v.content;
}

/** Opens a live session on the published version; trainees join with the 6-character code. */
export async function createSession(ctx: Ctx, scenarioId: string) {
  const s = await scenarioOrThrow(ctx.em, scenarioId);
  if (s.archivedAt || s.publishedVersion === null) throw simError('SCENARIO_NOT_PUBLISHED', 'notPublished', {}, 'PRECONDITION_FAILED');
  const v = await versionOf(ctx.em, s.id, s.publishedVersion);
  let code = '';
  for (let i = 0; i < 10; i++) {
    code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (!(await ctx.em.findOne(SimSessionSchema, { code, status: 'open' }))) break;
  }
  const session = ctx.em.create(SimSessionSchema, { id: newId(), code, scenarioId: s.id, versionId: v.id, trainerId: ctx.session.user.id, status: 'open', state: startRun(v.content), closedAt: null });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.session.opened', entity: 'MeetingSimSession', entityId: session.id, changes: { scenarioId: s.id, code } });
  return { id: session.id, code };
}

export async function joinSession(ctx: Ctx, code: string) {
  const s = await ctx.em.findOne(SimSessionSchema, { code: code.trim().toUpperCase(), status: 'open' });
  if (!s) throw simError('SESSION_CODE_UNKNOWN', 'sessionCodeUnknown', {}, 'NOT_FOUND');
  return { id: s.id };
}

/** The trainee's phone view: the shared turn and their own answer to it. */
export async function sessionForTrainee(ctx: Ctx, id: string) {
  const s = await sessionOrThrow(ctx, id);
  const content = await contentOf(ctx, s.versionId);
  const stepIndex = s.state.steps.length;
  const mine = await ctx.em.findOne(SimSessionAnswerSchema, { sessionId: s.id, stepIndex, userId: ctx.session.user.id });
  return { id: s.id, code: s.code, status: s.status, stepIndex, myAnswer: mine ? { optionId: mine.optionId, freeText: mine.freeText } : null, ...playView(content, s.state) };
}

export async function answerSession(ctx: Ctx, id: string, input: { stepIndex: number; optionId?: string | null; freeText?: string | null }) {
  const s = await sessionOrThrow(ctx, id);
  if (s.status !== 'open') throw simError('SESSION_CLOSED', 'sessionClosed', {}, 'PRECONDITION_FAILED');
  if (input.stepIndex !== s.state.steps.length) throw simError('SESSION_MOVED_ON', 'sessionMovedOn', {}, 'CONFLICT');
  const content = await contentOf(ctx, s.versionId);
  const turn = currentTurn(content, s.state);
  if (!turn) throw simError('SESSION_CLOSED', 'sessionClosed', {}, 'PRECONDITION_FAILED');
  let tags: string[] = [];
  let optionId: string | null = null;
  const freeText = input.freeText?.trim() || null;
  if (input.optionId) {
    const o = turn.options.find((x) => x.id === input.optionId);
    if (!o) throw simError('ENGINE_UNKNOWNOPTION', 'engine.unknownOption');
    optionId = o.id;
    tags = o.tags;
  } else if (freeText && turn.allowFreeText) {
    const settings = await simSettings(ctx.em);
    const tagged = tagFreeText(freeText, settings.phraseRules);
    tags = tagged.tags;
    optionId = mapFreeText(turn, tagged.tags, content.rubric.blockers)?.id ?? null;
  } else throw simError('ENGINE_EMPTYANSWER', 'engine.emptyAnswer');
  const existing = await ctx.em.findOne(SimSessionAnswerSchema, { sessionId: s.id, stepIndex: input.stepIndex, userId: ctx.session.user.id });
  if (existing) {
    existing.optionId = optionId;
    existing.freeText = freeText;
    existing.tags = tags;
  } else {
    ctx.em.create(SimSessionAnswerSchema, { id: newId(), sessionId: s.id, stepIndex: input.stepIndex, turnId: turn.id, userId: ctx.session.user.id, optionId, freeText, tags, trainerScore: null });
  }
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.session.answered', entity: 'MeetingSimSession', entityId: s.id, changes: { stepIndex: input.stepIndex, optionId, tags } });
  return { ok: true };
}

async function trainerSession(ctx: Ctx, id: string) {
  const s = await sessionOrThrow(ctx, id);
  if (s.trainerId !== ctx.session.user.id) throw notFound('session');
  return s;
}

/** The presenter view: persona line, attitude map, and the group's answers as they arrive. */
export async function presenterView(ctx: Ctx, id: string) {
  const s = await trainerSession(ctx, id);
  const content = await contentOf(ctx, s.versionId);
  const answers = await ctx.em.find(SimSessionAnswerSchema, { sessionId: s.id }, { orderBy: { createdAt: 'asc' } });
  const names = await namesOf(ctx.em, answers.map((a) => a.userId));
  const stepIndex = s.state.steps.length;
  const turn = currentTurn(content, s.state);
  const current = answers.filter((a) => a.stepIndex === stepIndex);
  return {
    id: s.id,
    code: s.code,
    status: s.status,
    stepIndex,
    view: playView(content, s.state),
    tagsByOption: turn ? Object.fromEntries(turn.options.map((o) => [o.id, o.tags])) : {},
    counts: turn ? turn.options.map((o) => ({ optionId: o.id, count: current.filter((a) => a.optionId === o.id).length })) : [],
    answers: answers.map((a) => ({ id: a.id, stepIndex: a.stepIndex, turnId: a.turnId, userName: names.get(a.userId) ?? '—', optionId: a.optionId, freeText: a.freeText, tags: a.tags, trainerScore: a.trainerScore })),
    debrief: s.state.finished ? debrief(content, s.state) : null,
  };
}

/** The trainer plays the group's chosen answer: the shared conversation moves on. */
export async function advanceSession(ctx: Ctx, id: string, optionId: string) {
  const s = await trainerSession(ctx, id);
  if (s.status !== 'open') throw simError('SESSION_CLOSED', 'sessionClosed', {}, 'PRECONDITION_FAILED');
  const content = await contentOf(ctx, s.versionId);
  try {
    s.state = engineAnswer(content, s.state, { optionId });
  } catch (e) {
    if (e instanceof EngineError) throw simError(`ENGINE_${e.code.toUpperCase()}`, `engine.${e.code}`);
    throw e;
  }
  if (s.state.finished) {
    s.status = 'closed';
    s.closedAt = new Date();
  }
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.session.advanced', entity: 'MeetingSimSession', entityId: s.id, changes: { optionId, finished: s.state.finished } });
  return { finished: s.state.finished };
}

/** Hand score (0–4) for one trainee's answer. */
export async function scoreAnswer(ctx: Ctx, answerId: string, score: number) {
  const a = await ctx.em.findOne(SimSessionAnswerSchema, { id: answerId });
  if (!a) throw notFound('session');
  await trainerSession(ctx, a.sessionId);
  const before = a.trainerScore;
  a.trainerScore = score;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.session.scored', entity: 'MeetingSimSessionAnswer', entityId: a.id, changes: { from: before, to: score } });
}

export async function closeSession(ctx: Ctx, id: string) {
  const s = await trainerSession(ctx, id);
  if (s.status === 'closed') return;
  s.status = 'closed';
  s.closedAt = new Date();
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.session.closed', entity: 'MeetingSimSession', entityId: s.id, changes: {} });
}

export async function mySessions(ctx: Ctx) {
  const list = await ctx.em.find(SimSessionSchema, { trainerId: ctx.session.user.id }, { orderBy: { createdAt: 'desc' }, limit: 20 });
  return list.map((s) => ({ id: s.id, code: s.code, status: s.status, createdAt: s.createdAt, steps: s.state.steps.length }));
}
