import { TenantPluginSchema } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { recordAudit } from '@/server/services/audit';
import { auditMeta } from '@/server/services/context-types';
import { SimAssignmentSchema, SimCoachingNoteSchema, SimCohortSchema, SimRunSchema, SimScenarioSchema, SimScenarioVersionSchema } from '../entities';
import { PLUGIN_ID, P, type MeetingSimSettings } from '../manifest';
import { managersOfSafe, notifyUsers } from './notify';
import { scenarioOrThrow } from './scenarios';
import { isMember, isTrainer, membersWithRoles, namesOf, notFound, simError, simSettings, type Ctx } from './shared';

export function trainees(ctx: Ctx) {
  return membersWithRoles(ctx.em, ['rep', 'manager']);
}

export async function listCohorts(ctx: Ctx) {
  const cohorts = await ctx.em.find(SimCohortSchema, {}, { orderBy: { name: 'asc' } });
  const names = await namesOf(ctx.em, cohorts.flatMap((c) => c.memberIds));
  return cohorts.map((c) => ({ id: c.id, name: c.name, members: c.memberIds.map((id) => ({ id, name: names.get(id) ?? '—' })) }));
}

export async function saveCohort(ctx: Ctx, input: { id?: string | null; name: string; memberIds: string[] }) {
  const memberIds = [...new Set(input.memberIds)];
  for (const id of memberIds) if (!(await isMember(ctx.em, id))) throw notFound('member');
  let cohort = input.id ? await ctx.em.findOne(SimCohortSchema, { id: input.id }) : null;
  if (input.id && !cohort) throw notFound('cohort');
  if (cohort) {
    cohort.name = input.name;
    cohort.memberIds = memberIds;
  } else cohort = ctx.em.create(SimCohortSchema, { id: newId(), name: input.name, memberIds, createdBy: ctx.session.user.id });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.cohort.saved', entity: 'MeetingSimCohort', entityId: cohort.id, changes: { name: input.name, members: memberIds.length } });
  return { id: cohort.id };
}

/** Assigns a published scenario to members and/or a cohort (one row per trainee); each is notified. */
export async function assign(ctx: Ctx, input: { scenarioId: string; userIds: string[]; cohortId?: string | null; dueAt?: Date | null; note?: string | null }) {
  const s = await scenarioOrThrow(ctx.em, input.scenarioId);
  if (s.archivedAt || s.publishedVersion === null) throw simError('SCENARIO_NOT_PUBLISHED', 'notPublished', {}, 'PRECONDITION_FAILED');
  const targets = new Map<string, string | null>();
  for (const id of input.userIds) targets.set(id, null);
  if (input.cohortId) {
    const cohort = await ctx.em.findOne(SimCohortSchema, { id: input.cohortId });
    if (!cohort) throw notFound('cohort');
    for (const id of cohort.memberIds) targets.set(id, cohort.id);
  }
  if (!targets.size) throw simError('NO_ASSIGNEES', 'noAssignees');
  for (const id of targets.keys()) if (!(await isMember(ctx.em, id))) throw notFound('member');
  if (input.dueAt && input.dueAt.getTime() < Date.now() - 86_400_000) throw simError('DUE_IN_PAST', 'dueInPast', {}, 'BAD_REQUEST', { dueAt: { key: `plugins.${PLUGIN_ID}.errors.dueInPast` } });
  const ids: string[] = [];
  for (const [userId, cohortId] of targets) {
    const a = ctx.em.create(SimAssignmentSchema, { id: newId(), scenarioId: s.id, userId, cohortId, dueAt: input.dueAt ?? null, note: input.note ?? null, assignedBy: ctx.session.user.id, completedRunId: null, completedAt: null });
    ids.push(a.id);
  }
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.assignment.created', entity: 'MeetingSimScenario', entityId: s.id, changes: { assignees: [...targets.keys()], cohortId: input.cohortId ?? null, dueAt: input.dueAt ?? null } });
  for (const [userId] of targets) {
    await notifyUsers(ctx.em, { userIds: [userId], messageKey: 'assigned', values: { title: s.title['zh-CN'] }, href: `/m/${PLUGIN_ID}`, dedupeKey: `assigned:${ids[0]}:${userId}` });
  }
  return { created: ids.length };
}

/** Assignments: the member's own, or (trainers) everyone's. */
export async function listAssignments(ctx: Ctx, scope: 'mine' | 'all') {
  if (scope === 'all' && !isTrainer(ctx)) throw simError('FORBIDDEN', 'forbidden', {}, 'FORBIDDEN');
  const rows = await ctx.em.find(SimAssignmentSchema, scope === 'mine' ? { userId: ctx.session.user.id } : {}, { orderBy: { createdAt: 'desc' }, limit: 300 });
  const scenarios = await ctx.em.find(SimScenarioSchema, { id: { $in: [...new Set(rows.map((r) => r.scenarioId))] } });
  const titles = new Map(scenarios.map((s) => [s.id, s.title]));
  const runs = await ctx.em.find(SimRunSchema, { id: { $in: rows.flatMap((r) => (r.completedRunId ? [r.completedRunId] : [])) } });
  const runById = new Map(runs.map((r) => [r.id, r]));
  const names = await namesOf(ctx.em, rows.flatMap((r) => [r.userId, r.assignedBy]));
  const now = Date.now();
  return rows.map((r) => {
    const run = r.completedRunId ? runById.get(r.completedRunId) : undefined;
    return {
      id: r.id,
      scenarioId: r.scenarioId,
      title: titles.get(r.scenarioId) ?? null,
      userId: r.userId,
      userName: names.get(r.userId) ?? '—',
      assignedBy: names.get(r.assignedBy) ?? '—',
      dueAt: r.dueAt,
      note: r.note,
      completedAt: r.completedAt,
      runId: r.completedRunId,
      total: run?.total ?? null,
      passed: run?.passed ?? null,
      overdue: !r.completedAt && r.dueAt !== null && r.dueAt.getTime() < now,
    };
  });
}

/** Progress per trainee and per competency over time (finished runs, oldest first). */
export async function progress(ctx: Ctx, input: { userId?: string | null; cohortId?: string | null }) {
  let userIds: string[];
  if (input.userId) userIds = [input.userId];
  else if (input.cohortId) {
    const cohort = await ctx.em.findOne(SimCohortSchema, { id: input.cohortId });
    if (!cohort) throw notFound('cohort');
    userIds = cohort.memberIds;
  } else userIds = (await trainees(ctx)).map((t) => t.id);
  if (!isTrainer(ctx)) {
    const me = ctx.session.user.id;
    const allowed: string[] = [];
    for (const id of userIds) if (id === me || (ctx.permissions.has(P.coach) && (await managersOfSafe(ctx.em, id)).includes(me))) allowed.push(id);
    userIds = allowed;
  }
  const runs = await ctx.em.find(SimRunSchema, { userId: { $in: userIds }, status: 'finished' }, { orderBy: { finishedAt: 'asc' } });
  const versions = await ctx.em.find(SimScenarioVersionSchema, { id: { $in: [...new Set(runs.map((r) => r.versionId))] } });
  const criterionNames = new Map<string, { 'zh-CN': string; en: string }>();
  for (const v of versions) for (const c of v.content.rubric.criteria) if (!criterionNames.has(c.id)) criterionNames.set(c.id, c.name);
  const names = await namesOf(ctx.em, userIds);
  const assignments = await ctx.em.find(SimAssignmentSchema, { userId: { $in: userIds } });
  return {
    competencies: [...criterionNames.entries()].map(([id, name]) => ({ id, name })),
    people: userIds
      .map((id) => {
        const mine = runs.filter((r) => r.userId === id);
        const byCompetency: Record<string, number[]> = {};
        for (const r of mine) for (const [c, score] of Object.entries(r.scores ?? {})) (byCompetency[c] ??= []).push(score);
        const mineAssignments = assignments.filter((a) => a.userId === id);
        return {
          userId: id,
          name: names.get(id) ?? '—',
          runs: mine.length,
          gateFailures: mine.filter((r) => r.gatePassed === false).length,
          best: mine.reduce<number | null>((b, r) => (r.total !== null && r.gatePassed && (b === null || r.total > b) ? r.total : b), null),
          last: mine.at(-1)?.total ?? null,
          assignmentsOpen: mineAssignments.filter((a) => !a.completedAt).length,
          assignmentsDone: mineAssignments.filter((a) => a.completedAt).length,
          timeline: mine.map((r) => ({ runId: r.id, at: r.finishedAt, total: r.total, gatePassed: r.gatePassed })),
          competencies: Object.fromEntries(Object.entries(byCompetency).map(([c, list]) => [c, { first: list[0]!, last: list.at(-1)!, average: Math.round(list.reduce((a, b) => a + b, 0) / list.length), series: list }])),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}

/**
 * Cohort leaderboard: each member's best score among runs that passed the compliance gate.
 * Off when the tenant turned it off.
 */
export async function leaderboard(ctx: Ctx, cohortId: string | null) {
  const settings = await simSettings(ctx.em);
  if (!settings.leaderboardEnabled) return { enabled: false, rows: [] };
  let memberIds: string[];
  if (cohortId) {
    const cohort = await ctx.em.findOne(SimCohortSchema, { id: cohortId });
    if (!cohort) throw notFound('cohort');
    memberIds = cohort.memberIds;
  } else {
    const mine = (await ctx.em.find(SimCohortSchema, {})).filter((c) => c.memberIds.includes(ctx.session.user.id));
    memberIds = mine.length ? [...new Set(mine.flatMap((c) => c.memberIds))] : (await trainees(ctx)).map((t) => t.id);
  }
  const runs = await ctx.em.find(SimRunSchema, { userId: { $in: memberIds }, status: 'finished', gatePassed: true });
  const names = await namesOf(ctx.em, memberIds);
  const rows = memberIds
    .map((id) => {
      const list = runs.filter((r) => r.userId === id);
      return { userId: id, name: names.get(id) ?? '—', best: list.reduce<number | null>((b, r) => (r.total !== null && (b === null || r.total > b) ? r.total : b), null), runs: list.length };
    })
    .sort((a, b) => (b.best ?? -1) - (a.best ?? -1) || a.name.localeCompare(b.name, 'zh-CN'));
  return { enabled: true, rows: rows.map((r, i) => ({ ...r, rank: i + 1 })) };
}

async function mayReadNotes(ctx: Ctx, userId: string): Promise<boolean> {
  if (userId === ctx.session.user.id || isTrainer(ctx)) return true;
  return ctx.permissions.has(P.coach) && (await managersOfSafe(ctx.em, userId)).includes(ctx.session.user.id);
}

/** Coaching notes about a trainee: the trainee, trainers and the trainee's managers read them. */
export async function coachingNotes(ctx: Ctx, userId: string) {
  if (!(await mayReadNotes(ctx, userId))) throw notFound('member');
  const notes = await ctx.em.find(SimCoachingNoteSchema, { userId }, { orderBy: { createdAt: 'desc' }, limit: 100 });
  const names = await namesOf(ctx.em, notes.map((n) => n.authorId));
  return notes.map((n) => ({ id: n.id, body: n.body, runId: n.runId, author: names.get(n.authorId) ?? '—', createdAt: n.createdAt }));
}

export async function addCoachingNote(ctx: Ctx, input: { userId: string; body: string; runId?: string | null }) {
  if (input.userId === ctx.session.user.id || !(await isMember(ctx.em, input.userId)) || !(await mayReadNotes(ctx, input.userId))) throw notFound('member');
  if (input.runId && !(await ctx.em.findOne(SimRunSchema, { id: input.runId, userId: input.userId }))) throw notFound('run');
  const note = ctx.em.create(SimCoachingNoteSchema, { id: newId(), userId: input.userId, authorId: ctx.session.user.id, runId: input.runId ?? null, body: input.body });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.coaching-note.created', entity: 'MeetingSimCoachingNote', entityId: note.id, changes: { userId: input.userId, runId: input.runId ?? null } });
  const managers = await managersOfSafe(ctx.em, input.userId);
  await notifyUsers(ctx.em, { userIds: [input.userId, ...managers].filter((id) => id !== ctx.session.user.id), messageKey: 'coachingNote', values: { author: ctx.session.user.name }, href: `/m/${PLUGIN_ID}/people/${input.userId}`, dedupeKey: `note:${note.id}` });
  return { id: note.id };
}

/** The tenant's phrase rules for tagging free-text answers. */
export async function phraseRules(ctx: Ctx) {
  return (await simSettings(ctx.em)).phraseRules;
}

/** Trainers edit the phrase rules (zh-CN and en phrases per tag); audited. */
export async function savePhraseRules(ctx: Ctx, rules: MeetingSimSettings['phraseRules']) {
  const row = await ctx.em.findOne(TenantPluginSchema, { pluginId: PLUGIN_ID });
  if (!row) throw simError('FORBIDDEN', 'forbidden', {}, 'FORBIDDEN');
  const cleaned = rules.map((r) => ({ tag: r.tag, phrases: [...new Set(r.phrases.map((p) => p.trim()).filter(Boolean))] })).filter((r) => r.phrases.length);
  row.settings = { ...row.settings, phraseRules: cleaned };
  row.changedBy = ctx.session.user.id;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.phrase-rules.updated', entity: 'Plugin', entityId: PLUGIN_ID, changes: { rules: cleaned.length, phrases: cleaned.reduce((a, r) => a + r.phrases.length, 0) } });
  return cleaned;
}
