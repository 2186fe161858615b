/**
 * Products, marketing activities with participations, and custom requirements (issue 3): each
 * mutation is audited, duplicates are refused with a field message, and ratings roll up per activity.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTenantWithAdmin, failureOf, forEachDatabase, signIn, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

forEachDatabase((db) => {
  let world: WorkWorld;
  let admin: Caller;
  let rep: Caller;

  beforeAll(async () => {
    const { tenant, admin: a } = await createTenantWithAdmin(`Activities ${db.driver}`);
    world = await seedWorld(tenant.id);
    admin = callerFor(await signIn(a.id, tenant.id));
    rep = (await member(tenant.id, ['rep'], [world.north])).api;
  });

  const actions = async (entityId: string) => (await db.sql<{ action: string }>('select action from audit_entry where entity_id = ? order by seq', [entityId])).map((r) => r.action);

  describe('products', () => {
    it('are created, edited and retired by those who manage the catalogue; codes are unique', async () => {
      const p = await admin.products.create({ code: 'GLX-10', name: '格列欣片', genericName: '格列美脲片', spec: '2mg×30片', category: 'rx', status: 'active' });
      const dup = await failureOf(admin.products.create({ code: 'GLX-10', name: '另一个', category: 'otc_a', status: 'active' }));
      expect(dup.appCode).toBe('VALIDATION');
      expect(Object.keys((dup.error as { cause: { fieldErrors: object } }).cause.fieldErrors)).toEqual(['code']);
      await admin.products.update({ id: p.id, code: 'GLX-10', name: '格列欣片', genericName: '格列美脲片', spec: '2mg×30片', category: 'rx', status: 'discontinued' });
      expect(await actions(p.id)).toEqual(['product.created', 'product.updated']);
      // Reps read the active catalogue (visit and order forms); the retired product is gone from it.
      expect((await rep.products.list({ includeInactive: false })).map((x) => x.id)).not.toContain(p.id);
      expect((await admin.products.list({ includeInactive: true })).find((x) => x.id === p.id)?.status).toBe('discontinued');
    });
  });

  describe('marketing activities', () => {
    it('record participations with effect ratings and roll them up', async () => {
      const a = await admin.activities.create({ name: '2025 心血管学术年会', type: 'academic_conference', startsAt: new Date(Date.UTC(2025, 4, 20, 1)), location: '北京国际会议中心' });
      const wang = await admin.activities.addParticipant({ activityId: a.id, subjectKind: 'person', subjectId: world.drWang, effectRating: 5, notes: '主动提问' });
      await admin.activities.addParticipant({ activityId: a.id, subjectKind: 'person', subjectId: world.drLi, effectRating: 2 });
      await admin.activities.addParticipant({ activityId: a.id, subjectKind: 'institution', subjectId: world.hospitalN });
      const dup = await failureOf(admin.activities.addParticipant({ activityId: a.id, subjectKind: 'person', subjectId: world.drWang }));
      expect(dup.appCode).toBe('VALIDATION');
      expect((await failureOf(admin.activities.addParticipant({ activityId: a.id, subjectKind: 'person', subjectId: world.drLi, effectRating: 6 }))).appCode).toBe('VALIDATION');

      const listed = (await admin.activities.list({ cursor: null, limit: 10 })).items.find((x) => x.id === a.id)!;
      expect(listed).toMatchObject({ participants: 3, averageRating: 3.5 });
      await admin.activities.updateParticipant({ id: wang.id, effectRating: 4, notes: '主动提问，会后索要资料' });
      const detail = await admin.activities.get({ id: a.id });
      expect(detail.participations.map((p) => [p.subject.name, p.effectRating])).toEqual([
        ['王建国', 4],
        ['李秀英', 2],
        ['北京协和医院', null],
      ]);
      expect((await rep.activities.forCustomer({ kind: 'person', id: world.drWang })).map((p) => [p.activity.name, p.effectRating])).toEqual([['2025 心血管学术年会', 4]]);

      await admin.activities.removeParticipant({ id: wang.id });
      expect((await admin.activities.get({ id: a.id })).participations).toHaveLength(2);
      expect(await actions(wang.id)).toEqual(['activity.participant.added', 'activity.participant.updated', 'activity.participant.removed']);
      await admin.activities.update({ id: a.id, name: '2025 心血管学术年会（北京）', type: 'academic_conference', startsAt: new Date(Date.UTC(2025, 4, 20, 1)) });
      expect(await actions(a.id)).toEqual(['activity.created', 'activity.updated']);
      expect((await admin.activities.list({ cursor: null, type: 'training', limit: 10 })).items).toEqual([]);
    });
  });

  describe('custom requirements', () => {
    it('are kept per customer, open first, and audited', async () => {
      const r = await rep.requirements.create({ subjectKind: 'institution', subjectId: world.hospitalN, kind: 'packaging', description: '小包装（每盒 7 片）便于门诊发药' });
      await rep.requirements.create({ subjectKind: 'institution', subjectId: world.hospitalN, kind: 'labeling', description: '外箱加贴院内条码' });
      await rep.requirements.update({ id: r.id, kind: 'packaging', description: '小包装（每盒 7 片）便于门诊发药', status: 'met' });
      const list = await rep.requirements.forCustomer({ kind: 'institution', id: world.hospitalN });
      expect(list.map((x) => [x.kind, x.status])).toEqual([
        ['labeling', 'open'],
        ['packaging', 'met'],
      ]);
      expect(await actions(r.id)).toEqual(['requirement.created', 'requirement.updated']);
    });
  });
});
