import { z } from 'zod';
import { CONTACT_CHANNELS } from '@/server/db/entities';
import { openPluginLink } from '@/server/plugins/public-links';
import { updateModuleSettings } from '@/server/services/plugins';
import { can, pluginProcedure, publicProcedure, router } from '@/server/trpc/init';
import { actorOf } from './actor';
import { MEETING_STATES } from './entities';
import { PLUGIN_ID, settingsSchema } from './manifest';
import {
  ACTION_NAMES,
  addEvidence,
  approvalInbox,
  createMeeting,
  evaluateAttendee,
  evidenceFile,
  getMeeting,
  listFlags,
  listMeetings,
  logNote,
  MAX_FILE_BYTES,
  planOptions,
  reconcileSignin,
  recordOutcome,
  resolveFlag,
  saveCloseOut,
  sendInvitations,
  setRsvp,
  transferCsv,
  transferTotals,
  transition,
  updateMeeting,
  type MeetingAction,
} from './service';
import { meetingSettings } from './settings';
import { publicSignin, publicSigninInfo, signinLink, SIGNIN_PURPOSE } from './signin';

const p = pluginProcedure(PLUGIN_ID);
const perm = (action: string) => p.use(can(`${PLUGIN_ID}.${action}`));
const id = z.string().min(1).max(36);
const text = (max: number) => z.string().trim().max(max);
const comment = text(2000).nullable().default(null);

export const planInput = z.object({
  title: text(200).min(1),
  objective: text(2000).min(1),
  productId: id,
  indication: text(300).min(1),
  institutionId: id,
  departmentId: id.nullable(),
  startsAt: z.coerce.date(),
  durationMinutes: z.number().int().min(15).max(720),
  venue: text(200).min(1),
  speakerKind: z.enum(['hcp', 'internal', 'none']),
  speakerPersonId: id.nullable(),
  speakerName: text(100).nullable(),
  speakerFee: z.number().min(0).max(1_000_000),
  mealPerHead: z.number().min(0).max(100_000),
  headcount: z.number().int().min(1).max(500),
  agenda: text(5000),
  deckId: text(100).nullable(),
  deckVersion: text(50).nullable(),
  invitees: z.array(z.object({ personId: id, attitude: z.number().int().min(-2).max(2) })).max(200),
});

const base64 = z.string().max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 8).regex(/^[A-Za-z0-9+/=]*$/);

export const meetingsRouter = router({
  list: perm('read')
    .input(z.object({ from: z.coerce.date().nullable().default(null), to: z.coerce.date().nullable().default(null), status: z.array(z.enum(MEETING_STATES)).max(20).nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listMeetings(actorOf(ctx), input)),
  get: perm('read').input(z.object({ id })).query(({ ctx, input }) => getMeeting(actorOf(ctx), input.id)),
  planOptions: perm('plan').input(z.object({ institutionId: id.nullable().default(null) })).query(({ ctx, input }) => planOptions(actorOf(ctx), input.institutionId)),
  inbox: perm('read').query(({ ctx }) => approvalInbox(actorOf(ctx))),
  create: perm('plan').input(planInput).mutation(({ ctx, input }) => createMeeting(actorOf(ctx), input)),
  update: perm('plan')
    .input(planInput.extend({ id, comment }))
    .mutation(({ ctx, input }) => updateMeeting(actorOf(ctx), input.id, input)),
  transition: perm('read')
    .input(z.object({ id, action: z.enum(ACTION_NAMES as [MeetingAction, ...MeetingAction[]]), comment, hospitalApprovalNo: text(100).nullable().default(null) }))
    .mutation(({ ctx, input }) => transition(actorOf(ctx), input.id, input.action, input)),
  invite: perm('plan')
    .input(z.object({ id, channel: z.enum(CONTACT_CHANNELS), personIds: z.array(id).max(200).nullable().default(null) }))
    .mutation(({ ctx, input }) => sendInvitations(actorOf(ctx), input.id, input)),
  rsvp: perm('plan')
    .input(z.object({ id, personId: id, rsvp: z.enum(['pending', 'yes', 'no']) }))
    .mutation(({ ctx, input }) => setRsvp(actorOf(ctx), input.id, input.personId, input.rsvp)),
  signinLink: perm('plan').input(z.object({ id })).mutation(({ ctx, input }) => signinLink(actorOf(ctx), input.id)),
  addEvidence: perm('plan')
    .input(
      z.object({
        id,
        kind: z.enum(['photo', 'invoice', 'attachment']),
        fileName: text(200).min(1),
        mime: text(100),
        dataBase64: base64,
        invoiceNo: text(64).nullable().default(null),
        amount: z.number().min(0).max(10_000_000).nullable().default(null),
        invoiceVenue: text(200).nullable().default(null),
        invoiceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
      }),
    )
    .mutation(({ ctx, input }) => addEvidence(actorOf(ctx), input.id, input)),
  evidenceFile: perm('read').input(z.object({ evidenceId: id })).query(({ ctx, input }) => evidenceFile(actorOf(ctx), input.evidenceId)),
  logNote: perm('plan')
    .input(z.object({ id, kind: z.enum(['objection', 'question', 'adverse_event']), personId: id.nullable().default(null), text: text(4000).min(1), response: text(4000).nullable().default(null), category: text(50).nullable().default(null) }))
    .mutation(({ ctx, input }) => logNote(actorOf(ctx), input.id, input)),
  closeOut: perm('plan')
    .input(z.object({ id, speakerPaid: z.number().min(0).max(1_000_000).nullable(), speakerPaymentRef: text(100).nullable() }))
    .mutation(({ ctx, input }) => saveCloseOut(actorOf(ctx), input.id, input)),
  reconcile: perm('plan')
    .input(z.object({ id, signinId: id, personId: id.nullable().default(null), remove: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => reconcileSignin(actorOf(ctx), input.id, input.signinId, input)),
  evaluate: perm('plan')
    .input(z.object({ id, personId: id, attitudeAfter: z.number().int().min(-2).max(2), questionsAnswered: z.boolean(), note: text(2000).nullable().default(null) }))
    .mutation(({ ctx, input }) => evaluateAttendee(actorOf(ctx), input.id, input)),
  outcome: perm('plan')
    .input(z.object({ id, day: z.union([z.literal(30), z.literal(90)]), text: text(4000).min(1) }))
    .mutation(({ ctx, input }) => recordOutcome(actorOf(ctx), input.id, input)),
  flags: perm('audit')
    .input(z.object({ status: z.enum(['open', 'resolved', 'all']).default('open'), limit: z.number().int().min(1).max(500).default(200) }))
    .query(({ ctx, input }) => listFlags(actorOf(ctx), input)),
  resolveFlag: perm('audit')
    .input(z.object({ flagId: id, findings: text(4000).min(1) }))
    .mutation(({ ctx, input }) => resolveFlag(actorOf(ctx), input.flagId, input.findings)),
  transfers: perm('read')
    .input(z.object({ personId: id.nullable().default(null), year: z.number().int().min(2000).max(2100) }))
    .query(({ ctx, input }) => transferTotals(actorOf(ctx), { personId: input.personId ?? undefined, year: input.year })),
  transfersCsv: perm('audit')
    .input(z.object({ year: z.number().int().min(2000).max(2100) }))
    .mutation(({ ctx, input }) => transferCsv(actorOf(ctx), input.year)),
  settings: perm('read').query(({ ctx }) => meetingSettings(ctx.em)),
  updateSettings: perm('settings')
    .input(settingsSchema)
    .mutation(({ ctx, input }) => updateModuleSettings(ctx, PLUGIN_ID, input)),
  /** Public: the phone sign-in page (no login; the signed link is the credential). */
  public: router({
  signinInfo: publicProcedure.input(z.object({ token: z.string().min(1).max(2000) })).query(async ({ input }) => publicSigninInfo(await openPluginLink(PLUGIN_ID, SIGNIN_PURPOSE, input.token))),
  signin: publicProcedure
    .input(
      z.object({
        token: z.string().min(1).max(2000),
        personId: id.nullable().default(null),
        name: text(100),
        mobileLast4: z.string().regex(/^\d{4}$/),
        department: text(100).nullable().default(null),
        meal: z.boolean(),
        signature: z.string().max(300_000),
        latitude: z.number().min(-90).max(90).nullable().default(null),
        longitude: z.number().min(-180).max(180).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // Checked and written in the request's transaction (one connection on SQLite).
      return publicSignin(await openPluginLink(PLUGIN_ID, SIGNIN_PURPOSE, input.token, ctx.em), input);
    }),
  }),
});
