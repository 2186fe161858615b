/**
 * Record-level access for interactions and work (issue 3): a rep works only with the customers of
 * their territories. Out-of-territory customers and records answer NOT_FOUND (the same answer as a
 * missing id), lists leave them out, and nothing is written. A manager of the region sees both.
 */
import { beforeAll, expect, it } from 'vitest';
import { AffiliationSchema } from '@/server/db/entities';
import { callerFor, createTenantWithAdmin, failureOf, forEachDatabase, signIn, type Caller } from '../support/db';
import { member, seedWorld, visit, type WorkWorld } from './work-fixtures';

forEachDatabase((db) => {
  let world: WorkWorld;
  let northRep: Caller;
  let southRep: Caller;
  let manager: Caller;
  let admin: Caller;
  /** Records of the south territory, made by its own rep. */
  const south = { interaction: '', order: '', service: '', requirement: '', participation: '', activity: '' };

  beforeAll(async () => {
    const { tenant, admin: a } = await createTenantWithAdmin(`Access ${db.driver}`);
    world = await seedWorld(tenant.id);
    northRep = (await member(tenant.id, ['rep'], [world.north])).api;
    southRep = (await member(tenant.id, ['rep'], [world.south])).api;
    manager = (await member(tenant.id, ['manager'], [world.region])).api;
    admin = callerFor(await signIn(a.id, tenant.id));

    south.interaction = (await southRep.interactions.log(visit(world, { personIds: [world.drZhao], productIds: [] }))).id;
    south.order = (await southRep.orders.create({ subjectKind: 'institution', subjectId: world.hospitalS, orderedAt: new Date(), lines: [{ productId: world.productA, quantity: 2, unitPrice: '10.00' }] })).id;
    south.service = (await southRep.service.create({ subjectKind: 'person', subjectId: world.drZhao, type: 'technical_support', title: '设备故障' })).id;
    south.requirement = (await southRep.requirements.create({ subjectKind: 'institution', subjectId: world.hospitalS, kind: 'labeling', description: '中文标签' })).id;
    south.activity = (await admin.activities.create({ name: '糖尿病学术年会', type: 'academic_conference', startsAt: new Date() })).id;
    south.participation = (await admin.activities.addParticipant({ activityId: south.activity, subjectKind: 'person', subjectId: world.drZhao, effectRating: 4 })).id;
  });

  const rows = async (table: string) => Number((await db.sql<{ n: number }>(`select count(*) as n from ${table} where tenant_id = ?`, [world.tenantId]))[0]!.n);
  const notFound = async (call: Promise<unknown>, what: string) => expect((await failureOf(call)).appCode, what).toBe('NOT_FOUND');

  it('a rep cannot log an interaction for a customer outside their territories', async () => {
    const before = await rows('interaction');
    await notFound(northRep.interactions.log(visit(world, { personIds: [world.drZhao] })), 'south HCP');
    await notFound(northRep.interactions.log(visit(world, { personIds: [world.drWang, world.drZhao] })), 'one south HCP among two');
    await notFound(northRep.interactions.log(visit(world, { personIds: [world.drWang], institutionId: world.hospitalS })), 'south hospital');
    await notFound(northRep.interactions.log(visit(world, { personIds: [world.drWang], departmentId: world.deptS })), 'south department');
    expect(await rows('interaction')).toBe(before);
  });

  it('the HCP picker marks places of work outside the rep’s territories, so the form does not offer them', async () => {
    const em = await db.em(world.tenantId);
    em.create(AffiliationSchema, { personId: world.drWang, institutionId: world.hospitalS, departmentId: world.deptS, position: '会诊专家', isPrimary: false });
    await em.flush();
    const [wang] = await northRep.interactions.findPeople({ q: '王建国', limit: 5 });
    expect(wang!.affiliations.map((a) => [a.institutionName, a.visible])).toEqual([
      ['北京协和医院', true],
      ['中山医院', false],
    ]);
  });

  it('a rep cannot read another territory’s interactions: by id, in lists, on the timeline, or edit them', async () => {
    await notFound(northRep.interactions.get({ id: south.interaction }), 'get');
    await notFound(northRep.interactions.update({ id: south.interaction, ...visit(world) }), 'update');
    await notFound(northRep.interactions.forCustomer({ cursor: null, kind: 'person', id: world.drZhao, limit: 10 }), 'timeline');
    expect((await northRep.interactions.list({ cursor: null, limit: 100 })).items.map((i) => i.id)).not.toContain(south.interaction);
    expect((await northRep.interactions.list({ cursor: null, territoryId: world.south, limit: 100 })).items).toEqual([]);
    expect((await northRep.interactions.formContext({ personIds: [world.drZhao, world.drWang], institutionId: world.hospitalS })).people.map((p) => p.id)).toEqual([world.drWang]);
    expect((await northRep.interactions.formContext({ personIds: [], institutionId: world.hospitalS })).institution).toBeNull();
    expect((await southRep.interactions.get({ id: south.interaction })).id).toBe(south.interaction);
  });

  it('a rep cannot create, read or change orders of another territory’s customers', async () => {
    const before = await rows('purchase_order');
    await notFound(northRep.orders.create({ subjectKind: 'institution', subjectId: world.hospitalS, orderedAt: new Date(), lines: [{ productId: world.productA, quantity: 1, unitPrice: '1.00' }] }), 'create');
    await notFound(northRep.orders.get({ id: south.order }), 'get');
    await notFound(northRep.orders.update({ id: south.order, orderedAt: new Date(), lines: [{ productName: '篡改', quantity: 1, unitPrice: '0.01' }] }), 'update');
    await notFound(northRep.orders.forCustomer({ kind: 'institution', id: world.hospitalS, limit: 10 }), 'forCustomer');
    await notFound(northRep.orders.formContext({ subjectKind: 'institution', subjectId: world.hospitalS }), 'formContext');
    expect(await rows('purchase_order')).toBe(before);
    expect((await southRep.orders.get({ id: south.order })).totalAmount).toBe('20.00');
  });

  it('a rep cannot create, read, list, move or edit service requests of another territory', async () => {
    await notFound(northRep.service.create({ subjectKind: 'person', subjectId: world.drZhao, type: 'return', title: 'x' }), 'create');
    await notFound(northRep.service.get({ id: south.service }), 'get');
    await notFound(northRep.service.update({ id: south.service, type: 'return', title: 'x' }), 'update');
    await notFound(northRep.service.transition({ id: south.service, to: 'in_progress' }), 'transition');
    await notFound(northRep.service.forCustomer({ kind: 'person', id: world.drZhao, limit: 10 }), 'forCustomer');
    await notFound(northRep.service.formContext({ subjectKind: 'person', subjectId: world.drZhao }), 'formContext');
    expect((await northRep.service.list({ cursor: null, overdue: false, limit: 100 })).items).toEqual([]);
    const [row] = await db.sql<{ status: string; title: string }>('select status, title from service_request where id = ?', [south.service]);
    expect(row).toEqual({ status: 'open', title: '设备故障' });
  });

  it('requirements, activity participations and tasks follow the customer’s territory', async () => {
    await notFound(northRep.requirements.forCustomer({ kind: 'institution', id: world.hospitalS }), 'requirements.forCustomer');
    await notFound(northRep.requirements.create({ subjectKind: 'institution', subjectId: world.hospitalS, kind: 'packaging', description: 'x' }), 'requirements.create');
    await notFound(northRep.requirements.update({ id: south.requirement, kind: 'packaging', description: 'x', status: 'met' }), 'requirements.update');
    await notFound(northRep.activities.forCustomer({ kind: 'person', id: world.drZhao }), 'activities.forCustomer');
    await notFound(northRep.tasks.create({ title: '回访', subjectKind: 'person', subjectId: world.drZhao }), 'tasks.create');
    await notFound(northRep.tasks.forCustomer({ kind: 'person', id: world.drZhao, limit: 10 }), 'tasks.forCustomer');
    await notFound(northRep.tasks.formContext({ subject: { kind: 'person', id: world.drZhao } }), 'tasks.formContext');
    expect(await northRep.interactions.findPeople({ q: 'zhao', limit: 10 })).toEqual([]);
  });

  it('a manager of the region sees both territories; a manager of one territory sees only its participants', async () => {
    expect((await manager.interactions.get({ id: south.interaction })).id).toBe(south.interaction);
    expect((await manager.orders.forCustomer({ kind: 'institution', id: world.hospitalS, limit: 10 })).map((o) => o.id)).toEqual([south.order]);
    expect((await manager.service.list({ cursor: null, overdue: false, limit: 100 })).items.map((s) => s.id)).toEqual([south.service]);
    expect((await manager.activities.get({ id: south.activity })).participations.map((p) => p.id)).toEqual([south.participation]);

    const northManager = (await member(world.tenantId, ['manager'], [world.north])).api;
    expect((await northManager.activities.get({ id: south.activity })).participations).toEqual([]);
    await notFound(northManager.activities.updateParticipant({ id: south.participation, effectRating: 1 }), 'updateParticipant');
    await notFound(northManager.activities.removeParticipant({ id: south.participation }), 'removeParticipant');
    await notFound(northManager.activities.addParticipant({ activityId: south.activity, subjectKind: 'institution', subjectId: world.hospitalS }), 'addParticipant');
    const [p] = await db.sql<{ effect_rating: number }>('select effect_rating from activity_participation where id = ?', [south.participation]);
    expect(Number(p!.effect_rating)).toBe(4);
  });

  it('a rep without territories sees nothing and can log nothing', async () => {
    const loner = (await member(world.tenantId, ['rep'])).api;
    expect((await loner.interactions.list({ cursor: null, limit: 100 })).items).toEqual([]);
    await notFound(loner.interactions.log(visit(world)), 'log');
  });

  it('roles without the permission are refused before anything is read', async () => {
    const trainer = (await member(world.tenantId, ['trainer'], [world.south])).api;
    expect((await failureOf(trainer.interactions.list({ cursor: null, limit: 10 }))).appCode).toBe('FORBIDDEN');
    expect((await failureOf(trainer.orders.get({ id: south.order }))).appCode).toBe('FORBIDDEN');
    expect((await failureOf(trainer.service.list({ cursor: null, overdue: false, limit: 10 }))).appCode).toBe('FORBIDDEN');
    expect((await failureOf(trainer.products.list({ includeInactive: false }))).appCode).toBe('FORBIDDEN');
    const compliance = (await member(world.tenantId, ['compliance'])).api;
    // Compliance reads everything but logs nothing.
    expect((await compliance.interactions.get({ id: south.interaction })).id).toBe(south.interaction);
    expect((await failureOf(compliance.interactions.log(visit(world)))).appCode).toBe('FORBIDDEN');
    expect((await failureOf(northRep.products.create({ name: '私自上架', category: 'rx', status: 'active' }))).appCode).toBe('FORBIDDEN');
    expect((await failureOf(northRep.activities.list({ cursor: null, limit: 10 }))).appCode).toBe('FORBIDDEN');
  });
});
