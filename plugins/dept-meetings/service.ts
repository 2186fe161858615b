import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FilterQuery } from '@mikro-orm/core';
import { DepartmentSchema, InstitutionSchema, PersonSchema, ProductSchema, TaskSchema, UserSchema } from '@/server/db/entities';
import type { ContactChannel } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { capabilityFor } from '@/server/plugins/capabilities';
import { recordAudit } from '@/server/services/audit';
import { readEncrypted, sha256, writeEncrypted } from '@/server/services/compliance/files';
import { queueOutboundMessage } from '@/server/services/compliance/outbound';
import { inScope, scopeWhere } from '@/server/services/customers/access';
import { managersOf, membersWithPermission, notify } from '@/server/services/notifications';
import { auditMetaOf, scopeOf, type Actor } from './actor';
import { detectAfterSignin, detectAtClose, detectDuplicatePhoto, detectVenue, raiseFlag } from './detect';
import {
  DeptMeetingEvidenceSchema,
  DeptMeetingFlagSchema,
  DeptMeetingInviteeSchema,
  DeptMeetingNoteSchema,
  DeptMeetingRuleResultSchema,
  DeptMeetingSchema,
  DeptMeetingSigninSchema,
  DeptMeetingStepSchema,
  DeptMeetingTransferSchema,
  type DeptMeeting,
  type MeetingState,
} from './entities';
import { PLUGIN_ID } from './manifest';
import { closeFigures, enforceRules, evaluateRules, type RuleStep } from './rules';
import { fen, meetingSettings } from './settings';

export const FOLLOW_UP_JOB = `${PLUGIN_ID}.follow-up`;
const E = (k: string) => `plugins.${PLUGIN_ID}.errors.${k}`;
const href = (id: string) => `/m/${PLUGIN_ID}/meetings/${id}`;

export const fail = (code: string, k: string, values: Record<string, string | number> = {}, status: 'BAD_REQUEST' | 'PRECONDITION_FAILED' | 'FORBIDDEN' | 'CONFLICT' = 'BAD_REQUEST') =>
  new DomainError(code, E(k), values, status);

/* ───────────── access ───────────── */

/** Admins and compliance see every meeting; others their own and those at customers in their territories. */
export async function meetingWhere(actor: Actor): Promise<FilterQuery<DeptMeeting>> {
  const scope = await scopeOf(actor);
  if (scope.all) return {};
  return { $or: [{ ownerId: actor.userId ?? '-' }, { territoryId: { $in: scope.territoryIds } }] } as FilterQuery<DeptMeeting>;
}

export async function visibleMeeting(actor: Actor, id: string): Promise<DeptMeeting> {
  const m = await actor.em.findOne(DeptMeetingSchema, { $and: [{ id }, await meetingWhere(actor)] } as FilterQuery<DeptMeeting>);
  if (!m) throw errors.notFound('meeting');
  return m;
}

async function visiblePeople(actor: Actor, ids: string[]): Promise<Map<string, { id: string; name: string; mobile: string | null }>> {
  if (!ids.length) return new Map();
  const scope = await scopeOf(actor);
  const rows = await actor.em.find(PersonSchema, { id: { $in: [...new Set(ids)] }, deletedAt: null, ...scopeWhere(scope) }, { fields: ['id', 'name', 'mobile'] });
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, mobile: r.mobile }]));
}

/* ───────────── plan ───────────── */

export interface PlanInput {
  title: string;
  objective: string;
  productId: string;
  indication: string;
  institutionId: string;
  departmentId: string | null;
  startsAt: Date;
  durationMinutes: number;
  venue: string;
  speakerKind: 'hcp' | 'internal' | 'none';
  speakerPersonId: string | null;
  speakerName: string | null;
  /** RMB. */
  speakerFee: number;
  mealPerHead: number;
  headcount: number;
  agenda: string;
  deckId: string | null;
  deckVersion: string | null;
  invitees: { personId: string; attitude: number }[];
}

async function resolvePlan(actor: Actor, input: PlanInput) {
  const scope = await scopeOf(actor);
  const product = await actor.em.findOne(ProductSchema, { id: input.productId });
  if (!product) throw fail('INVALID_PRODUCT', 'productNotFound');
  const inst = await actor.em.findOne(InstitutionSchema, { id: input.institutionId, deletedAt: null });
  if (!inst || !inScope(scope, inst.territoryId)) throw errors.notFound('institution');
  if (input.departmentId) {
    const dept = await actor.em.findOne(DepartmentSchema, { id: input.departmentId, institutionId: inst.id });
    if (!dept) throw fail('INVALID_DEPARTMENT', 'departmentNotFound');
  }
  const ids = [...input.invitees.map((i) => i.personId), ...(input.speakerKind === 'hcp' && input.speakerPersonId ? [input.speakerPersonId] : [])];
  if (new Set(input.invitees.map((i) => i.personId)).size !== input.invitees.length) throw fail('DUPLICATE_INVITEE', 'duplicateInvitee');
  const people = await visiblePeople(actor, ids);
  if (ids.some((id) => !people.has(id))) throw errors.notFound('person');
  if (input.speakerKind === 'hcp' && !input.speakerPersonId) throw fail('SPEAKER_REQUIRED', 'speakerRequired');
  if (input.speakerKind === 'internal' && !input.speakerName?.trim()) throw fail('SPEAKER_REQUIRED', 'speakerRequired');
  const speakerName = input.speakerKind === 'hcp' ? people.get(input.speakerPersonId!)!.name : input.speakerKind === 'internal' ? input.speakerName!.trim() : null;
  const endsAt = new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);
  const speakerFee = input.speakerKind === 'none' ? 0 : fen(input.speakerFee);
  const mealPerHead = fen(input.mealPerHead);
  return {
    title: input.title,
    objective: input.objective,
    productId: product.id,
    indication: input.indication,
    institutionId: inst.id,
    departmentId: input.departmentId,
    territoryId: inst.territoryId,
    startsAt: input.startsAt,
    endsAt,
    venue: input.venue,
    speakerKind: input.speakerKind,
    speakerPersonId: input.speakerKind === 'hcp' ? input.speakerPersonId : null,
    speakerName,
    speakerFee,
    mealPerHead,
    headcount: input.headcount,
    estimatedBudget: input.headcount * mealPerHead + speakerFee,
    agenda: input.agenda,
    deckId: input.deckId,
    deckVersion: input.deckVersion,
  };
}

async function logStep(actor: Actor, meeting: DeptMeeting, from: MeetingState | null, action: string, comment: string | null, changes: Record<string, unknown> = {}) {
  actor.em.create(DeptMeetingStepSchema, { meetingId: meeting.id, fromState: from, toState: meeting.status, action, comment, actorId: actor.userId, at: new Date() });
  await actor.em.flush();
  await recordAudit(actor.em, {
    ...auditMetaOf(actor),
    action: `${PLUGIN_ID}.meeting.${action}`,
    entity: 'DeptMeeting',
    entityId: meeting.id,
    changes: { from, to: meeting.status, comment, ...changes },
  });
}

async function syncInvitees(actor: Actor, meetingId: string, invitees: PlanInput['invitees']) {
  const existing = await actor.em.find(DeptMeetingInviteeSchema, { meetingId });
  const wanted = new Map(invitees.map((i) => [i.personId, i.attitude]));
  for (const row of existing) {
    if (!wanted.has(row.personId)) actor.em.remove(row);
    else row.attitude = wanted.get(row.personId)!;
  }
  const have = new Set(existing.map((e) => e.personId));
  for (const [personId, attitude] of wanted) {
    if (have.has(personId)) continue;
    actor.em.create(DeptMeetingInviteeSchema, { meetingId, personId, attitude, channel: null, invitedAt: null, outboundId: null, rsvp: 'pending', attitudeAfter: null, questionsAnswered: null, evaluationNote: null });
  }
  await actor.em.flush();
}

export async function createMeeting(actor: Actor, input: PlanInput): Promise<{ id: string }> {
  const plan = await resolvePlan(actor, input);
  const meeting = actor.em.create(DeptMeetingSchema, {
    ...plan,
    hospitalApprovalNo: null,
    status: 'draft',
    rescheduled: false,
    cancelReason: null,
    ownerId: actor.userId!,
    approvedAt: null,
    actualCost: null,
    speakerPaid: null,
    speakerPaymentRef: null,
    closedAt: null,
    followUpDoneAt: null,
    outcome30: null,
    outcome90: null,
    auditFindings: null,
  });
  await actor.em.flush();
  await syncInvitees(actor, meeting.id, input.invitees);
  await logStep(actor, meeting, null, 'created', null, { ...plan, invitees: input.invitees.length });
  return { id: meeting.id };
}

const EDITABLE: MeetingState[] = ['draft', 'pending_manager', 'pending_compliance', 'pending_hospital', 'inviting'];

/**
 * Edits a plan. After approval, a change of date, venue or speaker sends the meeting back to the
 * manager (rescheduled); other edits keep its place.
 */
export async function updateMeeting(actor: Actor, id: string, input: PlanInput & { comment: string | null }): Promise<{ sentBack: boolean }> {
  const meeting = await visibleMeeting(actor, id);
  if (!EDITABLE.includes(meeting.status)) throw fail('NOT_EDITABLE', 'notEditable', {}, 'CONFLICT');
  if (meeting.ownerId !== actor.userId && !actor.roles.includes('admin')) throw errors.forbidden(`${PLUGIN_ID}.plan`);
  const plan = await resolvePlan(actor, input);
  const keyChange =
    plan.startsAt.getTime() !== meeting.startsAt.getTime() ||
    plan.endsAt.getTime() !== meeting.endsAt.getTime() ||
    plan.venue !== meeting.venue ||
    plan.speakerKind !== meeting.speakerKind ||
    plan.speakerPersonId !== meeting.speakerPersonId ||
    plan.speakerName !== meeting.speakerName;
  const changed = Object.fromEntries(Object.entries(plan).filter(([k, v]) => String((meeting as unknown as Record<string, unknown>)[k]) !== String(v)));
  const from = meeting.status;
  Object.assign(meeting, plan);
  const sentBack = keyChange && meeting.approvedAt !== null && from !== 'draft' && from !== 'pending_manager';
  if (sentBack) {
    meeting.status = 'pending_manager';
    meeting.rescheduled = true;
    meeting.hospitalApprovalNo = from === 'inviting' ? meeting.hospitalApprovalNo : meeting.hospitalApprovalNo;
  }
  await actor.em.flush();
  await syncInvitees(actor, meeting.id, input.invitees);
  await logStep(actor, meeting, from, sentBack ? 'sentBack' : 'updated', input.comment, changed);
  if (sentBack) await notifyApprovers(actor, meeting, 'manager');
  return { sentBack };
}

/* ───────────── transitions ───────────── */

export const ACTIONS = {
  submit: { from: ['draft'], to: 'pending_manager', permission: 'plan', step: 'submit' },
  approveManager: { from: ['pending_manager'], to: 'pending_compliance', permission: 'approve.manager', step: null },
  rejectManager: { from: ['pending_manager'], to: 'draft', permission: 'approve.manager', step: null },
  approveCompliance: { from: ['pending_compliance'], to: 'pending_hospital', permission: 'approve.compliance', step: 'compliance' },
  rejectCompliance: { from: ['pending_compliance'], to: 'draft', permission: 'approve.compliance', step: null },
  hospitalApproved: { from: ['pending_hospital'], to: 'inviting', permission: 'plan', step: 'hospital' },
  start: { from: ['inviting'], to: 'in_progress', permission: 'plan', step: null },
  finish: { from: ['in_progress'], to: 'close_out', permission: 'plan', step: null },
  close: { from: ['close_out'], to: 'audit', permission: 'plan', step: 'close' },
  completeAudit: { from: ['audit'], to: 'follow_up', permission: 'audit', step: null },
  evaluate: { from: ['follow_up'], to: 'evaluated', permission: 'plan', step: null },
  cancel: { from: ['draft', 'pending_manager', 'pending_compliance', 'pending_hospital', 'inviting'], to: 'cancelled', permission: 'plan', step: null },
} as const satisfies Record<string, { from: readonly MeetingState[]; to: MeetingState; permission: string; step: RuleStep | null }>;
export type MeetingAction = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as MeetingAction[];

const NEEDS_COMMENT: MeetingAction[] = ['rejectManager', 'rejectCompliance', 'cancel', 'completeAudit'];
const OWNER_ACTIONS: MeetingAction[] = ['submit', 'hospitalApproved', 'start', 'finish', 'close', 'evaluate', 'cancel'];

async function notifyApprovers(actor: Actor, meeting: DeptMeeting, who: 'manager' | 'compliance') {
  let userIds = who === 'manager' ? await managersOf(actor.em, meeting.ownerId) : [];
  if (!userIds.length) userIds = await membersWithPermission(actor.em, `${PLUGIN_ID}.approve.${who}`);
  await notify(actor.em, {
    userIds: userIds.filter((u) => u !== meeting.ownerId),
    source: PLUGIN_ID,
    messageKey: `plugins.${PLUGIN_ID}.notify.${who === 'manager' ? 'awaitingManager' : 'awaitingCompliance'}`,
    values: { title: meeting.title },
    href: href(meeting.id),
  });
}

export async function transition(
  actor: Actor,
  id: string,
  action: MeetingAction,
  input: { comment: string | null; hospitalApprovalNo?: string | null },
): Promise<{ status: MeetingState; warnings: number }> {
  const def = ACTIONS[action];
  if (!actor.permissions.has(`${PLUGIN_ID}.${def.permission}`)) throw errors.forbidden(`${PLUGIN_ID}.${def.permission}`);
  const meeting = await visibleMeeting(actor, id);
  const from = meeting.status;
  if (!(def.from as readonly string[]).includes(from)) throw fail('INVALID_TRANSITION', 'invalidTransition', { from, action }, 'CONFLICT');
  const comment = input.comment?.trim() || null;
  if (NEEDS_COMMENT.includes(action) && !comment) throw fail('COMMENT_REQUIRED', 'commentRequired');
  if (OWNER_ACTIONS.includes(action) && meeting.ownerId !== actor.userId && !actor.roles.includes('admin')) throw errors.forbidden(`${PLUGIN_ID}.plan`);
  if ((action === 'approveManager' || action === 'approveCompliance') && meeting.ownerId === actor.userId) throw fail('SELF_APPROVAL', 'selfApproval', {}, 'FORBIDDEN');
  if (action === 'hospitalApproved') {
    const no = input.hospitalApprovalNo?.trim() || null;
    meeting.hospitalApprovalNo = no;
  }
  if (action === 'close') {
    const f = await closeFigures(actor, meeting);
    meeting.actualCost = f.actualTotal;
  }
  let warnings = 0;
  if (def.step) {
    const outcomes = await enforceRules(actor, meeting, def.step, comment);
    warnings = outcomes.filter((o) => !o.passed).length;
  }
  meeting.status = def.to;
  if (action === 'approveManager' && !meeting.approvedAt) meeting.approvedAt = new Date();
  if (action === 'approveManager') meeting.rescheduled = false;
  if (action === 'cancel') meeting.cancelReason = comment;
  if (action === 'completeAudit') meeting.auditFindings = comment;
  if (action === 'close') meeting.closedAt = new Date();
  await actor.em.flush();
  await logStep(actor, meeting, from, action, comment, action === 'hospitalApproved' ? { hospitalApprovalNo: meeting.hospitalApprovalNo } : {});

  if (action === 'submit') {
    await detectVenue(actor, meeting);
    await notifyApprovers(actor, meeting, 'manager');
  }
  if (action === 'approveManager') await notifyApprovers(actor, meeting, 'compliance');
  if (['approveCompliance', 'rejectManager', 'rejectCompliance', 'completeAudit'].includes(action)) {
    await notify(actor.em, {
      userIds: [meeting.ownerId],
      source: PLUGIN_ID,
      messageKey: `plugins.${PLUGIN_ID}.notify.${action}`,
      values: { title: meeting.title },
      href: href(meeting.id),
    });
  }
  if (action === 'close') {
    await writeLedger(actor, meeting);
    await detectAtClose(actor, meeting);
    const payload = { tenantId: actor.tenantId, meetingId: meeting.id };
    if (actor.afterCommit) actor.afterCommit.enqueue(FOLLOW_UP_JOB, payload, { jobId: `${FOLLOW_UP_JOB}~${meeting.id}` });
  }
  return { status: meeting.status, warnings };
}

/** Reschedule: a new date sends an approved meeting back to the manager (the plan edit does the rest). */

/* ───────────── invitations, RSVP ───────────── */

export async function sendInvitations(actor: Actor, id: string, input: { channel: ContactChannel; personIds: string[] | null }): Promise<{ queued: number }> {
  const meeting = await visibleMeeting(actor, id);
  if (meeting.status !== 'inviting') throw fail('NOT_INVITING', 'notInviting', {}, 'CONFLICT');
  const invitees = await actor.em.find(DeptMeetingInviteeSchema, { meetingId: id, ...(input.personIds ? { personId: { $in: input.personIds } } : {}) });
  const inst = await actor.em.findOne(InstitutionSchema, { id: meeting.institutionId }, { fields: ['name'] });
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone: actor.timezone, dateStyle: 'medium', timeStyle: 'short' }).format(meeting.startsAt);
  let queued = 0;
  for (const inv of invitees) {
    const res = await queueOutboundMessage(
      { em: actor.em, tenantId: actor.tenantId, userId: actor.userId, source: PLUGIN_ID, afterCommit: actor.afterCommit ?? undefined },
      {
        personId: inv.personId,
        channel: input.channel,
        purpose: 'events',
        productId: meeting.productId,
        contentType: 'meeting-invitation',
        subject: `科室会邀请：${meeting.title}`,
        body: `诚邀您参加${inst?.name ?? ''}科室会「${meeting.title}」，时间：${when}，地点：${meeting.venue}。`,
        idempotencyKey: `${PLUGIN_ID}:invite:${id}:${inv.personId}:${input.channel}`,
      },
    );
    if (!res.duplicate) queued += 1;
    inv.channel = input.channel;
    inv.invitedAt ??= new Date();
    inv.outboundId = res.id;
  }
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.invitations.sent`, entity: 'DeptMeeting', entityId: id, changes: { channel: input.channel, queued } });
  return { queued };
}

export async function setRsvp(actor: Actor, id: string, personId: string, rsvp: 'pending' | 'yes' | 'no') {
  const meeting = await visibleMeeting(actor, id);
  const inv = await actor.em.findOne(DeptMeetingInviteeSchema, { meetingId: meeting.id, personId });
  if (!inv) throw errors.notFound('invitee');
  const before = inv.rsvp;
  inv.rsvp = rsvp;
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.rsvp.set`, entity: 'DeptMeetingInvitee', entityId: inv.id, changes: { from: before, to: rsvp } });
}

/* ───────────── evidence ───────────── */

const MIMES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function addEvidence(
  actor: Actor,
  id: string,
  input: { kind: 'photo' | 'invoice' | 'attachment'; fileName: string; mime: string; dataBase64: string; invoiceNo: string | null; amount: number | null; invoiceVenue: string | null; invoiceDate: string | null },
): Promise<{ id: string; contentHash: string }> {
  const meeting = await visibleMeeting(actor, id);
  if (!['in_progress', 'close_out'].includes(meeting.status)) throw fail('EVIDENCE_CLOSED', 'evidenceNotNow', {}, 'CONFLICT');
  if (!MIMES.includes(input.mime)) throw fail('FILE_TYPE', 'fileType');
  const data = Buffer.from(input.dataBase64, 'base64');
  if (!data.length || data.length > MAX_FILE_BYTES) throw fail('FILE_SIZE', 'fileSize', { max: MAX_FILE_BYTES / 1024 / 1024 });
  if (input.kind === 'invoice' && (!input.invoiceNo || input.amount === null || !input.invoiceDate)) throw fail('INVOICE_FIELDS', 'invoiceFields');
  const contentHash = sha256(data);
  const row = actor.em.create(DeptMeetingEvidenceSchema, {
    meetingId: id,
    kind: input.kind,
    fileName: input.fileName,
    mime: input.mime,
    size: data.length,
    contentHash,
    storageKey: '',
    invoiceNo: input.kind === 'invoice' ? input.invoiceNo : null,
    amount: input.kind === 'invoice' && input.amount !== null ? fen(input.amount) : null,
    invoiceVenue: input.kind === 'invoice' ? input.invoiceVenue : null,
    invoiceDate: input.kind === 'invoice' ? input.invoiceDate : null,
    uploadedBy: actor.userId!,
  });
  await actor.em.flush();
  row.storageKey = path.join('uploads', actor.tenantId, PLUGIN_ID, `${row.id}.enc`);
  writeEncrypted(row.storageKey, data);
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.evidence.added`, entity: 'DeptMeetingEvidence', entityId: row.id, changes: { meetingId: id, kind: input.kind, contentHash, size: data.length, invoiceNo: row.invoiceNo, amount: row.amount } });
  if (input.kind === 'photo') await detectDuplicatePhoto(actor, meeting, contentHash);
  return { id: row.id, contentHash };
}

export async function evidenceFile(actor: Actor, evidenceId: string): Promise<{ mime: string; dataUrl: string } | null> {
  const row = await actor.em.findOne(DeptMeetingEvidenceSchema, { id: evidenceId });
  if (!row) throw errors.notFound('evidence');
  await visibleMeeting(actor, row.meetingId);
  if (!row.storageKey) return null;
  const data = readEncrypted(row.storageKey);
  if (!data) return null;
  return { mime: row.mime, dataUrl: `data:${row.mime};base64,${data.toString('base64')}` };
}

export async function logNote(
  actor: Actor,
  id: string,
  input: { kind: 'objection' | 'question' | 'adverse_event'; personId: string | null; text: string; response: string | null; category: string | null },
): Promise<{ id: string; caseId: string | null; manual: boolean }> {
  const meeting = await visibleMeeting(actor, id);
  if (!['in_progress', 'close_out', 'audit', 'follow_up'].includes(meeting.status)) throw fail('EVIDENCE_CLOSED', 'evidenceNotNow', {}, 'CONFLICT');
  if (input.personId && !(await visiblePeople(actor, [input.personId])).has(input.personId)) throw errors.notFound('person');
  const note = actor.em.create(DeptMeetingNoteSchema, { meetingId: id, kind: input.kind, personId: input.personId, productId: meeting.productId, text: input.text, response: input.response, category: input.category, caseId: null, manual: false, createdBy: actor.userId! });
  await actor.em.flush();
  if (input.kind === 'adverse_event') {
    const intake = await capabilityFor(actor.em, 'adverse-events.intake');
    if (intake) {
      const res = await intake.report(
        {
          source: { owner: PLUGIN_ID, kind: 'meeting-note', id: note.id, label: `科室会：${meeting.title}`, href: href(meeting.id) },
          reporterPersonId: input.personId,
          institutionId: meeting.institutionId,
          productId: meeting.productId,
          description: input.text,
          awareAt: new Date(),
        },
        { tenantId: actor.tenantId, em: actor.em, userId: actor.userId },
      );
      note.caseId = res.caseId;
    } else {
      note.manual = true;
      await raiseFlag(actor, meeting.id, 'adverse_event_manual', note.id, {});
    }
    await actor.em.flush();
  }
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.note.logged`, entity: 'DeptMeetingNote', entityId: note.id, changes: { meetingId: id, kind: input.kind, caseId: note.caseId, manual: note.manual } });
  return { id: note.id, caseId: note.caseId, manual: note.manual };
}

export async function saveCloseOut(actor: Actor, id: string, input: { speakerPaid: number | null; speakerPaymentRef: string | null }) {
  const meeting = await visibleMeeting(actor, id);
  if (meeting.status !== 'close_out') throw fail('NOT_CLOSE_OUT', 'notCloseOut', {}, 'CONFLICT');
  meeting.speakerPaid = input.speakerPaid === null ? null : fen(input.speakerPaid);
  meeting.speakerPaymentRef = input.speakerPaymentRef;
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.closeout.saved`, entity: 'DeptMeeting', entityId: id, changes: { speakerPaid: meeting.speakerPaid, speakerPaymentRef: input.speakerPaymentRef } });
}

/** Reconciliation: a walk-in matched to a customer record, or a sign-in struck from the list. */
export async function reconcileSignin(actor: Actor, id: string, signinId: string, input: { personId: string | null; remove: boolean }) {
  const meeting = await visibleMeeting(actor, id);
  if (!['in_progress', 'close_out'].includes(meeting.status)) throw fail('NOT_CLOSE_OUT', 'notCloseOut', {}, 'CONFLICT');
  const s = await actor.em.findOne(DeptMeetingSigninSchema, { id: signinId, meetingId: id });
  if (!s) throw errors.notFound('signin');
  if (input.remove) actor.em.remove(s);
  else {
    if (input.personId && !(await visiblePeople(actor, [input.personId])).has(input.personId)) throw errors.notFound('person');
    s.personId = input.personId;
  }
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.signin.reconciled`, entity: 'DeptMeetingSignin', entityId: signinId, changes: input });
}

/* ───────────── ledger ───────────── */

function isoDay(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Meals (per diner, at the actual cost per head) and the speaker fee, one item per HCP, even below any threshold. */
export async function writeLedger(actor: Actor, meeting: DeptMeeting) {
  const f = await closeFigures(actor, meeting);
  const day = isoDay(meeting.startsAt, actor.timezone);
  const year = Number(day.slice(0, 4));
  await actor.em.nativeDelete(DeptMeetingTransferSchema, { meetingId: meeting.id });
  const signins = await actor.em.find(DeptMeetingSigninSchema, { meetingId: meeting.id, meal: true, personId: { $ne: null } });
  for (const s of signins) {
    if (f.perHead > 0) actor.em.create(DeptMeetingTransferSchema, { meetingId: meeting.id, personId: s.personId!, kind: 'meal', amount: f.perHead, occurredOn: day, year });
  }
  if (meeting.speakerKind === 'hcp' && meeting.speakerPersonId && f.speakerPaid > 0) {
    actor.em.create(DeptMeetingTransferSchema, { meetingId: meeting.id, personId: meeting.speakerPersonId, kind: 'speaker_fee', amount: f.speakerPaid, occurredOn: day, year });
  }
  await actor.em.flush();
}

export async function transferTotals(actor: Actor, filter: { personId?: string; institutionId?: string; year: number }) {
  const where: Record<string, unknown> = { year: filter.year };
  if (filter.personId) {
    if (!(await visiblePeople(actor, [filter.personId])).has(filter.personId)) throw errors.notFound('person');
    where.personId = filter.personId;
  }
  if (filter.institutionId) {
    const ms = await actor.em.find(DeptMeetingSchema, { institutionId: filter.institutionId }, { fields: ['id'] });
    where.meetingId = { $in: ms.map((m) => m.id) };
  }
  const scope = await scopeOf(actor);
  const rows = await actor.em.find(DeptMeetingTransferSchema, where, { orderBy: { occurredOn: 'asc' } });
  const people = rows.length ? await actor.em.find(PersonSchema, { id: { $in: [...new Set(rows.map((r) => r.personId))] }, ...scopeWhere(scope) }, { fields: ['id', 'name', 'primaryInstitutionId'] }) : [];
  const names = new Map(people.map((p) => [p.id, p]));
  const visible = rows.filter((r) => names.has(r.personId));
  const byPerson = new Map<string, { personId: string; name: string; meals: number; fees: number; total: number; items: number }>();
  for (const r of visible) {
    const e = byPerson.get(r.personId) ?? { personId: r.personId, name: names.get(r.personId)!.name, meals: 0, fees: 0, total: 0, items: 0 };
    if (r.kind === 'meal') e.meals += r.amount;
    else e.fees += r.amount;
    e.total += r.amount;
    e.items += 1;
    byPerson.set(r.personId, e);
  }
  return { year: filter.year, items: visible, totals: [...byPerson.values()].sort((a, b) => b.total - a.total) };
}

/** Disclosure-report CSV (one line per item, yearly totals per HCP at the end). Amounts in RMB. */
export async function transferCsv(actor: Actor, year: number): Promise<string> {
  const { items, totals } = await transferTotals(actor, { year });
  const meetings = items.length ? await actor.em.find(DeptMeetingSchema, { id: { $in: [...new Set(items.map((i) => i.meetingId))] } }, { fields: ['id', 'title', 'institutionId'] }) : [];
  const mt = new Map(meetings.map((m) => [m.id, m]));
  const insts = meetings.length ? await actor.em.find(InstitutionSchema, { id: { $in: [...new Set(meetings.map((m) => m.institutionId))] } }, { fields: ['id', 'name'] }) : [];
  const inst = new Map(insts.map((i) => [i.id, i.name]));
  const names = new Map(totals.map((t) => [t.personId, t.name]));
  const esc = (v: string | number) => {
    const s = String(v);
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [['record_type', 'year', 'hcp_id', 'hcp_name', 'institution', 'date', 'nature_of_payment', 'event', 'amount_rmb'].join(',')];
  for (const i of items) {
    const m = mt.get(i.meetingId);
    lines.push(['item', year, i.personId, names.get(i.personId) ?? '', m ? inst.get(m.institutionId) ?? '' : '', i.occurredOn, i.kind === 'meal' ? 'food_and_beverage' : 'speaker_fee', m?.title ?? '', (i.amount / 100).toFixed(2)].map(esc).join(','));
  }
  for (const t of totals) lines.push(['yearly_total', year, t.personId, t.name, '', '', 'all', '', (t.total / 100).toFixed(2)].map(esc).join(','));
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.transfers.exported`, entity: 'DeptMeetingTransfer', entityId: String(year), changes: { rows: items.length } });
  return `\ufeff${lines.join('\n')}\n`;
}

/* ───────────── follow-up ───────────── */

/** The job's body: one follow-up task per attendee, owned by the meeting's rep. Idempotent. */
export async function createFollowUps(actor: Actor, meetingId: string): Promise<{ created: number }> {
  const meeting = await actor.em.findOne(DeptMeetingSchema, { id: meetingId });
  if (!meeting || meeting.status === 'cancelled') return { created: 0 };
  const settings = await meetingSettings(actor.em);
  const signins = await actor.em.find(DeptMeetingSigninSchema, { meetingId, followUpTaskId: null });
  const dueAt = new Date((meeting.closedAt ?? new Date()).getTime() + settings.followUpOffsetDays * 86_400_000);
  let created = 0;
  for (const s of signins) {
    const task = actor.em.create(TaskSchema, {
      title: `科室会随访：${s.name}（${meeting.title}）`,
      description: `回访参会医生，解答会上未答复的问题，并记录会后态度。`,
      ownerId: meeting.ownerId,
      dueAt,
      remindAt: null,
      remindedAt: null,
      status: 'open',
      subjectKind: s.personId ? 'person' : null,
      subjectId: s.personId,
      interactionId: null,
      completedAt: null,
      createdBy: null,
    });
    await actor.em.flush();
    s.followUpTaskId = task.id;
    created += 1;
    await recordAudit(actor.em, { ...auditMetaOf(actor), action: 'task.created', entity: 'Task', entityId: task.id, changes: { source: PLUGIN_ID, meetingId, personId: s.personId } });
  }
  meeting.followUpDoneAt ??= new Date();
  await actor.em.flush();
  return { created };
}

export async function evaluateAttendee(actor: Actor, id: string, input: { personId: string; attitudeAfter: number; questionsAnswered: boolean; note: string | null }) {
  const meeting = await visibleMeeting(actor, id);
  if (!['audit', 'follow_up', 'evaluated'].includes(meeting.status)) throw fail('NOT_HELD', 'notHeld', {}, 'CONFLICT');
  const inv = await actor.em.findOne(DeptMeetingInviteeSchema, { meetingId: id, personId: input.personId });
  if (!inv) throw errors.notFound('invitee');
  inv.attitudeAfter = input.attitudeAfter;
  inv.questionsAnswered = input.questionsAnswered;
  inv.evaluationNote = input.note;
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.attendee.evaluated`, entity: 'DeptMeetingInvitee', entityId: inv.id, changes: { attitudeAfter: input.attitudeAfter, questionsAnswered: input.questionsAnswered } });
}

/** Department-level outcome at 30 / 90 days: free text, never prescription figures per doctor. */
export async function recordOutcome(actor: Actor, id: string, input: { day: 30 | 90; text: string }) {
  const meeting = await visibleMeeting(actor, id);
  if (!['audit', 'follow_up', 'evaluated'].includes(meeting.status)) throw fail('NOT_HELD', 'notHeld', {}, 'CONFLICT');
  if (input.day === 30) meeting.outcome30 = input.text;
  else meeting.outcome90 = input.text;
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.outcome.recorded`, entity: 'DeptMeeting', entityId: id, changes: { day: input.day } });
}

/* ───────────── flags ───────────── */

export async function listFlags(actor: Actor, filter: { status: 'open' | 'resolved' | 'all'; meetingId?: string; limit: number }) {
  const where: Record<string, unknown> = {};
  if (filter.status !== 'all') where.status = filter.status;
  if (filter.meetingId) where.meetingId = filter.meetingId;
  const flags = await actor.em.find(DeptMeetingFlagSchema, where, { orderBy: { createdAt: 'desc' }, limit: filter.limit });
  const meetings = flags.length ? await actor.em.find(DeptMeetingSchema, { $and: [{ id: { $in: [...new Set(flags.map((f) => f.meetingId))] } }, await meetingWhere(actor)] } as FilterQuery<DeptMeeting>, { fields: ['id', 'title', 'startsAt'] }) : [];
  const byId = new Map(meetings.map((m) => [m.id, m]));
  return flags.filter((f) => byId.has(f.meetingId)).map((f) => ({ ...f, meetingTitle: byId.get(f.meetingId)!.title, meetingStartsAt: byId.get(f.meetingId)!.startsAt }));
}

export async function resolveFlag(actor: Actor, flagId: string, findings: string) {
  const flag = await actor.em.findOne(DeptMeetingFlagSchema, { id: flagId });
  if (!flag) throw errors.notFound('flag');
  await visibleMeeting(actor, flag.meetingId);
  if (flag.status === 'resolved') throw fail('ALREADY_RESOLVED', 'alreadyResolved', {}, 'CONFLICT');
  flag.status = 'resolved';
  flag.findings = findings;
  flag.resolvedBy = actor.userId;
  flag.resolvedAt = new Date();
  await actor.em.flush();
  await recordAudit(actor.em, { ...auditMetaOf(actor), action: `${PLUGIN_ID}.flag.resolved`, entity: 'DeptMeetingFlag', entityId: flag.id, changes: { kind: flag.kind, findings } });
}

/* ───────────── reading ───────────── */

export async function listMeetings(actor: Actor, filter: { from?: Date | null; to?: Date | null; status?: MeetingState[] | null; personId?: string | null; institutionId?: string | null; limit: number }) {
  const where: Record<string, unknown>[] = [(await meetingWhere(actor)) as Record<string, unknown>];
  if (filter.from) where.push({ startsAt: { $gte: filter.from } });
  if (filter.to) where.push({ startsAt: { $lt: filter.to } });
  if (filter.status?.length) where.push({ status: { $in: filter.status } });
  if (filter.institutionId) where.push({ institutionId: filter.institutionId });
  if (filter.personId) {
    const inv = await actor.em.find(DeptMeetingInviteeSchema, { personId: filter.personId }, { fields: ['meetingId'] });
    const sig = await actor.em.find(DeptMeetingSigninSchema, { personId: filter.personId }, { fields: ['meetingId'] });
    where.push({ $or: [{ id: { $in: [...inv, ...sig].map((r) => r.meetingId) } }, { speakerPersonId: filter.personId }] });
  }
  const rows = await actor.em.find(DeptMeetingSchema, { $and: where } as FilterQuery<DeptMeeting>, { orderBy: { startsAt: filter.from ? 'asc' : 'desc' }, limit: filter.limit });
  const insts = rows.length ? await actor.em.find(InstitutionSchema, { id: { $in: [...new Set(rows.map((r) => r.institutionId))] } }, { fields: ['id', 'name'] }) : [];
  const depts = rows.some((r) => r.departmentId) ? await actor.em.find(DepartmentSchema, { id: { $in: rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])) } }, { fields: ['id', 'name'] }) : [];
  const owners = rows.length ? await actor.em.find(UserSchema, { id: { $in: [...new Set(rows.map((r) => r.ownerId))] } }, { fields: ['id', 'name'] }) : [];
  const flags = rows.length ? await actor.em.find(DeptMeetingFlagSchema, { meetingId: { $in: rows.map((r) => r.id) }, status: 'open' }, { fields: ['meetingId'] }) : [];
  const im = new Map(insts.map((i) => [i.id, i.name]));
  const dm = new Map(depts.map((d) => [d.id, d.name]));
  const om = new Map(owners.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    venue: r.venue,
    institutionName: im.get(r.institutionId) ?? '',
    departmentName: r.departmentId ? dm.get(r.departmentId) ?? '' : '',
    ownerName: om.get(r.ownerId) ?? '',
    ownerId: r.ownerId,
    rescheduled: r.rescheduled,
    openFlags: flags.filter((f) => f.meetingId === r.id).length,
  }));
}

/** Meetings waiting for the actor's approval (manager or compliance). */
export async function approvalInbox(actor: Actor) {
  const states: MeetingState[] = [];
  if (actor.permissions.has(`${PLUGIN_ID}.approve.manager`)) states.push('pending_manager');
  if (actor.permissions.has(`${PLUGIN_ID}.approve.compliance`)) states.push('pending_compliance');
  if (actor.permissions.has(`${PLUGIN_ID}.audit`)) states.push('audit');
  if (!states.length) return [];
  const rows = await listMeetings(actor, { status: states, limit: 200 });
  return rows.filter((r) => r.ownerId !== actor.userId);
}

const NEXT_STEP: Partial<Record<MeetingState, RuleStep>> = { draft: 'submit', pending_compliance: 'compliance', pending_hospital: 'hospital', close_out: 'close', in_progress: 'close' };

export async function getMeeting(actor: Actor, id: string) {
  const m = await visibleMeeting(actor, id);
  const [invitees, signins, evidence, notes, results, flags, steps, transfers] = await Promise.all([
    actor.em.find(DeptMeetingInviteeSchema, { meetingId: id }),
    actor.em.find(DeptMeetingSigninSchema, { meetingId: id }, { orderBy: { signedAt: 'asc' } }),
    actor.em.find(DeptMeetingEvidenceSchema, { meetingId: id }, { orderBy: { createdAt: 'asc' } }),
    actor.em.find(DeptMeetingNoteSchema, { meetingId: id }, { orderBy: { createdAt: 'asc' } }),
    actor.em.find(DeptMeetingRuleResultSchema, { meetingId: id }, { orderBy: { at: 'desc' } }),
    actor.em.find(DeptMeetingFlagSchema, { meetingId: id }, { orderBy: { createdAt: 'desc' } }),
    actor.em.find(DeptMeetingStepSchema, { meetingId: id }, { orderBy: { at: 'asc' } }),
    actor.em.find(DeptMeetingTransferSchema, { meetingId: id }),
  ]);
  const personIds = [...invitees.map((i) => i.personId), ...signins.flatMap((s) => (s.personId ? [s.personId] : [])), ...(m.speakerPersonId ? [m.speakerPersonId] : [])];
  const people = personIds.length ? await actor.em.find(PersonSchema, { id: { $in: [...new Set(personIds)] } }, { fields: ['id', 'name', 'title', 'primaryDepartmentId', 'mobile'] }) : [];
  const pm = new Map(people.map((p) => [p.id, p]));
  const [product, inst, dept, owner] = await Promise.all([
    actor.em.findOne(ProductSchema, { id: m.productId }, { fields: ['id', 'name'] }),
    actor.em.findOne(InstitutionSchema, { id: m.institutionId }, { fields: ['id', 'name'] }),
    m.departmentId ? actor.em.findOne(DepartmentSchema, { id: m.departmentId }, { fields: ['id', 'name'] }) : null,
    actor.em.findOne(UserSchema, { id: m.ownerId }, { fields: ['id', 'name'] }),
  ]);
  const actors = await actor.em.find(UserSchema, { id: { $in: [...new Set(steps.flatMap((s) => (s.actorId ? [s.actorId] : [])))] } }, { fields: ['id', 'name'] });
  const am = new Map(actors.map((a) => [a.id, a.name]));
  const step = NEXT_STEP[m.status];
  const pending = step ? await evaluateRules(actor, m, step) : [];
  const figures = await closeFigures(actor, m);
  const signedPeople = new Set(signins.map((s) => s.personId));
  return {
    meeting: m,
    productName: product?.name ?? '',
    institutionName: inst?.name ?? '',
    departmentName: dept?.name ?? '',
    ownerName: owner?.name ?? '',
    invitees: invitees.map((i) => ({ ...i, name: pm.get(i.personId)?.name ?? '', title: pm.get(i.personId)?.title ?? null, mobileLast4: pm.get(i.personId)?.mobile?.replace(/\D/g, '').slice(-4) ?? null, signedIn: signedPeople.has(i.personId) })),
    signins: signins.map((s) => ({ ...s, signature: s.signature ? true : false, personName: s.personId ? pm.get(s.personId)?.name ?? null : null })),
    evidence,
    notes,
    results,
    flags,
    steps: steps.map((s) => ({ ...s, actorName: s.actorId ? am.get(s.actorId) ?? '' : '' })),
    transfers,
    nextStep: step ?? null,
    pending,
    figures,
  };
}

/** A meeting's sign-in link (QR code target). Valid until the sign-in window closes. */
export async function signinLinkExpiry(actor: Actor, meeting: DeptMeeting): Promise<Date> {
  const settings = await meetingSettings(actor.em);
  return new Date(meeting.endsAt.getTime() + settings.signinClosesMinutesAfter * 60_000);
}

export function hashSignature(dataUrl: string): string {
  return createHash('sha256').update(dataUrl).digest('hex');
}

export { detectAfterSignin };

/** What the plan form offers: products, the actor's hospitals, and the chosen one's departments and HCPs. */
export async function planOptions(actor: Actor, institutionId: string | null) {
  const scope = await scopeOf(actor);
  const [products, institutions] = await Promise.all([
    actor.em.find(ProductSchema, { status: 'active' }, { fields: ['id', 'name'], orderBy: { name: 'asc' }, limit: 200 }),
    actor.em.find(InstitutionSchema, { deletedAt: null, type: 'hospital', ...scopeWhere(scope) } as never, { fields: ['id', 'name'], orderBy: { name: 'asc' }, limit: 300 }),
  ]);
  let departments: { id: string; name: string }[] = [];
  let people: { id: string; name: string; title: string | null; departmentId: string | null }[] = [];
  if (institutionId && institutions.some((i) => i.id === institutionId)) {
    departments = (await actor.em.find(DepartmentSchema, { institutionId }, { fields: ['id', 'name'], orderBy: { name: 'asc' } })).map((d) => ({ id: d.id, name: d.name }));
    people = (await actor.em.find(PersonSchema, { primaryInstitutionId: institutionId, deletedAt: null, mergedIntoId: null, ...scopeWhere(scope) }, { fields: ['id', 'name', 'title', 'primaryDepartmentId'], orderBy: { name: 'asc' }, limit: 300 })).map((p) => ({ id: p.id, name: p.name, title: p.title, departmentId: p.primaryDepartmentId }));
  }
  return { products: products.map((p) => ({ id: p.id, name: p.name })), institutions: institutions.map((i) => ({ id: i.id, name: i.name })), departments, people };
}
