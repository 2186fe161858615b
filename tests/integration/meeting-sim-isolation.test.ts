/**
 * meeting-sim gating and tenant isolation (the area is listed in tenant-isolation.test.ts's
 * COVERED_ELSEWHERE): every procedure, called by another tenant's admin + trainer with this
 * tenant's ids, finds nothing and changes nothing; disabled, every procedure answers FORBIDDEN /
 * PLUGIN_NOT_ENABLED and the data stays. The test checks it called every procedure.
 */
import { beforeAll, expect, it } from 'vitest';
import { SimAssignmentSchema, SimCoachingNoteSchema, SimCohortSchema, SimRunSchema, SimSessionAnswerSchema, SimSessionSchema } from '@/plugins/meeting-sim/entities';
import { addMember, allProcedures, callerFor, callPath, createTenantWithAdmin, createUser, failureOf, forEachDatabase, httpMutation, httpQuery, signIn, uid, type Caller } from '../support/db';

const SIM = 'plugins.meeting-sim';

async function tenantWithSim(name: string) {
  const t = await createTenantWithAdmin(name, { adminLocale: 'zh-CN' });
  const s = await signIn(t.admin.id, t.tenant.id);
  const admin = callerFor(s);
  await admin.admin.modules.setEnabled({ pluginId: 'dept-meetings', enabled: true });
  await admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: true });
  const comp = await createUser(`${uid('c-')}@example.test`);
  await addMember(t.tenant.id, comp.id, ['compliance', 'trainer', 'rep']);
  return { tenantId: t.tenant.id, adminId: t.admin.id, admin, cookie: s.cookie, all: callerFor(await signIn(comp.id, t.tenant.id)), allId: comp.id };
}

forEachDatabase((db) => {
  let A: Awaited<ReturnType<typeof tenantWithSim>>;
  let B: Awaited<ReturnType<typeof tenantWithSim>>;
  const ids: Record<string, string> = {};
  const called = new Set<string>();
  const call = (api: Caller, path: string, input?: unknown) => {
    called.add(`${SIM}.${path}`);
    return callPath(api, `${SIM}.${path}`, input);
  };
  const counts = async () => {
    const em = await db.em(A.tenantId);
    return [
      await em.count(SimRunSchema, {}),
      await em.count(SimAssignmentSchema, {}),
      await em.count(SimCohortSchema, {}),
      await em.count(SimCoachingNoteSchema, {}),
      await em.count(SimSessionSchema, {}),
      await em.count(SimSessionAnswerSchema, {}),
    ];
  };

  beforeAll(async () => {
    A = await tenantWithSim(`Sim A ${db.driver}`);
    B = await tenantWithSim(`Sim B ${db.driver}`);
    const list = (await call(A.all, 'scenarios.list')) as { id: string; libraryKey: string }[];
    ids.scenario = list.find((s) => s.libraryKey === 'endocrinology-x')!.id;
    ids.run = ((await call(A.all, 'runs.start', { scenarioId: ids.scenario })) as { id: string }).id;
    for (const optionId of ['t1_probe', 't2_label', 't3_probe', 't4_process', 't5_next']) await call(A.all, 'runs.answer', { runId: ids.run, optionId });
    ids.cohort = ((await call(A.all, 'training.saveCohort', { name: 'A 组', memberIds: [A.allId] })) as { id: string }).id;
    await call(A.all, 'training.assign', { scenarioId: ids.scenario, userIds: [], cohortId: ids.cohort });
    ids.session = ((await call(A.all, 'live.create', { scenarioId: ids.scenario })) as { id: string; code: string }).id;
    const sessionRow = await (await db.em(A.tenantId)).findOneOrFail(SimSessionSchema, { id: ids.session });
    ids.code = sessionRow.code;
    await call(A.all, 'live.answer', { id: ids.session, stepIndex: 0, optionId: 't1_probe' });
    ids.answer = (await (await db.em(A.tenantId)).findOneOrFail(SimSessionAnswerSchema, {})).id;
    await call(A.admin, 'training.addNote', { userId: A.allId, body: 'A 的辅导记录' });
  });

  it('another tenant finds nothing of this tenant through any procedure, and changes nothing', async () => {
    const before = await counts();
    const b = B.all;
    const lists = [
      await call(b, 'scenarios.list', { includeUnpublished: true }),
      await call(b, 'runs.list'),
      await call(b, 'training.cohorts'),
      await call(b, 'training.assignments', { scope: 'all' }),
      await call(b, 'training.assignments', { scope: 'mine' }),
      await call(b, 'training.trainees'),
      await call(b, 'training.progress', {}),
      await call(b, 'training.leaderboard', {}),
      await call(b, 'live.mine'),
      await call(b, 'scenarios.meetings'),
      await call(b, 'scenarios.objections', {}),
      await call(b, 'runs.list', { userId: A.allId }),
      await call(b, 'training.notes', { userId: A.allId }),
      await call(b, 'training.phraseRules'),
    ];
    const text = JSON.stringify(lists);
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toContain(A.allId);
    const notFound = [
      () => call(b, 'scenarios.get', { id: ids.scenario }),
      () => call(b, 'scenarios.save', { id: ids.scenario, content: {} }),
      () => call(b, 'scenarios.publish', { id: ids.scenario }),
      () => call(b, 'scenarios.archive', { id: ids.scenario }),
      () => call(b, 'scenarios.export', { id: ids.scenario }),
      () => call(b, 'scenarios.buildFromMeeting', { meetingId: ids.run }),
      () => call(b, 'scenarios.rehearse', { meetingId: ids.run }),
      () => call(b, 'runs.start', { scenarioId: ids.scenario }),
      () => call(b, 'runs.get', { id: ids.run }),
      () => call(b, 'runs.answer', { runId: ids.run, optionId: 't1_probe' }),
      () => call(b, 'runs.debrief', { id: ids.run }),
      () => call(b, 'runs.acknowledge', { id: ids.run, comment: '' }),
      () => call(b, 'runs.override', { id: ids.run, criterionId: 'closing', score: 100, comment: 'hijack' }),
      () => call(b, 'training.saveCohort', { id: ids.cohort, name: 'x', memberIds: [] }),
      () => call(b, 'training.assign', { scenarioId: ids.scenario, userIds: [B.allId] }),
      () => call(b, 'training.progress', { cohortId: ids.cohort }),
      () => call(b, 'training.leaderboard', { cohortId: ids.cohort }),
      () => call(b, 'training.addNote', { userId: A.allId, body: 'x' }),
      () => call(b, 'live.presenter', { id: ids.session }),
      () => call(b, 'live.advance', { id: ids.session, optionId: 't1_probe' }),
      () => call(b, 'live.score', { answerId: ids.answer, score: 4 }),
      () => call(b, 'live.close', { id: ids.session }),
      () => call(b, 'live.join', { code: ids.code }),
      () => call(b, 'live.view', { id: ids.session }),
      () => call(b, 'live.answer', { id: ids.session, stepIndex: 0, optionId: 't1_probe' }),
      () => call(b, 'privacy.exportTrainee', { userId: A.allId }),
    ];
    for (const fn of notFound) {
      const f = await failureOf(fn());
      expect(['NOT_FOUND', 'BAD_REQUEST'], JSON.stringify(f.appCode)).toContain(f.code);
      if (f.code === 'BAD_REQUEST') expect(f.appCode).toBe('SCENARIO_INVALID'); // save validates the content first
    }
    // B's own tenant gets its own import, rules and erase; A is untouched.
    await call(b, 'training.savePhraseRules', { rules: [{ tag: 'probed', phrases: ['请问'] }] });
    await call(b, 'scenarios.import', { json: JSON.stringify((await call(b, 'scenarios.export', { id: ((await call(b, 'scenarios.list')) as { id: string }[])[0]!.id })) as object) });
    expect(await call(b, 'privacy.eraseTrainee', { userId: A.allId, confirm: true })).toEqual({ meeting_sim_run: 0, meeting_sim_session_answer: 0, meeting_sim_coaching_note: 0, meeting_sim_assignment: 0 });
    expect(await counts()).toEqual(before);
  });

  it('disabled: every procedure is FORBIDDEN / PLUGIN_NOT_ENABLED, nothing is deleted; re-enabled, all is back', async () => {
    const before = await counts();
    await A.admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: false });
    const procedures = allProcedures().filter((p) => p.path.startsWith(`${SIM}.`));
    for (const proc of procedures) {
      const f = await failureOf(callPath(A.all, proc.path, { id: ids.run }));
      expect(f, proc.path).toMatchObject({ code: 'FORBIDDEN', appCode: 'PLUGIN_NOT_ENABLED' });
      const res = proc.type === 'query' ? await httpQuery(proc.path, { junk: true }, { cookie: A.cookie }) : await httpMutation(proc.path, { junk: true }, { cookie: A.cookie, headers: { origin: 'http://localhost' } });
      expect(res.status, proc.path).toBe(403);
    }
    expect(await counts()).toEqual(before);
    await A.admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: true });
    expect(await counts()).toEqual(before);
    expect(((await call(A.all, 'runs.debrief', { id: ids.run })) as { status: string }).status).toBe('finished');
  });

  it('called every procedure of the plugin', () => {
    const all = allProcedures()
      .map((p) => p.path)
      .filter((p) => p.startsWith(`${SIM}.`));
    expect(all.length).toBeGreaterThanOrEqual(35);
    expect(all.filter((p) => !called.has(p))).toEqual([]);
  });
});
