/**
 * meeting-sim against the real app on both databases: the built-in library arrives on enable; the
 * editor refuses a scenario with an unreachable turn (naming it) and writes nothing; published
 * versions are frozen and runs keep theirs; the "no hypoglycaemia" answer fails the gate; a
 * trainer's override is audited and the trainee sees it; "build from a real meeting" makes one
 * persona per invited HCP with the attitude recorded on the plan (through the `meetings.briefs`
 * capability, served here by a test-only provider plugin); dept-meetings cannot be disabled while
 * meeting-sim is on (cascade disables both); disabled → FORBIDDEN, data kept; privacy procedures.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { MeetingBrief } from '@/server/plugins/capabilities';
import { verifyAuditChain } from '@/server/services/audit';
import { endocrinology } from '@/plugins/meeting-sim/library';
import { addMember, callerFor, callPath, createTenantWithAdmin, createUser, failureOf, forEachDatabase, httpMutation, signIn, uid, type Caller } from '../support/db';

const PROVIDER = 'zz-sim-meetings-provider';

vi.mock('@/plugins/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/plugins/registry')>();
  const { z: zod } = await import('zod');
  const brief = (id: string): MeetingBrief | null =>
    id === 'meeting-1'
      ? {
          id,
          title: '糖尿病新进展科室会',
          startsAt: new Date('2026-12-01T04:00:00Z'),
          status: 'inviting',
          objective: '介绍X片III期数据',
          productId: null,
          productName: 'X片',
          indication: '成人2型糖尿病',
          institutionId: null,
          institutionName: '市第一人民医院',
          departmentName: '内分泌科',
          href: null,
          invitees: [
            { personId: 'p-wang', name: '王建华', title: '主任医师', attitude: 0, objections: ['DRG下费用压力大'] },
            { personId: 'p-li', name: '李敏', title: '副主任医师', attitude: -1, objections: ['担心低血糖', '缺少中国人群数据'] },
            { personId: 'p-zhao', name: '赵磊', title: '主治医师', attitude: 2, objections: [] },
          ],
        }
      : id === 'meeting-empty'
        ? { ...brief('meeting-1')!, id, invitees: [] }
        : null;
  const provider = {
    manifest: {
      id: 'zz-sim-meetings-provider',
      version: '1.0.0',
      name: { 'zh-CN': '测试科室会数据', en: 'Test meeting briefs' },
      description: { 'zh-CN': '测试', en: 'test' },
      dependencies: [],
      permissions: [],
      settings: { schema: zod.object({}), defaults: {} },
      dataCategories: [],
      messages: { 'zh-CN': {}, en: {} },
    },
    server: {
      provides: {
        'meetings.briefs': {
          list: async () => [{ id: 'meeting-1', title: '糖尿病新进展科室会', startsAt: new Date('2026-12-01T04:00:00Z'), status: 'inviting', institutionName: '市第一人民医院' }],
          get: async (id: string) => brief(id),
        },
        'objections.library': {
          list: async () => [
            { id: 'o1', text: '医保报销比例太低', response: null, category: 'price', productId: null, productName: 'X片', personId: null, source: { owner: 'test', kind: 'meeting', id: 'meeting-1', label: '科室会' }, loggedAt: new Date() },
          ],
        },
      },
    },
    ui: async () => ({ default: {} }),
  };
  return { ...original, allPlugins: () => [...original.allPlugins(), provider] };
});

const SIM = 'plugins.meeting-sim';
type Json = Record<string, unknown>;
const call = <T = Json>(api: Caller, path: string, input?: unknown) => callPath(api, `${SIM}.${path}`, input) as Promise<T>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

forEachDatabase((db) => {
  let tenantId: string;
  let admin: Caller;
  let trainer: Caller;
  let rep: Caller;
  let repId: string;
  let repCookie: string;
  let trainerCookie: string;
  let endoId: string;

  beforeAll(async () => {
    const t = await createTenantWithAdmin(`Sim ${db.driver}`, { adminLocale: 'zh-CN' });
    tenantId = t.tenant.id;
    admin = callerFor(await signIn(t.admin.id, tenantId));
    const tr = await createUser(`${uid('trainer-')}@example.test`, undefined, { name: '王芳' });
    await addMember(tenantId, tr.id, ['trainer']);
    const ts = await signIn(tr.id, tenantId);
    trainerCookie = ts.cookie;
    trainer = callerFor(ts);
    const r = await createUser(`${uid('rep-')}@example.test`, undefined, { name: '李明' });
    await addMember(tenantId, r.id, ['rep']);
    repId = r.id;
    const s = await signIn(r.id, tenantId);
    repCookie = s.cookie;
    rep = callerFor(s);
    // Enabling needs dept-meetings first; meeting-sim's onEnable seeds the library.
    expect(await failureOf(admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: true }))).toMatchObject({ appCode: 'PLUGIN_DEPENDENCY_DISABLED' });
    await admin.admin.modules.setEnabled({ pluginId: 'dept-meetings', enabled: true });
    await admin.admin.modules.setEnabled({ pluginId: PROVIDER, enabled: true });
    await admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: true });
  });

  it('enabling seeds the three built-in scenarios, published', async () => {
    const list = await call<{ id: string; libraryKey: string; publishedVersion: number }[]>(rep, 'scenarios.list');
    expect(list.map((s) => s.libraryKey).sort()).toEqual(['endocrinology-x', 'oncology-skeptics-r', 'pharmacy-formulary-p']);
    expect(list.every((s) => s.publishedVersion === 1)).toBe(true);
    endoId = list.find((s) => s.libraryKey === 'endocrinology-x')!.id;
  });

  it('the editor refuses a scenario with an unreachable turn, naming the turn, and writes nothing', async () => {
    const content = clone(endocrinology);
    content.turns.push({ ...clone(endocrinology.turns[4]!), id: 'orphan' });
    const before = await db.sql<{ n: number }>('select count(*) as n from meeting_sim_scenario_version where tenant_id = ?', [tenantId]);
    const f = await failureOf(call(trainer, 'scenarios.save', { id: endoId, content }));
    expect(f).toMatchObject({ code: 'BAD_REQUEST', appCode: 'SCENARIO_INVALID' });
    const res = await httpMutation(`${SIM}.scenarios.save`, { id: null, content }, { cookie: trainerCookie });
    expect(res.status).toBe(400);
    expect(res.error?.message).toContain('orphan');
    expect(res.error?.message).toContain('无法到达');
    expect(Object.keys(res.error?.data.fieldErrors ?? {})).toContain(`turns.${content.turns.length - 1}`);
    const after = await db.sql<{ n: number }>('select count(*) as n from meeting_sim_scenario_version where tenant_id = ?', [tenantId]);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
    // Only trainers edit.
    expect(await failureOf(call(rep, 'scenarios.save', { id: endoId, content: endocrinology }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('published versions are frozen: an edit is a new draft; runs keep the version they used', async () => {
    const runV1 = await call<{ id: string }>(rep, 'runs.start', { scenarioId: endoId });
    const edited = clone(endocrinology);
    edited.rubric.criteria[0]!.weight = 40;
    expect(await call(trainer, 'scenarios.save', { id: endoId, content: edited })).toMatchObject({ version: 2 });
    expect(await call(trainer, 'scenarios.save', { id: endoId, content: edited })).toMatchObject({ version: 2 });
    const v1 = await db.sql<{ content: unknown }>(`select content from meeting_sim_scenario_version where tenant_id = ? and scenario_id = ? and version = 1`, [tenantId, endoId]);
    const v1content = typeof v1[0]!.content === 'string' ? JSON.parse(v1[0]!.content as string) : v1[0]!.content;
    expect(v1content.rubric.criteria[0].weight).toBe(25);
    expect(await call(trainer, 'scenarios.publish', { id: endoId })).toEqual({ version: 2 });
    expect(await failureOf(call(trainer, 'scenarios.publish', { id: endoId }))).toMatchObject({ appCode: 'NOTHING_TO_PUBLISH' });
    const runV2 = await call<{ id: string }>(rep, 'runs.start', { scenarioId: endoId });
    const d1 = await call<{ version: number }>(rep, 'runs.debrief', { id: runV1.id });
    const d2 = await call<{ version: number }>(rep, 'runs.debrief', { id: runV2.id });
    expect([d1.version, d2.version]).toEqual([1, 2]);
  });

  it('the "no hypoglycaemia" claim fails the gate; the override is audited and the trainee sees it', async () => {
    const assigned = await call<{ created: number }>(trainer, 'training.assign', { scenarioId: endoId, userIds: [repId], dueAt: new Date(Date.now() + 7 * 86_400_000) });
    expect(assigned.created).toBe(1);
    const mine = await call<{ id: string; scenarioId: string }[]>(rep, 'training.assignments', { scope: 'mine' });
    const run = await call<{ id: string }>(rep, 'runs.start', { scenarioId: endoId, assignmentId: mine[0]!.id });
    const play = await call<{ turn: { options: Json[] } }>(rep, 'runs.get', { id: run.id });
    expect(JSON.stringify(play)).not.toContain('off_label_claim'); // no tags or hidden concerns while playing
    expect(JSON.stringify(play)).not.toContain('hypo_history');
    for (const optionId of ['t1_probe', 't2_no_hypo', 't3_probe', 't4_process']) await call(rep, 'runs.answer', { runId: run.id, optionId });
    expect(await failureOf(call(rep, 'runs.answer', { runId: run.id, optionId: 't1_probe' }))).toMatchObject({ appCode: 'ENGINE_UNKNOWNOPTION' });
    // Trainers edit the phrase rules that tag free text (the tenant's own wording).
    expect(await failureOf(call(rep, 'training.savePhraseRules', { rules: [] }))).toMatchObject({ code: 'FORBIDDEN' });
    await call(trainer, 'training.savePhraseRules', { rules: [{ tag: 'next_step', phrases: ['汇报下一步', '汇报下一步'] }, { tag: 'engaged_decision_maker', phrases: ['向您汇报'] }] });
    expect(await call(trainer, 'training.phraseRules')).toEqual([{ tag: 'next_step', phrases: ['汇报下一步'] }, { tag: 'engaged_decision_maker', phrases: ['向您汇报'] }]);
    const last = await call<{ finished: boolean }>(rep, 'runs.answer', { runId: run.id, freeText: '我会按医院规定预约时间，两周内向您汇报下一步' });
    expect(last.finished).toBe(true);
    const d = await call<{ debrief: { gate: { passed: boolean; blockers: { tag: string; turnId: string }[] }; passed: boolean; timeline: { matched: Json[] }[] } }>(rep, 'runs.debrief', { id: run.id });
    expect(d.debrief.gate).toMatchObject({ passed: false, blockers: [{ tag: 'off_label_claim', turnId: 't2' }] });
    expect(d.debrief.passed).toBe(false);
    expect(d.debrief.timeline.at(-1)).toMatchObject({ optionId: 't5_next', matched: [{ tag: 'next_step', phrase: '汇报下一步' }, { tag: 'engaged_decision_maker', phrase: '向您汇报' }] });

    expect(await failureOf(call(rep, 'runs.override', { id: run.id, criterionId: 'closing', score: 90, comment: 'x' }))).toMatchObject({ code: 'FORBIDDEN' });
    await call(trainer, 'runs.override', { id: run.id, criterionId: 'closing', score: 90, comment: '收尾用自己的话说得很好' });
    const seen = await call<{ debrief: { criteria: { id: string; score: number; override: { comment: string } | null }[] } }>(rep, 'runs.debrief', { id: run.id });
    expect(seen.debrief.criteria.find((c) => c.id === 'closing')).toMatchObject({ score: 90, override: { comment: '收尾用自己的话说得很好' } });
    const audit = await db.sql<{ changes: unknown }>(`select changes from audit_entry where tenant_id = ? and action = 'meeting-sim.run.score-overridden'`, [tenantId]);
    expect(audit).toHaveLength(1);
    await call(rep, 'runs.acknowledge', { id: run.id, comment: '明白了，不能说不会低血糖' });
    const notes = await db.sql<{ message_key: string }>(`select message_key from notification where tenant_id = ? and user_id = ?`, [tenantId, repId]);
    expect(notes.map((n) => n.message_key)).toEqual(expect.arrayContaining(['plugins.meeting-sim.notify.assigned', 'plugins.meeting-sim.notify.scoreOverridden']));
    const progress = await call<{ people: { userId: string; gateFailures: number; assignmentsDone: number }[] }>(trainer, 'training.progress', { userId: repId });
    expect(progress.people[0]).toMatchObject({ gateFailures: 1, assignmentsDone: 1 });
    // Another rep cannot read this run.
    const other = await createUser(`${uid('rep2-')}@example.test`);
    await addMember(tenantId, other.id, ['rep']);
    const otherApi = callerFor(await signIn(other.id, tenantId));
    expect(await failureOf(call(otherApi, 'runs.debrief', { id: run.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('building from a meeting yields one persona per invited HCP with their recorded attitude and objections', async () => {
    const meetings = await call<{ available: boolean; meetings: { id: string }[] }>(trainer, 'scenarios.meetings');
    expect(meetings).toMatchObject({ available: true, meetings: [{ id: 'meeting-1' }] });
    const built = await call<{ id: string }>(trainer, 'scenarios.buildFromMeeting', { meetingId: 'meeting-1' });
    const detail = await call<{ origin: string; publishedVersion: number | null; content: typeof endocrinology }>(trainer, 'scenarios.get', { id: built.id });
    expect(detail.origin).toBe('meeting');
    expect(detail.publishedVersion).toBeNull();
    expect(detail.content.personas.map((p) => [p.name['zh-CN'], p.title['zh-CN'], p.attitude, p.sourcePersonId])).toEqual([
      ['王建华', '主任医师', 0, 'p-wang'],
      ['李敏', '副主任医师', -1, 'p-li'],
      ['赵磊', '主治医师', 2, 'p-zhao'],
    ]);
    expect(detail.content.personas[1]!.objections.map((o) => o.text['zh-CN'])).toEqual(['担心低血糖', '缺少中国人群数据']);
    expect(detail.content.turns[1]!.line['zh-CN']).toBe('担心低血糖');
    expect(await failureOf(call(trainer, 'scenarios.buildFromMeeting', { meetingId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failureOf(call(trainer, 'scenarios.buildFromMeeting', { meetingId: 'meeting-empty' }))).toMatchObject({ appCode: 'MEETING_NO_INVITEES' });
    // The draft exports without customer ids; importing it makes another draft.
    const exported = await call<typeof endocrinology>(trainer, 'scenarios.export', { id: built.id });
    expect(exported.personas.every((p) => p.sourcePersonId === null)).toBe(true);
    expect(await call(trainer, 'scenarios.import', { json: JSON.stringify(exported) })).toMatchObject({ version: 1 });
    expect(await failureOf(call(trainer, 'scenarios.import', { json: '{not json' }))).toMatchObject({ appCode: 'IMPORT_NOT_JSON' });
    // A rep rehearses the meeting they are about to hold: their own published copy, a run on it.
    const rehearsal = await call<{ id: string }>(rep, 'runs.get', { id: (await call<{ id: string }>(rep, 'scenarios.rehearse', { meetingId: 'meeting-1' })).id });
    expect((rehearsal as unknown as { personas: { name: { 'zh-CN': string }; attitude: number }[] }).personas.map((p) => [p.name['zh-CN'], p.attitude])).toEqual([
      ['王建华', 0],
      ['李敏', -1],
      ['赵磊', 2],
    ]);
    const others = await createUser(`${uid('rep3-')}@example.test`);
    await addMember(tenantId, others.id, ['rep']);
    const libraryOfOthers = await call<{ origin: string }[]>(callerFor(await signIn(others.id, tenantId)), 'scenarios.list');
    expect(libraryOfOthers.some((s) => s.origin === 'meeting')).toBe(false);
    const objections = await call<{ available: boolean; objections: { text: string }[] }>(trainer, 'scenarios.objections', {});
    expect(objections.objections.map((o) => o.text)).toEqual(['医保报销比例太低']);
  });

  it('privacy: compliance exports and erases a trainee’s runs; the customer-person hook anonymises personas', async () => {
    const comp = await createUser(`${uid('comp-')}@example.test`);
    await addMember(tenantId, comp.id, ['compliance']);
    const compliance = callerFor(await signIn(comp.id, tenantId));
    expect(await failureOf(call(trainer, 'privacy.exportTrainee', { userId: repId }))).toMatchObject({ code: 'FORBIDDEN' });
    const exported = await call<{ meeting_sim_run: unknown[] }>(compliance, 'privacy.exportTrainee', { userId: repId });
    expect(exported.meeting_sim_run.length).toBeGreaterThanOrEqual(3);
    const { findPlugin } = await import('@/server/plugins/host');
    const hooks = findPlugin('meeting-sim')!.server.privacy!;
    const em = await db.em(tenantId);
    // The trainer's draft and the rep's rehearsal hold 李敏 as a persona; the imported copy lost the customer id on export.
    expect((await hooks.exportPersonalData('p-li', { tenantId, em, userId: null })).meeting_sim_scenario_version).toHaveLength(2);
    expect(await hooks.erasePersonalData('p-li', { tenantId, em, userId: null })).toEqual({ meeting_sim_scenario_version: 2 });
    expect((await hooks.exportPersonalData('p-li', { tenantId, em: await db.em(tenantId), userId: null })).meeting_sim_scenario_version).toHaveLength(0);
    // Keep the rep's runs for the gating test below: erase a throwaway trainee instead.
    const temp = await createUser(`${uid('temp-')}@example.test`);
    await addMember(tenantId, temp.id, ['rep']);
    const tempApi = callerFor(await signIn(temp.id, tenantId));
    await call(tempApi, 'runs.start', { scenarioId: endoId });
    expect(await call(compliance, 'privacy.eraseTrainee', { userId: temp.id, confirm: true })).toMatchObject({ meeting_sim_run: 1 });
  });

  it('dept-meetings cannot be disabled while meeting-sim is on; cascade disables both; disabled → FORBIDDEN, data kept', async () => {
    const runsBefore = await db.sql<{ id: string }>('select id from meeting_sim_run where tenant_id = ? order by id', [tenantId]);
    const f = await failureOf(admin.admin.modules.setEnabled({ pluginId: 'dept-meetings', enabled: false }));
    expect(f).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'PLUGIN_HAS_DEPENDANTS' });
    expect((await admin.admin.modules.list()).find((m) => m.id === 'meeting-sim')?.enabled).toBe(true);
    expect(await admin.admin.modules.setEnabled({ pluginId: 'dept-meetings', enabled: false, cascade: true })).toEqual(['meeting-sim', 'dept-meetings']);
    for (const path of ['scenarios.list', 'training.assignments']) {
      expect(await failureOf(call(rep, path, path === 'training.assignments' ? { scope: 'mine' } : undefined))).toMatchObject({ code: 'FORBIDDEN', appCode: 'PLUGIN_NOT_ENABLED' });
    }
    const res = await httpMutation(`${SIM}.runs.start`, { scenarioId: endoId }, { cookie: repCookie });
    expect(res.status).toBe(403);
    expect(await db.sql<{ id: string }>('select id from meeting_sim_run where tenant_id = ? order by id', [tenantId])).toEqual(runsBefore);
    await admin.admin.modules.setEnabled({ pluginId: 'dept-meetings', enabled: true });
    await admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: true });
    expect((await call<unknown[]>(rep, 'runs.list')).length).toBe(runsBefore.length);
    // Re-enabling does not seed the library twice (the rep also sees their own rehearsal).
    expect(await call<unknown[]>(rep, 'scenarios.list')).toHaveLength(4);
    expect(await verifyAuditChain(await db.em(tenantId), tenantId)).toMatchObject({ intact: true });
  });
});

describe('retention', () => {
  it('is scheduled daily', async () => {
    const { retentionJob } = await import('@/plugins/meeting-sim/server');
    expect(retentionJob.schedule?.cron).toBe('30 3 * * *');
  });
});
