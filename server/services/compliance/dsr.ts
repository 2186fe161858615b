import {
  AuditEntrySchema,
  DataSubjectRequestSchema,
  MembershipSchema,
  PersonSchema,
  ProcessingRestrictionSchema,
  UserSchema,
  type DataSubjectRequest,
  type DsrReceivedVia,
  type DsrType,
  type IdentityMethod,
} from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { recordWithdrawal, subjectIdsFor } from './consent-ledger';
import { buildAccessBundle } from './dsr-bundle';
import { readEncrypted, storageKey, writeEncrypted } from './files';
import { holdsInForce } from './legal-holds';
import { erasePersonEverywhere } from './person-data';
import { getPrivacySettings } from './privacy-settings';
import { complianceAuditMeta, DAY_MS, humanReference } from './shared';

/**
 * Data-subject requests (PIPL art. 44–50; GDPR art. 15–21): received → in progress (identity
 * verified) → executed → completed, or refused with a reason the person is given (art. 50). Every
 * step is an audit entry on the request; erasure leaves a tombstone on the person.
 */

/** Requests due within this many days are flagged in the queue. */
export const DUE_SOON_DAYS = 3;

function audit(ctx: TenantContext, action: string, r: DataSubjectRequest, changes: Record<string, unknown> = {}) {
  return recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action, entity: 'DataSubjectRequest', entityId: r.id, changes: { number: r.number, type: r.type, personId: r.personId, ...changes } });
}

async function load(ctx: TenantContext, id: string): Promise<DataSubjectRequest> {
  const r = await ctx.em.findOne(DataSubjectRequestSchema, { id });
  if (!r) throw errors.notFound('dsr');
  return r;
}

function open(r: DataSubjectRequest) {
  if (r.status === 'completed' || r.status === 'refused') throw new DomainError('DSR_CLOSED', 'dsr.errors.closed', { number: r.number }, 'PRECONDITION_FAILED');
}

export interface CreateDsrInput {
  personId: string;
  type: DsrType;
  receivedVia: DsrReceivedVia;
  requesterName: string;
  requesterContact?: string | null;
  details?: string | null;
  receivedAt?: Date | null;
}

export async function createDsr(ctx: TenantContext, input: CreateDsrInput) {
  const person = await ctx.em.findOne(PersonSchema, { id: input.personId });
  if (!person) throw errors.notFound('person');
  const receivedAt = input.receivedAt ?? new Date();
  if (receivedAt.getTime() > Date.now() + 5 * 60_000) throw new DomainError('INVALID_DSR', 'dsr.errors.receivedInFuture', {}, 'BAD_REQUEST', { receivedAt: { key: 'dsr.errors.receivedInFuture' } });
  if (input.type === 'correction' && !input.details?.trim()) throw new DomainError('INVALID_DSR', 'dsr.errors.detailsRequired', {}, 'BAD_REQUEST', { details: { key: 'dsr.errors.detailsRequired' } });
  const settings = await getPrivacySettings(ctx.em);
  const r = ctx.em.create(DataSubjectRequestSchema, {
    number: humanReference('DSR', receivedAt, ctx.tenant.settings.timezone),
    personId: person.id,
    type: input.type,
    status: 'received',
    receivedVia: input.receivedVia,
    requesterName: input.requesterName,
    requesterContact: input.requesterContact?.trim() || null,
    details: input.details?.trim() || null,
    receivedAt,
    dueAt: new Date(receivedAt.getTime() + settings.dsrDueDays * DAY_MS),
    assigneeUserId: ctx.session.user.id,
    identityVerifiedAt: null,
    identityMethod: null,
    identityVerifiedBy: null,
    executedAt: null,
    executionSummary: null,
    bundleKey: null,
    bundleSha256: null,
    bundleBytes: null,
    bundleGeneratedAt: null,
    outcome: null,
    refusalReason: null,
    completedAt: null,
    completedBy: null,
    createdBy: ctx.session.user.id,
  });
  await ctx.em.flush();
  await audit(ctx, 'dsr.received', r, { receivedVia: r.receivedVia, dueAt: r.dueAt.toISOString() });
  return { id: r.id, number: r.number, dueAt: r.dueAt };
}

export async function assignDsr(ctx: TenantContext, id: string, assigneeUserId: string) {
  const r = await load(ctx, id);
  open(r);
  const member = await ctx.em.findOne(MembershipSchema, { userId: assigneeUserId, disabledAt: null });
  if (!member) throw errors.notFound('user');
  r.assigneeUserId = assigneeUserId;
  await ctx.em.flush();
  await audit(ctx, 'dsr.assigned', r, { assigneeUserId });
}

/** Identity checked (PIPL: the handler verifies who is asking): the request is now in progress. */
export async function verifyDsrIdentity(ctx: TenantContext, id: string, method: IdentityMethod) {
  const r = await load(ctx, id);
  open(r);
  r.identityVerifiedAt = new Date();
  r.identityMethod = method;
  r.identityVerifiedBy = ctx.session.user.id;
  r.status = 'in_progress';
  await ctx.em.flush();
  await audit(ctx, 'dsr.identity.verified', r, { method });
}

/**
 * Carries the request out. Access/portability: builds the bundle (core + every plugin). Deletion:
 * anonymises through core and every plugin — or, while a legal hold is in force, restricts
 * processing to storage and lets the retention job finish the erasure when the hold ends.
 * Withdrawal of consent: withdraws every current grant with a receipt. Correction: records what
 * was corrected (the correction itself is made on the customer's page).
 */
export async function executeDsr(ctx: TenantContext, id: string, note: string | null) {
  const r = await load(ctx, id);
  open(r);
  if (!r.identityVerifiedAt) throw new DomainError('DSR_IDENTITY', 'dsr.errors.identityFirst', {}, 'PRECONDITION_FAILED');
  if (r.executedAt && (r.type === 'deletion' || r.type === 'withdraw_consent')) throw new DomainError('DSR_EXECUTED', 'dsr.errors.alreadyExecuted', {}, 'CONFLICT');
  const now = new Date();
  let summary: Record<string, unknown>;
  switch (r.type) {
    case 'access':
    case 'portability': {
      const bundle = await buildAccessBundle(ctx.em, { tenantId: ctx.tenant.id, tenantName: ctx.tenant.name, personId: r.personId, requestNumber: r.number, userId: ctx.session.user.id });
      const key = storageKey(ctx.tenant.id, 'dsr', r.id);
      writeEncrypted(key, bundle.zip);
      r.bundleKey = key;
      r.bundleSha256 = bundle.sha256;
      r.bundleBytes = bundle.zip.length;
      r.bundleGeneratedAt = now;
      summary = { tables: bundle.counts, sha256: bundle.sha256, bytes: bundle.zip.length };
      await audit(ctx, 'dsr.bundle.generated', r, { sha256: bundle.sha256, bytes: bundle.zip.length, tables: Object.keys(bundle.counts).length });
      break;
    }
    case 'deletion': {
      const { ids } = await subjectIdsFor(ctx.em, r.personId);
      const holds = await holdsInForce(ctx.em, ids, ctx.tenant.settings.timezone);
      if (holds.length) {
        ctx.em.create(ProcessingRestrictionSchema, { personId: r.personId, reason: 'erasure_pending_hold', dsrId: r.id, createdBy: ctx.session.user.id, createdAt: now, liftedAt: null, liftedReason: null });
        summary = { restricted: true, holds: holds.map((h) => ({ id: h.id, until: h.until })) };
        await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'dsr.erasure.restricted', entity: 'Person', entityId: r.personId, changes: { dsrId: r.id, number: r.number, holds: holds.length } });
      } else {
        const report = await erasePersonEverywhere(ctx.em, ctx.tenant.id, r.personId, ctx.session.user.id);
        summary = { restricted: false, touched: report.touched, kept: report.kept };
        // The tombstone: who was erased, when, under which request, what was touched — no personal data.
        await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'dsr.erasure.completed', entity: 'Person', entityId: r.personId, changes: { dsrId: r.id, number: r.number, touched: report.touched, kept: report.kept } });
      }
      break;
    }
    case 'withdraw_consent': {
      let withdrawn: { number: string; items: number } | null = null;
      try {
        const receipt = await recordWithdrawal(ctx.em, {
          tenantId: ctx.tenant.id,
          personId: (await subjectIdsFor(ctx.em, r.personId)).survivor?.id ?? r.personId,
          scopes: 'all',
          via: 'dsr',
          actorUserId: ctx.session.user.id,
          note: `DSR ${r.number}`,
          ip: ctx.ip,
          requestId: ctx.requestId,
          timeZone: ctx.tenant.settings.timezone,
          allowObjection: false,
        });
        withdrawn = { number: receipt.number, items: receipt.items.length };
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'NOTHING_TO_WITHDRAW')) throw err;
      }
      summary = { receipt: withdrawn?.number ?? null, withdrawn: withdrawn?.items ?? 0 };
      break;
    }
    case 'correction': {
      if (!note?.trim()) throw new DomainError('INVALID_DSR', 'dsr.errors.correctionNote', {}, 'BAD_REQUEST', { note: { key: 'dsr.errors.correctionNote' } });
      summary = { correction: note.trim() };
      break;
    }
  }
  r.executedAt = now;
  r.executionSummary = summary;
  await ctx.em.flush();
  await audit(ctx, 'dsr.executed', r, { summary: r.type === 'correction' ? { correction: true } : summary });
  return summary;
}

export async function completeDsr(ctx: TenantContext, id: string, outcome: string) {
  const r = await load(ctx, id);
  open(r);
  if (!r.executedAt) throw new DomainError('DSR_NOT_EXECUTED', 'dsr.errors.executeFirst', {}, 'PRECONDITION_FAILED');
  r.status = 'completed';
  r.outcome = outcome;
  r.completedAt = new Date();
  r.completedBy = ctx.session.user.id;
  await ctx.em.flush();
  await audit(ctx, 'dsr.completed', r, { onTime: r.completedAt.getTime() <= r.dueAt.getTime() });
}

/** Refuses with the reason the person will be given (PIPL art. 50: a refusal must state why). */
export async function refuseDsr(ctx: TenantContext, id: string, reason: string) {
  const r = await load(ctx, id);
  open(r);
  if (r.executedAt && r.type === 'deletion') throw new DomainError('DSR_EXECUTED', 'dsr.errors.alreadyExecuted', {}, 'CONFLICT');
  r.status = 'refused';
  r.refusalReason = reason;
  r.completedAt = new Date();
  r.completedBy = ctx.session.user.id;
  await ctx.em.flush();
  await audit(ctx, 'dsr.refused', r, { reason });
}

function dueState(r: Pick<DataSubjectRequest, 'status' | 'dueAt'>, now: number): 'overdue' | 'due_soon' | 'ok' | 'closed' {
  if (r.status === 'completed' || r.status === 'refused') return 'closed';
  if (r.dueAt.getTime() < now) return 'overdue';
  if (r.dueAt.getTime() - now < DUE_SOON_DAYS * DAY_MS) return 'due_soon';
  return 'ok';
}

async function names(ctx: TenantContext, userIds: (string | null)[], personIds: string[]) {
  const uids = [...new Set(userIds.filter((u): u is string => Boolean(u)))];
  const users = uids.length ? await ctx.em.find(UserSchema, { id: { $in: uids } }, { fields: ['id', 'name'] }) : [];
  const people = personIds.length ? await ctx.em.find(PersonSchema, { id: { $in: [...new Set(personIds)] } }, { fields: ['id', 'name'] }) : [];
  return { user: new Map(users.map((u) => [u.id, u.name])), person: new Map(people.map((p) => [p.id, p.name])) };
}

export async function listDsrs(ctx: TenantContext, filter: { status?: 'open' | 'closed' | 'all' }) {
  const status = filter.status ?? 'open';
  const where = status === 'open' ? { status: { $in: ['received', 'in_progress'] as const } } : status === 'closed' ? { status: { $in: ['completed', 'refused'] as const } } : {};
  const rows = await ctx.em.find(DataSubjectRequestSchema, where as never, { orderBy: status === 'open' ? { dueAt: 'asc' } : { receivedAt: 'desc' }, limit: 500 });
  const n = await names(ctx, rows.map((r) => r.assigneeUserId), rows.map((r) => r.personId));
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    type: r.type,
    status: r.status,
    personId: r.personId,
    personName: n.person.get(r.personId) ?? null,
    requesterName: r.requesterName,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    due: dueState(r, now),
    assignee: r.assigneeUserId ? (n.user.get(r.assigneeUserId) ?? null) : null,
    completedAt: r.completedAt,
  }));
}

export async function getDsr(ctx: TenantContext, id: string) {
  const r = await load(ctx, id);
  const n = await names(ctx, [r.assigneeUserId, r.identityVerifiedBy, r.completedBy, r.createdBy], [r.personId]);
  const timeline = await ctx.em.find(AuditEntrySchema, { tenantId: ctx.tenant.id, entity: 'DataSubjectRequest', entityId: r.id }, { orderBy: { seq: 'asc' }, filters: false });
  const actors = await names(ctx, timeline.map((t) => t.actorUserId), []);
  const members = await ctx.em.find(MembershipSchema, { disabledAt: null });
  const memberUsers = await ctx.em.find(UserSchema, { id: { $in: members.map((m) => m.userId) } }, { fields: ['id', 'name'] });
  return {
    ...r,
    bundleKey: undefined,
    hasBundle: Boolean(r.bundleKey),
    personName: n.person.get(r.personId) ?? null,
    assignee: r.assigneeUserId ? (n.user.get(r.assigneeUserId) ?? null) : null,
    identityVerifiedByName: r.identityVerifiedBy ? (n.user.get(r.identityVerifiedBy) ?? null) : null,
    completedByName: r.completedBy ? (n.user.get(r.completedBy) ?? null) : null,
    due: dueState(r, Date.now()),
    timeline: timeline.map((t) => ({ seq: t.seq, at: t.at, action: t.action, actor: t.actorUserId ? (actors.user.get(t.actorUserId) ?? null) : null })),
    assignable: memberUsers.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The bundle file for download (the route handler checks dsr.manage); every download is audited. */
export async function readDsrBundle(ctx: TenantContext, id: string) {
  const r = await load(ctx, id);
  if (!r.bundleKey) throw errors.notFound('bundle');
  const data = readEncrypted(r.bundleKey);
  if (!data) throw errors.notFound('bundle');
  await audit(ctx, 'dsr.bundle.downloaded', r, { sha256: r.bundleSha256 });
  return { data, fileName: `${r.number}.zip` };
}

/** Open requests and how many are overdue or due soon (console overview). */
export async function dsrSummary(ctx: TenantContext) {
  const rows = await ctx.em.find(DataSubjectRequestSchema, { status: { $in: ['received', 'in_progress'] } }, { fields: ['id', 'status', 'dueAt'] });
  const now = Date.now();
  return { open: rows.length, overdue: rows.filter((r) => dueState(r, now) === 'overdue').length, dueSoon: rows.filter((r) => dueState(r, now) === 'due_soon').length };
}
