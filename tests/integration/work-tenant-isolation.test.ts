/**
 * Tenant isolation of the work procedures (interactions, tasks, products, orders, service,
 * activities, requirements — the work half of tenant-isolation.test.ts): company A's admin calls
 * every one of them, handing over company B's ids wherever one is taken. Reads show only A; B's
 * ids are not found (or refused as unknown references); afterwards every work row of B is exactly
 * as it was. The last check makes sure every procedure of these areas was called.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allProcedures, callerFor, callPath, createTenantWithAdmin, failureOf, forEachDatabase, signIn, type Caller } from '../support/db';
import { seedWorld, visit, type WorkWorld } from './work-fixtures';

const WORK_AREAS = ['interactions.', 'tasks.', 'products.', 'orders.', 'service.', 'activities.', 'requirements.'];

const TABLES = [
  'interaction',
  'interaction_participant',
  'interaction_product',
  'task',
  'product',
  'purchase_order',
  'order_line',
  'service_request',
  'marketing_activity',
  'activity_participation',
  'custom_requirement',
  'audit_entry',
];

interface Side {
  tenantId: string;
  adminId: string;
  api: Caller;
  world: WorkWorld;
  interactionId: string;
  taskId: string;
  orderId: string;
  serviceId: string;
  activityId: string;
  participationId: string;
  requirementId: string;
}

forEachDatabase((db) => {
  let A: Side;
  let B: Side;
  const called = new Set<string>();
  let snapshot: Record<string, unknown[]>;

  const asA = (path: string, input?: unknown) => {
    called.add(path);
    return callPath(A.api, path, input);
  };
  const refused = async (path: string, input: unknown, appCode = 'NOT_FOUND') => expect((await failureOf(asA(path, input))).appCode, path).toBe(appCode);

  async function makeSide(name: string): Promise<Side> {
    const { tenant, admin } = await createTenantWithAdmin(name);
    const api = callerFor(await signIn(admin.id, tenant.id));
    const world = await seedWorld(tenant.id);
    const { id: interactionId, taskId } = await api.interactions.log(visit(world, { personIds: [world.drWang, world.drLi], notes: `${name} secret notes`, nextStep: `${name} next step` }));
    const orderId = (await api.orders.create({ subjectKind: 'institution', subjectId: world.hospitalN, orderedAt: new Date(), lines: [{ productId: world.productA, quantity: 3, unitPrice: '12.50' }] })).id;
    const serviceId = (await api.service.create({ subjectKind: 'person', subjectId: world.drWang, type: 'return', title: `${name} return` })).id;
    const activityId = (await api.activities.create({ name: `${name} conference`, type: 'academic_conference', startsAt: new Date() })).id;
    const participationId = (await api.activities.addParticipant({ activityId, subjectKind: 'person', subjectId: world.drWang, effectRating: 5 })).id;
    const requirementId = (await api.requirements.create({ subjectKind: 'institution', subjectId: world.hospitalN, kind: 'labeling', description: `${name} labels` })).id;
    return { tenantId: tenant.id, adminId: admin.id, api, world, interactionId, taskId: taskId!, orderId, serviceId, activityId, participationId, requirementId };
  }

  async function rowsOfB() {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await db.sql(`select * from ${t} where tenant_id = ? order by id`, [B.tenantId]);
    return out;
  }

  beforeAll(async () => {
    A = await makeSide(`A-${db.driver}`);
    B = await makeSide(`B-${db.driver}`);
    snapshot = await rowsOfB();
    expect(snapshot.interaction).toHaveLength(1);
    expect(snapshot.task).toHaveLength(1);
  });

  describe('reads show only A', () => {
    it('interactions', async () => {
      const ids = (p: { items: { id: string }[] }) => p.items.map((i) => i.id);
      expect(ids((await asA('interactions.list', { cursor: null, limit: 100 })) as never)).toEqual([A.interactionId]);
      expect(((await asA('interactions.recent')) as { id: string }[]).map((i) => i.id)).toEqual([A.interactionId]);
      expect(((await asA('interactions.get', { id: A.interactionId })) as { notes: string }).notes).toBe(`A-${db.driver} secret notes`);
      expect(ids((await asA('interactions.forCustomer', { cursor: null, kind: 'person', id: A.world.drWang, limit: 10 })) as never)).toEqual([A.interactionId]);
      const options = (await asA('interactions.filterOptions')) as { territories: { id: string }[]; products: { id: string }[]; owners: { id: string }[] };
      expect(options.territories.map((t) => t.id).sort()).toEqual([A.world.region, A.world.north, A.world.south].sort());
      expect(options.products.map((p) => p.id).sort()).toEqual([A.world.productA, A.world.productB].sort());
      expect(options.owners.map((o) => o.id)).toEqual([A.adminId]);
      const form = (await asA('interactions.formContext', { personIds: [A.world.drWang, B.world.drWang], institutionId: B.world.hospitalN })) as { people: { id: string }[]; institution: unknown; products: { id: string }[] };
      expect(form.people.map((p) => p.id)).toEqual([A.world.drWang]);
      expect(form.institution).toBeNull();
      expect(form.products.map((p) => p.id).sort()).toEqual([A.world.productA, A.world.productB].sort());
      // Both companies have a 王建国: A finds only its own.
      expect(((await asA('interactions.findPeople', { q: '王建国', limit: 10 })) as { id: string }[]).map((p) => p.id)).toEqual([A.world.drWang]);
      expect(((await asA('interactions.findPeople', { q: '', institutionId: B.world.hospitalN, limit: 10 })) as unknown[]).length).toBe(0);
    });

    it('tasks, products, orders, service, activities, requirements', async () => {
      expect(((await asA('tasks.list', { cursor: null, view: 'open', limit: 50 })) as { items: { id: string }[] }).items.map((t) => t.id)).toEqual([A.taskId]);
      expect(((await asA('tasks.summary')) as { counts: { open: number } }).counts.open).toBe(1);
      expect(((await asA('tasks.get', { id: A.taskId })) as { id: string }).id).toBe(A.taskId);
      expect(((await asA('tasks.forCustomer', { kind: 'person', id: A.world.drWang, limit: 10 })) as { id: string }[]).map((t) => t.id)).toEqual([A.taskId]);
      expect(((await asA('tasks.formContext', { subject: null })) as { assignees: { id: string }[] }).assignees.map((a) => a.id)).toEqual([A.adminId]);
      expect(((await asA('products.list', { includeInactive: true })) as { id: string }[]).map((p) => p.id).sort()).toEqual([A.world.productA, A.world.productB].sort());
      expect(((await asA('orders.get', { id: A.orderId })) as { totalAmount: string }).totalAmount).toBe('37.50');
      expect(((await asA('orders.forCustomer', { kind: 'institution', id: A.world.hospitalN, limit: 10 })) as { id: string }[]).map((o) => o.id)).toEqual([A.orderId]);
      expect(((await asA('orders.formContext', { subjectKind: 'institution', subjectId: A.world.hospitalN })) as { products: unknown[] }).products).toHaveLength(2);
      expect(((await asA('service.list', { cursor: null, overdue: false, limit: 50 })) as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([A.serviceId]);
      expect(((await asA('service.get', { id: A.serviceId })) as { id: string }).id).toBe(A.serviceId);
      expect(((await asA('service.forCustomer', { kind: 'person', id: A.world.drWang, limit: 10 })) as { id: string }[]).map((s) => s.id)).toEqual([A.serviceId]);
      expect(((await asA('service.formContext', { subjectKind: 'person', subjectId: A.world.drWang })) as { assignees: { id: string }[] }).assignees.map((a) => a.id)).toEqual([A.adminId]);
      expect(((await asA('activities.list', { cursor: null, limit: 50 })) as { items: { id: string }[] }).items.map((a) => a.id)).toEqual([A.activityId]);
      expect(((await asA('activities.get', { id: A.activityId })) as { participations: unknown[] }).participations).toHaveLength(1);
      expect(((await asA('activities.forCustomer', { kind: 'person', id: A.world.drWang })) as unknown[]).length).toBe(1);
      expect(((await asA('requirements.forCustomer', { kind: 'institution', id: A.world.hospitalN })) as { id: string }[]).map((r) => r.id)).toEqual([A.requirementId]);
    });
  });

  describe('B’s ids are not found from A', () => {
    it('interactions: read, timeline, log for B’s customers, edit', async () => {
      await refused('interactions.get', { id: B.interactionId });
      await refused('interactions.forCustomer', { cursor: null, kind: 'person', id: B.world.drWang, limit: 10 });
      await refused('interactions.log', visit(A.world, { personIds: [B.world.drWang] }));
      await refused('interactions.log', visit(A.world, { institutionId: B.world.hospitalN }));
      await refused('interactions.log', visit(A.world, { productIds: [B.world.productA] }), 'VALIDATION');
      await refused('interactions.update', { id: B.interactionId, ...visit(A.world) });
      expect(((await asA('interactions.list', { cursor: null, territoryId: B.world.north, productId: B.world.productA, limit: 10 })) as { items: unknown[] }).items).toEqual([]);
    });

    it('tasks: read, change, complete, reopen, cancel, assign to B’s people', async () => {
      await refused('tasks.get', { id: B.taskId });
      await refused('tasks.update', { id: B.taskId, title: 'hijacked' });
      await refused('tasks.complete', { id: B.taskId });
      await refused('tasks.reopen', { id: B.taskId });
      await refused('tasks.cancel', { id: B.taskId });
      await refused('tasks.forCustomer', { kind: 'person', id: B.world.drWang, limit: 10 });
      await refused('tasks.formContext', { subject: { kind: 'person', id: B.world.drWang } });
      await refused('tasks.create', { title: 'for B', subjectKind: 'person', subjectId: B.world.drWang });
      await refused('tasks.create', { title: 'to B', ownerId: B.adminId }, 'VALIDATION');
    });

    it('products: B’s product cannot be changed, and its code does not clash', async () => {
      await refused('products.update', { id: B.world.productA, name: 'hijacked', category: 'rx', status: 'active' });
      const [bProduct] = await db.sql<{ code: string }>('select code from product where id = ?', [B.world.productA]);
      const mine = (await asA('products.create', { code: bProduct!.code, name: 'same code as B', category: 'rx', status: 'active' })) as { id: string };
      expect((await db.sql<{ tenant_id: string }>('select tenant_id from product where id = ?', [mine.id]))[0]!.tenant_id).toBe(A.tenantId);
    });

    it('orders: read, change, create for B’s customers or with B’s products', async () => {
      const lines = [{ productName: 'x', quantity: 1, unitPrice: '1.00' }];
      await refused('orders.get', { id: B.orderId });
      await refused('orders.update', { id: B.orderId, orderedAt: new Date(), lines });
      await refused('orders.forCustomer', { kind: 'institution', id: B.world.hospitalN, limit: 10 });
      await refused('orders.formContext', { subjectKind: 'institution', subjectId: B.world.hospitalN });
      await refused('orders.create', { subjectKind: 'institution', subjectId: B.world.hospitalN, orderedAt: new Date(), lines });
      await refused('orders.create', { subjectKind: 'institution', subjectId: A.world.hospitalN, orderedAt: new Date(), lines: [{ productId: B.world.productA, quantity: 1, unitPrice: '1' }] }, 'VALIDATION');
    });

    it('service: read, change, move, create for B’s customers, assign to B’s people', async () => {
      await refused('service.get', { id: B.serviceId });
      await refused('service.update', { id: B.serviceId, type: 'return', title: 'hijacked' });
      await refused('service.transition', { id: B.serviceId, to: 'in_progress' });
      await refused('service.forCustomer', { kind: 'person', id: B.world.drWang, limit: 10 });
      await refused('service.formContext', { subjectKind: 'person', subjectId: B.world.drWang });
      await refused('service.create', { subjectKind: 'person', subjectId: B.world.drWang, type: 'return', title: 'x' });
      await refused('service.create', { subjectKind: 'person', subjectId: A.world.drWang, type: 'return', title: 'x', ownerId: B.adminId }, 'VALIDATION');
    });

    it('activities and requirements', async () => {
      await refused('activities.get', { id: B.activityId });
      await refused('activities.update', { id: B.activityId, name: 'hijacked', type: 'other', startsAt: new Date() });
      await refused('activities.addParticipant', { activityId: B.activityId, subjectKind: 'person', subjectId: A.world.drWang });
      await refused('activities.addParticipant', { activityId: A.activityId, subjectKind: 'person', subjectId: B.world.drLi });
      await refused('activities.updateParticipant', { id: B.participationId, effectRating: 1 });
      await refused('activities.removeParticipant', { id: B.participationId });
      await refused('activities.forCustomer', { kind: 'person', id: B.world.drWang });
      await refused('requirements.forCustomer', { kind: 'institution', id: B.world.hospitalN });
      await refused('requirements.create', { subjectKind: 'institution', subjectId: B.world.hospitalN, kind: 'other', description: 'x' });
      await refused('requirements.update', { id: B.requirementId, kind: 'other', description: 'hijacked', status: 'met' });
      // A's own writes land in A.
      const created = (await asA('activities.create', { name: 'A only', type: 'training', startsAt: new Date() })) as { id: string };
      expect((await db.sql<{ tenant_id: string }>('select tenant_id from marketing_activity where id = ?', [created.id]))[0]!.tenant_id).toBe(A.tenantId);
    });
  });

  it('left every work row of B exactly as it was', async () => {
    expect(await rowsOfB()).toEqual(snapshot);
  });

  it('exercised every work procedure', () => {
    const expected = allProcedures()
      .map((p) => p.path)
      .filter((p) => WORK_AREAS.some((area) => p.startsWith(area)));
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter((p) => !called.has(p))).toEqual([]);
  });
});
