import type { EntityManager } from '@mikro-orm/core';
import { recordAudit } from '@/server/services/audit';
import { auditMeta } from '@/server/services/context-types';
import { SimAssignmentSchema, SimCoachingNoteSchema, SimRunSchema, SimScenarioVersionSchema, SimSessionAnswerSchema } from '../entities';
import { isMember, notFound, type Ctx } from './shared';

/**
 * Personal data in this plugin has two kinds of subject:
 * - customer persons (HCPs): personas a "build from a real meeting" draft took from invited HCPs
 *   (core's PrivacyHooks, run by the compliance DSR flow);
 * - trainees (users): their runs, live answers, coaching notes and assignments. Core's hooks are per
 *   customer person, so these are exported / erased by this plugin's own procedures, for holders
 *   of `meeting-sim.privacy` (the compliance role).
 */
export async function exportPersonaData(em: EntityManager, personId: string) {
  const versions = await em.find(SimScenarioVersionSchema, {});
  const rows: Record<string, unknown>[] = [];
  for (const v of versions) {
    for (const p of v.content.personas) {
      if (p.sourcePersonId === personId) rows.push({ scenarioId: v.scenarioId, version: v.version, name: p.name['zh-CN'], title: p.title['zh-CN'], attitude: p.attitude, objections: p.objections.map((o) => o.text['zh-CN']) });
    }
  }
  return { meeting_sim_scenario_version: rows };
}

export async function erasePersonaData(em: EntityManager, personId: string) {
  const versions = await em.find(SimScenarioVersionSchema, {});
  let touched = 0;
  for (const v of versions) {
    if (!v.content.personas.some((p) => p.sourcePersonId === personId)) continue;
    v.content = {
      ...v.content,
      personas: v.content.personas.map((p, i) =>
        p.sourcePersonId === personId
          ? { ...p, name: { 'zh-CN': `受邀医生${i + 1}`, en: `Invited HCP ${i + 1}` }, objections: [], sourcePersonId: null, profile: { 'zh-CN': '（已删除）', en: '(erased)' } }
          : p,
      ),
    };
    touched++;
  }
  await em.flush();
  return { meeting_sim_scenario_version: touched };
}

export async function exportTraineeData(ctx: Ctx, userId: string) {
  if (!(await isMember(ctx.em, userId))) throw notFound('member');
  const [runs, answers, notes, assignments] = await Promise.all([
    ctx.em.find(SimRunSchema, { userId }),
    ctx.em.find(SimSessionAnswerSchema, { userId }),
    ctx.em.find(SimCoachingNoteSchema, { userId }),
    ctx.em.find(SimAssignmentSchema, { userId }),
  ]);
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.privacy.exported', entity: 'User', entityId: userId, changes: { runs: runs.length, answers: answers.length, notes: notes.length } });
  return {
    meeting_sim_run: runs.map((r) => ({ id: r.id, scenarioId: r.scenarioId, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, gatePassed: r.gatePassed, total: r.total, scores: r.scores, overrides: r.overrides, traineeComment: r.traineeComment, steps: r.state.steps })),
    meeting_sim_session_answer: answers.map((a) => ({ id: a.id, sessionId: a.sessionId, turnId: a.turnId, optionId: a.optionId, freeText: a.freeText, tags: a.tags, trainerScore: a.trainerScore, createdAt: a.createdAt })),
    meeting_sim_coaching_note: notes.map((n) => ({ id: n.id, body: n.body, runId: n.runId, createdAt: n.createdAt })),
    meeting_sim_assignment: assignments.map((a) => ({ id: a.id, scenarioId: a.scenarioId, dueAt: a.dueAt, completedAt: a.completedAt })),
  };
}

export async function eraseTraineeData(ctx: Ctx, userId: string) {
  const counts = {
    meeting_sim_run: await ctx.em.nativeDelete(SimRunSchema, { userId }),
    meeting_sim_session_answer: await ctx.em.nativeDelete(SimSessionAnswerSchema, { userId }),
    meeting_sim_coaching_note: await ctx.em.nativeDelete(SimCoachingNoteSchema, { userId }),
    meeting_sim_assignment: await ctx.em.nativeDelete(SimAssignmentSchema, { userId }),
  };
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.privacy.erased', entity: 'User', entityId: userId, changes: counts });
  return counts;
}

/** Retention: deletes run recordings and live answers older than the tenant's setting. */
export async function purgeOldRecordings(em: EntityManager, days: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return {
    runs: await em.nativeDelete(SimRunSchema, { $or: [{ finishedAt: { $lt: cutoff } }, { finishedAt: null, startedAt: { $lt: cutoff } }] }),
    answers: await em.nativeDelete(SimSessionAnswerSchema, { createdAt: { $lt: cutoff } }),
  };
}
