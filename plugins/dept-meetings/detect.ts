import { membersWithPermission, notify } from '@/server/services/notifications';
import type { Actor } from './actor';
import {
  DeptMeetingEvidenceSchema,
  DeptMeetingFlagSchema,
  DeptMeetingInviteeSchema,
  DeptMeetingSchema,
  DeptMeetingSigninSchema,
  type DeptMeeting,
} from './entities';
import { PLUGIN_ID } from './manifest';
import { closeFigures } from './rules';
import { meetingSettings, yuan } from './settings';

/**
 * Fake-meeting (虚假会议) signals. Each detector is idempotent: one flag per meeting, kind and
 * reference, however often it runs. Flags show on the meeting and in compliance's queue.
 */
export const FLAG_KINDS = [
  'duplicate_photo',
  'hcp_overlap',
  'rep_overlap',
  'reused_signin',
  'attendance_over_rsvp',
  'scenic_venue',
  'repeat_attendance',
  'lavish_spend',
  'adverse_event_manual',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

const LIVE = ['inviting', 'in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'];

export async function raiseFlag(actor: Actor, meetingId: string, kind: FlagKind, ref: string, values: Record<string, string | number> = {}): Promise<boolean> {
  const existing = await actor.em.findOne(DeptMeetingFlagSchema, { meetingId, kind, ref });
  if (existing) return false;
  actor.em.create(DeptMeetingFlagSchema, { meetingId, kind, ref, values, status: 'open', findings: null, resolvedBy: null, resolvedAt: null });
  await actor.em.flush();
  const auditors = await membersWithPermission(actor.em, `${PLUGIN_ID}.audit`);
  await notify(actor.em, {
    userIds: auditors,
    source: PLUGIN_ID,
    messageKey: `plugins.${PLUGIN_ID}.notify.flagRaised`,
    values: { kind },
    href: `/m/${PLUGIN_ID}/meetings/${meetingId}`,
    dedupeKey: `${PLUGIN_ID}:flag:${meetingId}:${kind}:${ref}`,
  });
  return true;
}

const overlaps = (a: DeptMeeting, b: DeptMeeting) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** The same photo (content hash) in another meeting: both meetings are flagged. */
export async function detectDuplicatePhoto(actor: Actor, meeting: DeptMeeting, contentHash: string): Promise<void> {
  const same = await actor.em.find(DeptMeetingEvidenceSchema, { contentHash, kind: 'photo', meetingId: { $ne: meeting.id } });
  for (const other of new Set(same.map((s) => s.meetingId))) {
    await raiseFlag(actor, meeting.id, 'duplicate_photo', other, { hash: contentHash.slice(0, 12) });
    await raiseFlag(actor, other, 'duplicate_photo', meeting.id, { hash: contentHash.slice(0, 12) });
  }
}

/** After a sign-in: the HCP signed into another meeting at an overlapping time, repeat attendance, reused signatures. */
export async function detectAfterSignin(actor: Actor, meeting: DeptMeeting, personId: string | null, signatureHash: string | null): Promise<void> {
  const settings = await meetingSettings(actor.em);
  if (personId) {
    const mine = await actor.em.find(DeptMeetingSigninSchema, { personId, meetingId: { $ne: meeting.id } }, { fields: ['meetingId'] });
    if (mine.length) {
      const others = await actor.em.find(DeptMeetingSchema, { id: { $in: [...new Set(mine.map((m) => m.meetingId))] } });
      for (const other of others.filter((o) => overlaps(o, meeting))) {
        await raiseFlag(actor, meeting.id, 'hcp_overlap', `${other.id}:${personId}`, { meeting: other.title });
        await raiseFlag(actor, other.id, 'hcp_overlap', `${meeting.id}:${personId}`, { meeting: meeting.title });
      }
      const { count, days } = settings.rules.attendanceCap;
      const from = new Date(meeting.startsAt.getTime() - days * 86_400_000);
      const recent = await actor.em.count(DeptMeetingSchema, { id: { $in: mine.map((m) => m.meetingId) }, productId: meeting.productId, startsAt: { $gte: from, $lte: meeting.startsAt } });
      if (recent + 1 > count) await raiseFlag(actor, meeting.id, 'repeat_attendance', personId, { times: recent + 1, days });
    }
  }
  if (signatureHash) {
    const same = await actor.em.find(DeptMeetingSigninSchema, { signatureHash, erasedAt: null });
    if (same.length > 1) {
      for (const id of new Set(same.map((s) => s.meetingId))) await raiseFlag(actor, id, 'reused_signin', signatureHash.slice(0, 16), {});
    }
  }
}

/** At close: rep in two places, reused attendee lists, headcount far above RSVPs, lavish spend. */
export async function detectAtClose(actor: Actor, meeting: DeptMeeting): Promise<void> {
  const settings = await meetingSettings(actor.em);
  const signins = await actor.em.find(DeptMeetingSigninSchema, { meetingId: meeting.id });
  // The rep held another meeting with attendees at an overlapping time.
  const repMeetings = await actor.em.find(DeptMeetingSchema, { ownerId: meeting.ownerId, id: { $ne: meeting.id }, status: { $in: LIVE as never }, startsAt: { $lt: meeting.endsAt }, endsAt: { $gt: meeting.startsAt } });
  for (const other of repMeetings) {
    if (!(await actor.em.count(DeptMeetingSigninSchema, { meetingId: other.id }))) continue;
    await raiseFlag(actor, meeting.id, 'rep_overlap', other.id, { meeting: other.title });
    await raiseFlag(actor, other.id, 'rep_overlap', meeting.id, { meeting: meeting.title });
  }
  // The same list of attendees (three or more) as another meeting.
  const people = [...new Set(signins.map((s) => s.personId).filter((p): p is string => Boolean(p)))].sort();
  if (people.length >= 3) {
    const rows = await actor.em.find(DeptMeetingSigninSchema, { personId: { $in: people }, meetingId: { $ne: meeting.id } }, { fields: ['meetingId', 'personId'] });
    const byMeeting = new Map<string, Set<string>>();
    for (const r of rows) byMeeting.set(r.meetingId, (byMeeting.get(r.meetingId) ?? new Set()).add(r.personId!));
    for (const [other, set] of byMeeting) {
      if (set.size !== people.length) continue;
      const total = await actor.em.count(DeptMeetingSigninSchema, { meetingId: other });
      if (total === signins.length) {
        await raiseFlag(actor, meeting.id, 'reused_signin', other, { count: people.length });
        await raiseFlag(actor, other, 'reused_signin', meeting.id, { count: people.length });
      }
    }
  }
  const yes = await actor.em.count(DeptMeetingInviteeSchema, { meetingId: meeting.id, rsvp: 'yes' });
  if (signins.length >= 3 && signins.length > Math.max(1, yes) * settings.attendanceOverRsvpFactor) {
    await raiseFlag(actor, meeting.id, 'attendance_over_rsvp', 'close', { attended: signins.length, rsvps: yes });
  }
  const f = await closeFigures(actor, meeting);
  if (f.diners && yuan(f.perHead) > settings.lavishPerHead) await raiseFlag(actor, meeting.id, 'lavish_spend', 'close', { perHead: yuan(f.perHead), limit: settings.lavishPerHead });
}

/** At submission: a scenic or otherwise invalid venue. */
export async function detectVenue(actor: Actor, meeting: DeptMeeting): Promise<void> {
  const settings = await meetingSettings(actor.em);
  const hit = settings.scenicKeywords.find((k) => meeting.venue.includes(k));
  if (hit) await raiseFlag(actor, meeting.id, 'scenic_venue', hit, { venue: meeting.venue, keyword: hit });
}
