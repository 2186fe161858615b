import { InstitutionSchema, PersonSchema } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { issuePluginLink, type OpenedPluginLink } from '@/server/plugins/public-links';
import type { Actor } from './actor';
import { detectAfterSignin } from './detect';
import { DeptMeetingInviteeSchema, DeptMeetingSchema, DeptMeetingSigninSchema, DeptMeetingStepSchema, type DeptMeeting } from './entities';
import { PLUGIN_ID } from './manifest';
import { fail, hashSignature, signinLinkExpiry, visibleMeeting } from './service';
import { meetingSettings } from './settings';

export const SIGNIN_PURPOSE = 'signin';

const SIGNABLE = ['inviting', 'in_progress'];

/** The QR code's target: a signed public link for the meeting, valid until its window closes. */
export async function signinLink(actor: Actor, id: string): Promise<{ path: string; expiresAt: Date }> {
  const meeting = await visibleMeeting(actor, id);
  if (!['pending_hospital', 'inviting', 'in_progress'].includes(meeting.status)) throw fail('NOT_SIGNABLE', 'signinNotNow', {}, 'CONFLICT');
  const expiresAt = await signinLinkExpiry(actor, meeting);
  if (expiresAt.getTime() <= Date.now()) throw fail('SIGNIN_CLOSED', 'signinClosed', {}, 'CONFLICT');
  const { path } = issuePluginLink(PLUGIN_ID, SIGNIN_PURPOSE, { tenantId: actor.tenantId, subject: meeting.id, expiresAt });
  return { path, expiresAt };
}

async function windowOf(link: Pick<OpenedPluginLink, 'em'>, meeting: DeptMeeting) {
  const s = await meetingSettings(link.em);
  return { opens: new Date(meeting.startsAt.getTime() - s.signinOpensMinutesBefore * 60_000), closes: new Date(meeting.endsAt.getTime() + s.signinClosesMinutesAfter * 60_000) };
}

/** What the phone page shows: the meeting, whether the window is open, and who is still to sign. */
export async function publicSigninInfo(link: OpenedPluginLink) {
  const meeting = await link.em.findOne(DeptMeetingSchema, { id: link.subject });
  if (!meeting) throw errors.notFound('meeting');
  const { opens, closes } = await windowOf(link, meeting);
  const now = Date.now();
  const state: 'early' | 'open' | 'closed' = !SIGNABLE.includes(meeting.status) || now > closes.getTime() ? 'closed' : now < opens.getTime() ? 'early' : 'open';
  const invitees = await link.em.find(DeptMeetingInviteeSchema, { meetingId: meeting.id });
  const signed = new Set((await link.em.find(DeptMeetingSigninSchema, { meetingId: meeting.id }, { fields: ['personId'] })).map((s) => s.personId));
  const people = invitees.length ? await link.em.find(PersonSchema, { id: { $in: invitees.map((i) => i.personId) } }, { fields: ['id', 'name'] }) : [];
  const inst = await link.em.findOne(InstitutionSchema, { id: meeting.institutionId }, { fields: ['name'] });
  return {
    title: meeting.title,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    venue: meeting.venue,
    institutionName: inst?.name ?? '',
    state,
    opens,
    closes,
    invitees: people
      .filter((p) => !signed.has(p.id))
      .map((p) => ({ personId: p.id, name: p.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}

export interface PublicSigninInput {
  personId: string | null;
  name: string;
  mobileLast4: string;
  department: string | null;
  meal: boolean;
  signature: string;
  latitude: number | null;
  longitude: number | null;
}

/**
 * One attendee signs in. No signing for someone else: an invitee proves who they are with the last
 * four digits of the mobile on their record; anyone else registers as a walk-in (flagged). One
 * sign-in per person; only while the window is open.
 */
export async function publicSignin(link: OpenedPluginLink, input: PublicSigninInput): Promise<{ id: string; walkIn: boolean }> {
  const em = link.em;
  const meeting = await em.findOne(DeptMeetingSchema, { id: link.subject });
  if (!meeting) throw errors.notFound('meeting');
  const { opens, closes } = await windowOf(link, meeting);
  const now = new Date();
  if (!SIGNABLE.includes(meeting.status) || now > closes) throw fail('SIGNIN_CLOSED', 'signinClosed', {}, 'CONFLICT');
  if (now < opens) throw fail('SIGNIN_EARLY', 'signinEarly', {}, 'CONFLICT');
  if (!/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(input.signature) || input.signature.length < 200) throw fail('SIGNATURE_REQUIRED', 'signatureRequired');
  let personId: string | null = null;
  let name = input.name.trim();
  if (input.personId) {
    const invitee = await em.findOne(DeptMeetingInviteeSchema, { meetingId: meeting.id, personId: input.personId });
    const person = invitee ? await em.findOne(PersonSchema, { id: input.personId }, { fields: ['id', 'name', 'mobile'] }) : null;
    if (!person || !person.mobile || person.mobile.replace(/\D/g, '').slice(-4) !== input.mobileLast4) throw fail('IDENTITY_MISMATCH', 'identityMismatch');
    personId = person.id;
    name = person.name;
    if (await em.findOne(DeptMeetingSigninSchema, { meetingId: meeting.id, personId })) throw fail('ALREADY_SIGNED', 'alreadySigned', {}, 'CONFLICT');
  } else {
    if (!name) throw fail('NAME_REQUIRED', 'nameRequired');
    if (await em.findOne(DeptMeetingSigninSchema, { meetingId: meeting.id, name, mobileLast4: input.mobileLast4 })) throw fail('ALREADY_SIGNED', 'alreadySigned', {}, 'CONFLICT');
  }
  const signatureHash = hashSignature(input.signature);
  const row = em.create(DeptMeetingSigninSchema, {
    meetingId: meeting.id,
    personId,
    name,
    department: input.department,
    mobileLast4: input.mobileLast4,
    walkIn: personId === null,
    meal: input.meal,
    signature: input.signature,
    signatureHash,
    signedAt: now,
    latitude: input.latitude,
    longitude: input.longitude,
    followUpTaskId: null,
    erasedAt: null,
  });
  const started = meeting.status === 'inviting';
  if (started) {
    // The first attendee's sign-in starts the meeting.
    meeting.status = 'in_progress';
    em.create(DeptMeetingStepSchema, { meetingId: meeting.id, fromState: 'inviting', toState: 'in_progress', action: 'start', comment: null, actorId: null, at: now });
  }
  await em.flush();
  await recordAudit(em, {
    tenantId: link.tenantId,
    actorUserId: null,
    action: `${PLUGIN_ID}.signin.recorded`,
    entity: 'DeptMeetingSignin',
    entityId: row.id,
    changes: { meetingId: meeting.id, personId, walkIn: row.walkIn, meal: row.meal, located: input.latitude !== null, started },
  });
  const actor: Actor = { em, tenantId: link.tenantId, userId: null, roles: [], permissions: new Set(), timezone: 'Asia/Shanghai', ip: null, requestId: null, afterCommit: null };
  await detectAfterSignin(actor, meeting, personId, signatureHash);
  return { id: row.id, walkIn: row.walkIn };
}
