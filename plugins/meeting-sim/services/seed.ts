import type { EntityManager } from '@mikro-orm/core';
import { newId } from '@/server/db/tenant-scope';
import type { DemoUsers } from '@/server/plugins/contract';
import { debrief, replay } from '../engine/engine';
import { SimAssignmentSchema, SimCoachingNoteSchema, SimCohortSchema, SimRunSchema, SimScenarioSchema, SimScenarioVersionSchema } from '../entities';
import { ensureLibrary } from './scenarios';

const DAY = 86_400_000;

/** Demo data: the library, a cohort, the endocrinology scenario assigned to the demo rep, one finished run. */
export async function seedDemoData(em: EntityManager, users: DemoUsers, anchor: Date): Promise<void> {
  await ensureLibrary(em, users.trainer);
  if (await em.findOne(SimAssignmentSchema, { userId: users.rep })) return;
  const scenarios = await em.find(SimScenarioSchema, { libraryKey: { $in: ['endocrinology-x', 'pharmacy-formulary-p'] } });
  const endo = scenarios.find((s) => s.libraryKey === 'endocrinology-x')!;
  const pharmacy = scenarios.find((s) => s.libraryKey === 'pharmacy-formulary-p')!;
  const pharmacyVersion = await em.findOneOrFail(SimScenarioVersionSchema, { scenarioId: pharmacy.id, version: pharmacy.publishedVersion! });

  const cohort = em.create(SimCohortSchema, { id: newId(), name: '2026 新代表训练营', memberIds: users.fieldReps.slice(0, 6), createdBy: users.trainer });
  for (const userId of cohort.memberIds) {
    em.create(SimAssignmentSchema, { id: newId(), scenarioId: endo.id, userId, cohortId: cohort.id, dueAt: new Date(anchor.getTime() + 7 * DAY), note: '下周内分泌科科室会前完成', assignedBy: users.trainer, completedRunId: null, completedAt: null });
  }

  // A finished run of the pharmacy scenario by the demo rep, assigned and completed last week.
  const state = replay(pharmacyVersion.content, [{ optionId: 'f1_probe' }, { optionId: 'f2_scope' }, { optionId: 'f3_probe' }, { optionId: 'f4_next' }]);
  const d = debrief(pharmacyVersion.content, state);
  const finishedAt = new Date(anchor.getTime() - 5 * DAY);
  const run = em.create(SimRunSchema, {
    id: newId(),
    userId: users.rep,
    scenarioId: pharmacy.id,
    versionId: pharmacyVersion.id,
    assignmentId: null,
    status: 'finished',
    state,
    gatePassed: d.gate.passed,
    total: d.total,
    passed: d.passed,
    scores: Object.fromEntries(d.criteria.map((c) => [c.id, c.score])),
    overrides: [],
    traineeComment: null,
    acknowledgedAt: null,
    startedAt: new Date(finishedAt.getTime() - 12 * 60_000),
    finishedAt,
  });
  const assignment = em.create(SimAssignmentSchema, { id: newId(), scenarioId: pharmacy.id, userId: users.rep, cohortId: null, dueAt: new Date(anchor.getTime() - 3 * DAY), note: null, assignedBy: users.trainer, completedRunId: run.id, completedAt: finishedAt });
  run.assignmentId = assignment.id;
  em.create(SimCoachingNoteSchema, { id: newId(), userId: users.rep, authorId: users.trainer, runId: run.id, body: '与药剂科沟通时先问评估标准，做得很好。下次注意控制时间，资料递交要走药剂科正式渠道。' });
  await em.flush();
}
