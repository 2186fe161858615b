import type { FilterQuery } from '@mikro-orm/core';
import { DepartmentSchema, InstitutionSchema, PersonSchema, ProductSchema } from '@/server/db/entities';
import type { LoggedObjection, MeetingBrief, MeetingBriefs, ObjectionLibrary } from '@/server/plugins/capabilities';
import { actorForRun } from './actor';
import { DeptMeetingInviteeSchema, DeptMeetingNoteSchema, DeptMeetingSchema, type DeptMeeting, type DeptMeetingNote } from './entities';
import { PLUGIN_ID } from './manifest';
import { listMeetings, meetingWhere } from './service';

const href = (id: string) => `/m/${PLUGIN_ID}/meetings/${id}`;

export const meetingBriefs: MeetingBriefs = {
  async list(ctx, filter) {
    const actor = await actorForRun(ctx);
    const rows = await listMeetings(actor, { from: filter.from ?? new Date(), limit: Math.min(Math.max(filter.limit, 1), 200), status: ['draft', 'pending_manager', 'pending_compliance', 'pending_hospital', 'inviting', 'in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'] });
    return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.startsAt, status: r.status, institutionName: r.institutionName }));
  },
  async get(meetingId, ctx): Promise<MeetingBrief | null> {
    const actor = await actorForRun(ctx);
    const m = await actor.em.findOne(DeptMeetingSchema, { $and: [{ id: meetingId }, await meetingWhere(actor)] } as FilterQuery<DeptMeeting>);
    if (!m) return null;
    const invitees = await actor.em.find(DeptMeetingInviteeSchema, { meetingId: m.id });
    const ids = invitees.map((i) => i.personId);
    const [people, notes, product, inst, dept] = await Promise.all([
      ids.length ? actor.em.find(PersonSchema, { id: { $in: ids } }, { fields: ['id', 'name', 'title'] }) : [],
      ids.length ? actor.em.find(DeptMeetingNoteSchema, { personId: { $in: ids }, kind: { $in: ['objection', 'question'] } }, { orderBy: { createdAt: 'desc' }, limit: 500 }) : [],
      actor.em.findOne(ProductSchema, { id: m.productId }, { fields: ['id', 'name'] }),
      actor.em.findOne(InstitutionSchema, { id: m.institutionId }, { fields: ['id', 'name'] }),
      m.departmentId ? actor.em.findOne(DepartmentSchema, { id: m.departmentId }, { fields: ['id', 'name'] }) : null,
    ]);
    const pm = new Map(people.map((p) => [p.id, p]));
    return {
      id: m.id,
      title: m.title,
      startsAt: m.startsAt,
      status: m.status,
      objective: m.objective,
      productId: m.productId,
      productName: product?.name ?? null,
      indication: m.indication,
      institutionId: m.institutionId,
      institutionName: inst?.name ?? null,
      departmentName: dept?.name ?? null,
      href: href(m.id),
      invitees: invitees.map((i) => ({
        personId: i.personId,
        name: pm.get(i.personId)?.name ?? '',
        title: pm.get(i.personId)?.title ?? null,
        attitude: i.attitude,
        objections: notes.filter((n) => n.personId === i.personId).map((n) => n.text),
      })),
    };
  },
};

export const objectionLibrary: ObjectionLibrary = {
  async list(ctx, filter): Promise<LoggedObjection[]> {
    const actor = await actorForRun(ctx);
    const visible = await actor.em.find(DeptMeetingSchema, await meetingWhere(actor), { fields: ['id', 'title'] });
    if (!visible.length) return [];
    const where: FilterQuery<DeptMeetingNote> = { kind: { $in: ['objection', 'question'] }, meetingId: { $in: visible.map((v) => v.id) } };
    if (filter.productId) Object.assign(where, { productId: filter.productId });
    if (filter.search?.trim()) Object.assign(where, { text: { $like: `%${filter.search.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%` } });
    const notes = await actor.em.find(DeptMeetingNoteSchema, where, { orderBy: { createdAt: 'desc' }, limit: Math.min(Math.max(filter.limit, 1), 500) });
    const products = notes.length ? await actor.em.find(ProductSchema, { id: { $in: [...new Set(notes.flatMap((n) => (n.productId ? [n.productId] : [])))] } }, { fields: ['id', 'name'] }) : [];
    const pn = new Map(products.map((p) => [p.id, p.name]));
    const titles = new Map(visible.map((v) => [v.id, v.title]));
    return notes.map((n) => ({
      id: n.id,
      text: n.text,
      response: n.response,
      category: n.category,
      productId: n.productId,
      productName: n.productId ? pn.get(n.productId) ?? null : null,
      personId: n.personId,
      source: { owner: PLUGIN_ID, kind: 'meeting', id: n.meetingId, label: titles.get(n.meetingId) ?? '' },
      loggedAt: n.createdAt,
    }));
  },
};
