/**
 * "Build from a real meeting" across the two real plugins (issue 7 with issue 6): a rep plans a
 * 科室会 in dept-meetings with three invited HCPs and their attitudes, logs an objection one of them
 * raised; meeting-sim, reaching the meeting only through core's `meetings.briefs` capability, builds
 * a rehearsal with one persona per invitee at the recorded attitude, carrying the logged objection.
 * With dept-meetings off, meeting-sim cannot be on (dependency) and the capability is gone.
 */
import { beforeAll, expect, it } from 'vitest';
import { forkEm } from '@/server/db/orm';
import { DeptMeetingNoteSchema } from '@/plugins/dept-meetings/entities';
import { capabilityFor } from '@/server/plugins/capabilities';
import { callPath, createTenantWithAdmin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

const DM = 'plugins.dept-meetings';
const SIM = 'plugins.meeting-sim';

forEachDatabase((db) => {
  let tenantId: string;
  let world: WorkWorld;
  let rep: { id: string; api: Caller };
  let admin: Caller;
  let meetingId: string;

  beforeAll(async () => {
    const created = await createTenantWithAdmin(`Sim from meeting ${db.driver}`, { plugins: ['dept-meetings', 'meeting-sim'] });
    tenantId = created.tenant.id;
    world = await seedWorld(tenantId);
    rep = await member(tenantId, ['rep'], [world.north, world.south]);
    admin = (await member(tenantId, ['admin'])).api;
    const plan = {
      title: '糖尿病诊疗新进展科室会',
      objective: '介绍产品最新循证证据',
      productId: world.productA,
      indication: '2 型糖尿病',
      institutionId: world.hospitalN,
      departmentId: world.deptN,
      startsAt: new Date(Date.now() + 3 * 86_400_000),
      durationMinutes: 60,
      venue: '心内科示教室',
      speakerKind: 'internal',
      speakerPersonId: null,
      speakerName: '医学经理 周医生',
      speakerFee: 0,
      mealPerHead: 80,
      headcount: 3,
      agenda: '12:00 午餐；12:20 讲座；12:50 讨论',
      deckId: 'DECK-001',
      deckVersion: 'v2',
      invitees: [
        { personId: world.drWang, attitude: 1 },
        { personId: world.drLi, attitude: -2 },
        { personId: world.drZhao, attitude: 0 },
      ],
    };
    // An objection 李秀英 raised at an earlier meeting (logged during that meeting, as the field does).
    const earlier = ((await callPath(rep.api, `${DM}.create`, { ...plan, title: '上月科室会', startsAt: new Date(Date.now() + 86_400_000) })) as { id: string }).id;
    const em = await forkEm(tenantId);
    em.create(DeptMeetingNoteSchema, { meetingId: earlier, kind: 'objection', personId: world.drLi, productId: world.productA, text: '担心夜间低血糖风险', response: null, category: 'safety', caseId: null, manual: false, createdBy: rep.id });
    await em.flush();
    meetingId = ((await callPath(rep.api, `${DM}.create`, plan)) as { id: string }).id;
  });

  it('one persona per invited HCP, at the attitude recorded on the plan', async () => {
    const { id } = (await callPath(rep.api, `${SIM}.scenarios.rehearse`, { meetingId })) as { id: string };
    const run = (await callPath(rep.api, `${SIM}.runs.get`, { id })) as { personas: { name: { 'zh-CN': string }; attitude: number; sourcePersonId?: string | null; objections?: { text: { 'zh-CN': string } }[] }[] };
    const personas = run.personas.map((p) => [p.name['zh-CN'], p.attitude]);
    expect(personas).toHaveLength(3);
    expect(personas).toEqual(expect.arrayContaining([['王建国', 1], ['李秀英', -2], ['赵敏', 0]]));
  });

  it('the brief comes through core’s capability and carries the objection logged for an invitee', async () => {
    const em = await forkEm(tenantId);
    const briefs = await capabilityFor(em, 'meetings.briefs');
    expect(briefs).not.toBeNull();
    const brief = await briefs!.get(meetingId, { tenantId, em, userId: rep.id });
    expect(brief?.invitees.find((i) => i.personId === world.drLi)).toMatchObject({ attitude: -2, objections: ['担心夜间低血糖风险'] });
  });

  it('dept-meetings cannot be switched off under meeting-sim; with both off the capability is gone and the data stays', async () => {
    expect((await failureOf(callPath(admin, 'admin.modules.setEnabled', { pluginId: 'dept-meetings', enabled: false }))).code).toBeDefined();
    await callPath(admin, 'admin.modules.setEnabled', { pluginId: 'dept-meetings', enabled: false, cascade: true });
    expect(await capabilityFor(await forkEm(tenantId), 'meetings.briefs')).toBeNull();
    expect(await db.sql('select id from dept_meetings_meeting where tenant_id = ?', [tenantId])).toHaveLength(2);
    await callPath(admin, 'admin.modules.setEnabled', { pluginId: 'dept-meetings', enabled: true });
    await callPath(admin, 'admin.modules.setEnabled', { pluginId: 'meeting-sim', enabled: true });
    expect(await capabilityFor(await forkEm(tenantId), 'meetings.briefs')).not.toBeNull();
  });
});
