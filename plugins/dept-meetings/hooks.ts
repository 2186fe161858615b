import type { CustomerHooks, PrivacyHooks, TimelineEntry } from '@/server/plugins/contract';
import {
  DeptMeetingInviteeSchema,
  DeptMeetingNoteSchema,
  DeptMeetingSchema,
  DeptMeetingSigninSchema,
  DeptMeetingTransferSchema,
} from './entities';
import { PLUGIN_ID } from './manifest';

const href = (id: string) => `/m/${PLUGIN_ID}/meetings/${id}`;

export const customerHooks: CustomerHooks = {
  async timeline(customer, { em }, page) {
    let ids: string[];
    if (customer.kind === 'person') {
      const [inv, sig] = await Promise.all([
        em.find(DeptMeetingInviteeSchema, { personId: customer.id }, { fields: ['meetingId'] }),
        em.find(DeptMeetingSigninSchema, { personId: customer.id }, { fields: ['meetingId'] }),
      ]);
      ids = [...new Set([...inv, ...sig].map((r) => r.meetingId))];
      const speaking = await em.find(DeptMeetingSchema, { speakerPersonId: customer.id }, { fields: ['id'] });
      ids.push(...speaking.map((s) => s.id));
    } else {
      ids = (await em.find(DeptMeetingSchema, { institutionId: customer.id }, { fields: ['id'] })).map((m) => m.id);
    }
    if (!ids.length) return [];
    const meetings = await em.find(
      DeptMeetingSchema,
      { id: { $in: [...new Set(ids)] }, status: { $ne: 'cancelled' }, ...(page.before ? { startsAt: { $lt: page.before } } : {}) },
      { orderBy: { startsAt: 'desc' }, limit: page.limit },
    );
    return meetings.map((m): TimelineEntry => ({ at: m.startsAt, typeKey: 'timelineType', title: m.title, summary: m.venue, href: href(m.id) }));
  },
  async merge(kind, fromId, intoId, { em }): Promise<Record<string, number>> {
    if (kind === 'institution') return { dept_meetings_meeting: await em.nativeUpdate(DeptMeetingSchema, { institutionId: fromId }, { institutionId: intoId }) };
    // An invitee row for both records would collide on (meeting, person): keep the surviving one.
    const intoMeetings = new Set((await em.find(DeptMeetingInviteeSchema, { personId: intoId }, { fields: ['meetingId'] })).map((r) => r.meetingId));
    const dupes = await em.find(DeptMeetingInviteeSchema, { personId: fromId, meetingId: { $in: [...intoMeetings] } });
    for (const d of dupes) em.remove(d);
    await em.flush();
    const intoTransfers = await em.find(DeptMeetingTransferSchema, { personId: intoId }, { fields: ['meetingId', 'kind'] });
    const taken = new Set(intoTransfers.map((t) => `${t.meetingId}:${t.kind}`));
    const fromTransfers = await em.find(DeptMeetingTransferSchema, { personId: fromId });
    for (const t of fromTransfers) {
      if (taken.has(`${t.meetingId}:${t.kind}`)) {
        const keep = await em.findOneOrFail(DeptMeetingTransferSchema, { personId: intoId, meetingId: t.meetingId, kind: t.kind });
        keep.amount += t.amount;
        em.remove(t);
      }
    }
    await em.flush();
    return {
      dept_meetings_invitee: (await em.nativeUpdate(DeptMeetingInviteeSchema, { personId: fromId }, { personId: intoId })) + dupes.length,
      dept_meetings_signin: await em.nativeUpdate(DeptMeetingSigninSchema, { personId: fromId }, { personId: intoId }),
      dept_meetings_note: await em.nativeUpdate(DeptMeetingNoteSchema, { personId: fromId }, { personId: intoId }),
      dept_meetings_transfer: await em.nativeUpdate(DeptMeetingTransferSchema, { personId: fromId }, { personId: intoId }),
      dept_meetings_meeting: await em.nativeUpdate(DeptMeetingSchema, { speakerPersonId: fromId }, { speakerPersonId: intoId }),
    };
  },
};

export const privacyHooks: PrivacyHooks = {
  async exportPersonalData(subjectId, { em }) {
    const [invitees, signins, notes, transfers] = await Promise.all([
      em.find(DeptMeetingInviteeSchema, { personId: subjectId }),
      em.find(DeptMeetingSigninSchema, { personId: subjectId }),
      em.find(DeptMeetingNoteSchema, { personId: subjectId }),
      em.find(DeptMeetingTransferSchema, { personId: subjectId }),
    ]);
    return {
      dept_meetings_invitee: invitees.map((i) => ({ meetingId: i.meetingId, attitude: i.attitude, channel: i.channel, invitedAt: i.invitedAt?.toISOString() ?? null, rsvp: i.rsvp, attitudeAfter: i.attitudeAfter, questionsAnswered: i.questionsAnswered, evaluationNote: i.evaluationNote })),
      dept_meetings_signin: signins.map((s) => ({ meetingId: s.meetingId, name: s.name, department: s.department, mobileLast4: s.mobileLast4, walkIn: s.walkIn, meal: s.meal, signature: s.signature, signedAt: s.signedAt.toISOString(), latitude: s.latitude, longitude: s.longitude })),
      dept_meetings_note: notes.map((n) => ({ meetingId: n.meetingId, kind: n.kind, text: n.text, response: n.response, createdAt: n.createdAt.toISOString() })),
      dept_meetings_transfer: transfers.map((t) => ({ meetingId: t.meetingId, kind: t.kind, amountRmb: t.amount / 100, occurredOn: t.occurredOn })),
    };
  },
  /**
   * Signatures, location, mobile digits and evaluation notes go. The fact of attendance (meeting,
   * time, meal) and the transfer-of-value items stay: disclosure and the audit of the meeting's
   * cost require them for their retention period.
   */
  async erasePersonalData(subjectId, { em }) {
    const signins = await em.nativeUpdate(
      DeptMeetingSigninSchema,
      { personId: subjectId, erasedAt: null },
      { signature: null, mobileLast4: null, latitude: null, longitude: null, department: null, name: '[已删除]', erasedAt: new Date() },
    );
    const invitees = await em.nativeUpdate(DeptMeetingInviteeSchema, { personId: subjectId }, { evaluationNote: null, attitude: 0, attitudeAfter: null });
    const notes = await em.nativeUpdate(DeptMeetingNoteSchema, { personId: subjectId, kind: { $ne: 'adverse_event' } }, { personId: null });
    return { dept_meetings_signin: signins, dept_meetings_invitee: invitees, dept_meetings_note: notes };
  },
};
