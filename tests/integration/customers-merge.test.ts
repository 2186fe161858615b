/**
 * Merging duplicates (issue 3, "Must show"): every row that points at the merged record moves to
 * the kept one — affiliations, contact points, interaction participations, tasks, orders, service
 * requests, activity participations, custom requirements, tier/stage history — and so do plugin
 * rows, through the plugin's `customers.merge` hook, even while the plugin is disabled. Blank
 * fields are filled from the merged record, which stays as a tombstone. All audited.
 */
import type { EntityManager } from '@mikro-orm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ActivityParticipationSchema,
  CustomRequirementSchema,
  InteractionParticipantSchema,
  InteractionSchema,
  MarketingActivitySchema,
  PurchaseOrderSchema,
  ServiceRequestSchema,
  TaskSchema,
  type CustomerKind,
} from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { failureOf, forEachDatabase, notesApi } from '../support/db';
import { department, doctor, hospital, setupCompany, type Company } from './customers-fixtures';

const PLUGIN = 'fixture-notes';

/** Rows B's services would write (interactions, work items), inserted directly. */
async function workRows(em: EntityManager, ownerId: string, subject: { kind: CustomerKind; id: string }, opts: { institutionId?: string; participants?: string[]; activityId?: string } = {}) {
  const at = new Date();
  const interaction = em.create(InteractionSchema, {
    id: newId(),
    externalId: null, channel: 'visit', occurredAt: at, institutionId: opts.institutionId ?? null, departmentId: null, territoryId: null, ownerId,
    keyMessages: [], notes: 'visit notes', outcome: 'positive', nextStep: null, nextStepDue: null, custom: {},
  });
  for (const personId of opts.participants ?? []) em.create(InteractionParticipantSchema, { interactionId: interaction.id, personId, occurredAt: at });
  const base = { subjectKind: subject.kind, subjectId: subject.id };
  em.create(TaskSchema, { ...base, title: 'follow up', description: null, ownerId, dueAt: null, remindAt: null, remindedAt: null, status: 'open', interactionId: null, completedAt: null, createdBy: ownerId });
  em.create(PurchaseOrderSchema, { ...base, externalId: null, territoryId: null, orderNo: `PO-${Math.random().toString(36).slice(2, 8)}`, orderedAt: at, paymentMethod: 'bank_transfer', shippingAddress: null, invoiceNo: null, remarks: null, totalAmount: '100.00', createdBy: ownerId });
  em.create(ServiceRequestSchema, { ...base, territoryId: null, type: 'product_consultation', title: 'question', description: null, status: 'open', ownerId, dueAt: null, resolution: null, openedAt: at, resolvedAt: null, closedAt: null, createdBy: ownerId });
  em.create(CustomRequirementSchema, { ...base, kind: 'packaging', description: 'small packs', status: 'open', createdBy: ownerId });
  if (opts.activityId) em.create(ActivityParticipationSchema, { ...base, activityId: opts.activityId, effectRating: 4, notes: null });
  await em.flush();
  return interaction.id;
}

forEachDatabase((db) => {
  let c: Company;
  let em: EntityManager;
  const count = async (sql: string, params: unknown[]) => Number((await db.sql<{ n: number | string }>(sql, params))[0]!.n);

  beforeAll(async () => {
    c = await setupCompany(`Merge ${db.driver}`, { plugins: [PLUGIN] });
    em = await db.em(c.tenantId);
  });

  describe('two people', () => {
    let renji: string;
    let cardio: string;
    let keep: string;
    let dupe: string;
    let sharedInteraction: string;
    let activityId: string;

    beforeAll(async () => {
      const admin = c.users.admin.api.customers;
      renji = await hospital(c, '仁济医院', c.territories.pudong);
      const huashan = await hospital(c, '华山医院', c.territories.xuhui);
      cardio = await department(c, renji, '心内科');
      keep = await doctor(c, '张三', renji, { departmentId: cardio, contacts: [{ kind: 'mobile', value: '13800138000' }] });
      dupe = await doctor(c, '张三', renji, {
        departmentId: cardio,
        gender: 'male',
        title: 'chief',
        birthday: '1975-03-08',
        idNumber: '11010519491231002X',
        externalId: 'HIS-0042',
        contacts: [{ kind: 'mobile', value: '138 0013 8000' }, { kind: 'wechat', value: 'zhangsan_md' }],
        affiliations: [
          { institutionId: renji, departmentId: cardio, isPrimary: true },
          // The same hospital without a department is the same workplace: it collapses, lending its position.
          { institutionId: renji, departmentId: null, position: '教授', isPrimary: false },
          { institutionId: huashan, departmentId: null, position: '特聘专家', isPrimary: false },
        ],
      });
      await admin.lifecycle.change({ kind: 'person', id: dupe, field: 'stage', value: 'active', reason: '首次拜访' });
      activityId = em.create(MarketingActivitySchema, { id: newId(), name: '心血管论坛', type: 'academic_conference', startsAt: new Date(), location: '上海', description: null, createdBy: c.users.admin.id }).id;
      await em.flush();
      // Both took part in one interaction and one activity; each has work of their own.
      sharedInteraction = await workRows(em, c.users.rep.id, { kind: 'person', id: dupe }, { institutionId: renji, participants: [keep, dupe], activityId });
      await workRows(em, c.users.rep.id, { kind: 'person', id: keep }, { participants: [keep], activityId });
      await workRows(em, c.users.rep.id, { kind: 'person', id: dupe }, { participants: [dupe] });
      await admin.departments.update({ id: cardio, headPersonId: dupe });
      await admin.institutions.update({ id: huashan, mainContactId: dupe });
      // Plugin rows about the duplicate.
      await notesApi(c.users.admin.api).create({ title: '偏好', body: '喜欢午间拜访', subjectId: dupe });
      await notesApi(c.users.admin.api).create({ title: '会议', body: '参加了科室会', subjectId: dupe });
    });

    it('the preview counts what will move', async () => {
      const p = await c.users.manager.api.customers.merge.preview({ kind: 'person', keepId: keep, mergeId: dupe });
      expect(p.kept.id).toBe(keep);
      expect(p.counts).toMatchObject({ affiliation: 3, contact_point: 2, interaction: 2, task: 2, purchase_order: 2, service_request: 2, custom_requirement: 2, activity_participation: 1, lifecycle_change: 1 });
    });

    it('moves every related row, plugin rows included while the plugin is disabled, and fills blanks', async () => {
      await c.users.admin.api.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: false });
      const result = await c.users.manager.api.customers.merge.run({ kind: 'person', keepId: keep, mergeId: dupe });
      await c.users.admin.api.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: true });

      expect(result.moved[`plugin:${PLUGIN}`]).toEqual({ fixture_notes_note: 2 });
      for (const table of ['task', 'purchase_order', 'service_request', 'custom_requirement', 'lifecycle_change', 'activity_participation']) {
        expect(await count(`select count(*) as n from ${table} where subject_id = ?`, [dupe]), table).toBe(0);
      }
      expect(await count('select count(*) as n from task where subject_id = ?', [keep])).toBe(3);
      expect(await count('select count(*) as n from purchase_order where subject_id = ?', [keep])).toBe(3);
      expect(await count('select count(*) as n from lifecycle_change where subject_id = ?', [keep])).toBe(1);
      // The activity both attended counts once.
      expect(await count('select count(*) as n from activity_participation where subject_id = ? and activity_id = ?', [keep, activityId])).toBe(1);
      // Interactions: the shared one keeps one participant row; the other moved.
      expect(await count('select count(*) as n from interaction_participant where person_id = ?', [dupe])).toBe(0);
      expect(await count('select count(*) as n from interaction_participant where person_id = ? and interaction_id = ?', [keep, sharedInteraction])).toBe(1);
      expect(await count('select count(*) as n from interaction_participant where person_id = ?', [keep])).toBe(3);
      // Plugin rows.
      expect(await count('select count(*) as n from fixture_notes_note where subject_id = ?', [dupe])).toBe(0);
      expect(await count('select count(*) as n from fixture_notes_note where subject_id = ?', [keep])).toBe(2);
      // Affiliations: the same department collapsed, the second hospital moved (not primary).
      const affs = await db.sql<{ institution_id: string; is_primary: number | boolean; position: string | null }>('select institution_id, is_primary, position from affiliation where person_id = ? order by is_primary desc', [keep]);
      expect(affs.map((a) => [a.institution_id === renji, Boolean(a.is_primary), a.position])).toEqual([
        [true, true, '教授'],
        [false, false, '特聘专家'],
      ]);
      expect(await count('select count(*) as n from affiliation where person_id = ?', [dupe])).toBe(0);
      // Contact points: the same mobile once, the WeChat moved.
      const contacts = await db.sql<{ kind: string }>('select kind from contact_point where owner_id = ? order by kind', [keep]);
      expect(contacts.map((x) => x.kind)).toEqual(['mobile', 'wechat']);
      // Pointers from departments and institutions.
      expect(await count('select count(*) as n from department where head_person_id = ?', [keep])).toBe(1);
      expect(await count('select count(*) as n from institution where main_contact_id = ?', [keep])).toBe(1);
    });

    it('the kept record took over blank fields; the merged one is a tombstone pointing at it', async () => {
      const admin = c.users.admin.api.customers;
      const p = await admin.people.get({ id: keep, forEdit: true }) // birthday is sensitive by default: read it in clear;
      expect(p).toMatchObject({ title: 'attending', gender: 'male', birthday: '1975-03-08', externalId: 'HIS-0042', idNumberMasked: '****002X', stage: 'active' });
      expect(p.contacts.map((x) => x.kind).sort()).toEqual(['mobile', 'wechat']);
      expect((await admin.unmask({ kind: 'person', id: keep, field: 'idNumber' })).value).toBe('11010519491231002X');
      const tomb = await admin.people.get({ id: dupe });
      expect(tomb).toMatchObject({ archived: true, mergedIntoId: keep });
      expect((await failureOf(admin.people.update({ id: dupe, name: 'x' }))).appCode).toBe('NOT_FOUND');
      expect((await failureOf(admin.people.restore({ id: dupe }))).appCode).toBe('NOT_FOUND');
      expect((await admin.search({ q: '张三', kind: 'person', limit: 10 })).map((h) => h.id)).toEqual([keep]);
      const timeline = await admin.timeline({ kind: 'person', id: keep, before: null, limit: 50 });
      expect(timeline.items.filter((i) => i.source === 'plugin').map((i) => i.title).sort()).toEqual(['会议', '偏好']);
    });

    it('is audited with what moved', async () => {
      const [entry] = await db.sql<{ changes: string | Record<string, unknown>; actor_user_id: string }>(`select changes, actor_user_id from audit_entry where tenant_id = ? and action = 'customer.merged' and entity_id = ?`, [c.tenantId, keep]);
      const changes = typeof entry!.changes === 'string' ? JSON.parse(entry!.changes) : entry!.changes;
      expect(entry!.actor_user_id).toBe(c.users.manager.id);
      expect(changes).toMatchObject({ kind: 'person', keptId: keep, mergedId: dupe, moved: { task: 2, purchase_order: 2, [`plugin:${PLUGIN}`]: { fixture_notes_note: 2 } } });
      expect(changes.filled).toEqual(expect.arrayContaining(['gender', 'birthday', 'idNumber', 'externalId']));
    });

    it('refuses to merge a record with itself, or with one already merged', async () => {
      expect((await failureOf(c.users.admin.api.customers.merge.run({ kind: 'person', keepId: keep, mergeId: keep }))).appCode).toBe('MERGE_SAME');
      expect((await failureOf(c.users.admin.api.customers.merge.run({ kind: 'person', keepId: keep, mergeId: dupe }))).appCode).toBe('NOT_FOUND');
    });
  });

  describe('two institutions', () => {
    it('moves departments (same names collapse), staff, interactions, branches, orders and plugin rows', async () => {
      const admin = c.users.admin.api.customers;
      const keep = await hospital(c, '徐汇区中心医院', c.territories.xuhui);
      const dupe = await hospital(c, '徐汇中心医院', c.territories.pudong, { street: '淮海中路 966 号', contacts: [{ kind: 'phone', value: '021-64041990' }] });
      const branch = await hospital(c, '徐汇中心医院分院', c.territories.pudong, { parentId: dupe });
      const keepCardio = await department(c, keep, '心内科');
      const dupeCardio = await department(c, dupe, '心内科');
      const dupeEndo = await department(c, dupe, '内分泌科');
      const doc = await doctor(c, '李四', dupe, { departmentId: dupeCardio });
      const doc2 = await doctor(c, '王五', dupe, { departmentId: dupeEndo });
      await workRows(em, c.users.rep.id, { kind: 'institution', id: dupe }, { institutionId: dupe, participants: [doc] });

      const result = await admin.merge.run({ kind: 'institution', keepId: keep, mergeId: dupe });
      expect(result.filled).toContain('street');

      expect(await count('select count(*) as n from department where institution_id = ?', [dupe])).toBe(0);
      expect(await count('select count(*) as n from department where id = ?', [dupeCardio])).toBe(0);
      expect(await count('select count(*) as n from department where id = ? and institution_id = ?', [dupeEndo, keep])).toBe(1);
      const p = await admin.people.get({ id: doc });
      expect(p.affiliations.map((a) => [a.institutionId, a.departmentId])).toEqual([[keep, keepCardio]]);
      // People follow their primary institution's territory.
      expect(p.territory?.id).toBe(c.territories.xuhui);
      expect((await admin.people.get({ id: doc2 })).affiliations[0]!.departmentId).toBe(dupeEndo);
      expect(await count('select count(*) as n from interaction where institution_id = ?', [dupe])).toBe(0);
      expect(await count('select count(*) as n from purchase_order where subject_kind = ? and subject_id = ?', ['institution', keep])).toBe(1);
      expect((await admin.institutions.get({ id: branch })).parentId).toBe(keep);
      const kept = await admin.institutions.get({ id: keep });
      expect(kept.street).toBe('淮海中路 966 号');
      expect(kept.contacts.map((x) => x.value)).toEqual(['021-64041990']);
      expect(kept.departments.map((d) => d.name).sort()).toEqual(['内分泌科', '心内科']);
      expect((await admin.institutions.get({ id: dupe })).mergedIntoId).toBe(keep);
    });
  });
});
