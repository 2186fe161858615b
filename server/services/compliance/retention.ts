import type { EntityManager } from '@mikro-orm/core';
import {
  DataSubjectRequestSchema,
  ImportJobSchema,
  ImportRowSchema,
  InteractionParticipantSchema,
  InteractionSchema,
  OutboundMessageSchema,
  ProcessingRestrictionSchema,
  PurchaseOrderSchema,
  RetentionRunSchema,
  ServiceRequestSchema,
  TaskSchema,
  UserSchema,
  type RetentionCategoryReport,
  type RetentionRun,
} from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { errorFields, log } from '@/server/log';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { retentionGroup } from './data-categories';
import { holdsInForce } from './legal-holds';
import { erasePersonEverywhere } from './person-data';
import { effectiveRetentionDays } from './privacy-settings';
import { removeStored } from './files';
import { assertTenantScope, complianceAuditMeta, DAY_MS, sqlDate, rawRows } from './shared';

/**
 * The retention job: data past its tenant's retention period is anonymised or deleted, except
 * what a legal hold keeps; every run leaves a record of what it did per category (or, in a
 * preview, what it would do). Safe to re-run: each step selects only what still needs doing.
 */

export const RETENTION_JOB = 'core.retention';
/** Upper bound of rows one category handles per run; the next run continues. */
const PER_RUN = 2000;
const SAMPLE = 10;

interface Step {
  report: RetentionCategoryReport;
}

function blankReport(category: string, days: number): RetentionCategoryReport {
  const group = retentionGroup(category);
  return { category, action: group?.action === 'delete' ? 'delete' : 'anonymise', retentionDays: days, examined: 0, affected: 0, skippedLegalHold: 0, sampleIds: [] };
}

async function heldPeople(em: EntityManager, personIds: string[], timeZone: string): Promise<Set<string>> {
  const holds = await holdsInForce(em, personIds, timeZone);
  return new Set(holds.map((h) => h.subjectId));
}

async function cutoffFor(em: EntityManager, key: string, now: Date): Promise<{ days: number; cutoff: Date }> {
  const days = (await effectiveRetentionDays(em, key)) ?? 0;
  return { days, cutoff: new Date(now.getTime() - days * DAY_MS) };
}

/** People with no activity since the cutoff: no interaction, order, consent event, service request or profile change. */
async function inactivePeople(em: EntityManager, tenantId: string, cutoff: Date): Promise<string[]> {
  const c = sqlDate(em, cutoff);
  const rows = await rawRows<{ id: string }>(em,
    `select p.id from person p
     where p.tenant_id = ? and p.merged_into_id is null and p.updated_at < ?
       and not exists (select 1 from processing_restriction r where r.tenant_id = p.tenant_id and r.person_id = p.id and r.reason = 'erased')
       and not exists (select 1 from interaction_participant ip where ip.tenant_id = p.tenant_id and ip.person_id = p.id and ip.occurred_at >= ?)
       and not exists (select 1 from consent_event ce where ce.tenant_id = p.tenant_id and ce.person_id = p.id and ce.occurred_at >= ?)
       and not exists (select 1 from purchase_order po where po.tenant_id = p.tenant_id and po.subject_kind = 'person' and po.subject_id = p.id and po.ordered_at >= ?)
       and not exists (select 1 from service_request sr where sr.tenant_id = p.tenant_id and sr.subject_kind = 'person' and sr.subject_id = p.id and sr.updated_at >= ?)
       and not exists (select 1 from dsr_request d where d.tenant_id = p.tenant_id and d.person_id = p.id and d.status in ('received', 'in_progress'))
     order by p.updated_at limit ${PER_RUN}`,
    [tenantId, c, c, c, c, c]);
  return rows.map((r) => r.id);
}

async function anonymisePeople(em: EntityManager, tenantId: string, timeZone: string, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'customer_profile', now);
  const report = blankReport('customer_profile', days);
  const candidates = await inactivePeople(em, tenantId, cutoff);
  report.examined = candidates.length;
  const held = await heldPeople(em, candidates, timeZone);
  report.skippedLegalHold = held.size;
  for (const personId of candidates.filter((id) => !held.has(id))) {
    if (!dryRun) {
      await em.transactional(async (tx) => {
        const result = await erasePersonEverywhere(tx, tenantId, personId, null);
        await recordAudit(tx, { tenantId, actorUserId: null, action: 'retention.person.anonymised', entity: 'Person', entityId: personId, changes: { retentionDays: days, touched: result.touched } });
      });
    }
    report.affected++;
    if (report.sampleIds.length < SAMPLE) report.sampleIds.push(personId);
  }
  return { report };
}

/** Erasures that waited for a legal hold: completed once no hold remains. */
async function deferredErasures(em: EntityManager, tenantId: string, timeZone: string, dryRun: boolean): Promise<Step> {
  const report: RetentionCategoryReport = { category: 'deferred_erasure', action: 'anonymise', retentionDays: 0, examined: 0, affected: 0, skippedLegalHold: 0, sampleIds: [] };
  const pending = await em.find(ProcessingRestrictionSchema, { reason: 'erasure_pending_hold', liftedAt: null }, { limit: PER_RUN });
  report.examined = pending.length;
  const held = await heldPeople(em, pending.map((p) => p.personId), timeZone);
  report.skippedLegalHold = pending.filter((p) => held.has(p.personId)).length;
  for (const r of pending.filter((p) => !held.has(p.personId))) {
    if (!dryRun) {
      await em.transactional(async (tx) => {
        const result = await erasePersonEverywhere(tx, tenantId, r.personId, null);
        await recordAudit(tx, { tenantId, actorUserId: null, action: 'dsr.erasure.completed', entity: 'Person', entityId: r.personId, changes: { dsrId: r.dsrId, deferredUntilHoldEnded: true, touched: result.touched } });
      });
    }
    report.affected++;
    if (report.sampleIds.length < SAMPLE) report.sampleIds.push(r.personId);
  }
  return { report };
}

async function interactionText(em: EntityManager, timeZone: string, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'interaction_records', now);
  const report = blankReport('interaction_records', days);
  const rows = await em.find(InteractionSchema, { occurredAt: { $lt: cutoff }, $or: [{ notes: { $ne: null } }, { nextStep: { $ne: null } }] }, { fields: ['id'], limit: PER_RUN });
  report.examined = rows.length;
  const ids = rows.map((r) => r.id);
  const participants = ids.length ? await em.find(InteractionParticipantSchema, { interactionId: { $in: ids } }, { fields: ['interactionId', 'personId'] }) : [];
  const held = await heldPeople(em, [...new Set(participants.map((p) => p.personId))], timeZone);
  const heldInteractions = new Set(participants.filter((p) => held.has(p.personId)).map((p) => p.interactionId));
  const due = ids.filter((id) => !heldInteractions.has(id));
  report.skippedLegalHold = heldInteractions.size;
  if (!dryRun && due.length) await em.nativeUpdate(InteractionSchema, { id: { $in: due } }, { notes: null, nextStep: null, updatedAt: now });
  report.affected = due.length;
  report.sampleIds = due.slice(0, SAMPLE);
  return { report };
}

async function bySubject<T extends { id: string; subjectKind: string; subjectId: string }>(em: EntityManager, rows: T[], timeZone: string) {
  const held = await heldPeople(em, [...new Set(rows.filter((r) => r.subjectKind === 'person').map((r) => r.subjectId))], timeZone);
  const due = rows.filter((r) => !(r.subjectKind === 'person' && held.has(r.subjectId)));
  return { due: due.map((r) => r.id), skipped: rows.length - due.length };
}

async function tasks(em: EntityManager, timeZone: string, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'tasks', now);
  const report = blankReport('tasks', days);
  const rows = await em.find(TaskSchema, { status: { $in: ['done', 'cancelled'] }, updatedAt: { $lt: cutoff } }, { fields: ['id', 'subjectKind', 'subjectId'], limit: PER_RUN });
  const { due, skipped } = await bySubject(em, rows.map((r) => ({ id: r.id, subjectKind: r.subjectKind ?? '', subjectId: r.subjectId ?? '' })), timeZone);
  Object.assign(report, { examined: rows.length, skippedLegalHold: skipped, affected: due.length, sampleIds: due.slice(0, SAMPLE) });
  if (!dryRun && due.length) await em.nativeDelete(TaskSchema, { id: { $in: due } });
  return { report };
}

async function orders(em: EntityManager, timeZone: string, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'orders', now);
  const report = blankReport('orders', days);
  const rows = await em.find(PurchaseOrderSchema, { subjectKind: 'person', orderedAt: { $lt: cutoff }, $or: [{ shippingAddress: { $ne: null } }, { remarks: { $ne: null } }] }, { fields: ['id', 'subjectKind', 'subjectId'], limit: PER_RUN });
  const { due, skipped } = await bySubject(em, rows, timeZone);
  Object.assign(report, { examined: rows.length, skippedLegalHold: skipped, affected: due.length, sampleIds: due.slice(0, SAMPLE) });
  if (!dryRun && due.length) await em.nativeUpdate(PurchaseOrderSchema, { id: { $in: due } }, { shippingAddress: null, remarks: null, updatedAt: now });
  return { report };
}

async function serviceRequests(em: EntityManager, timeZone: string, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'service_requests', now);
  const report = blankReport('service_requests', days);
  const rows = await em.find(ServiceRequestSchema, { subjectKind: 'person', closedAt: { $lt: cutoff }, $or: [{ description: { $ne: null } }, { resolution: { $ne: null } }] }, { fields: ['id', 'subjectKind', 'subjectId'], limit: PER_RUN });
  const { due, skipped } = await bySubject(em, rows, timeZone);
  Object.assign(report, { examined: rows.length, skippedLegalHold: skipped, affected: due.length, sampleIds: due.slice(0, SAMPLE) });
  if (!dryRun && due.length) await em.nativeUpdate(ServiceRequestSchema, { id: { $in: due } }, { description: null, resolution: null, updatedAt: now });
  return { report };
}

async function outboundMessages(em: EntityManager, timeZone: string, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'outbound_messages', now);
  const report = blankReport('outbound_messages', days);
  const rows = await em.find(OutboundMessageSchema, { queuedAt: { $lt: cutoff }, status: { $ne: 'queued' } }, { fields: ['id', 'personId'], limit: PER_RUN });
  const { due, skipped } = await bySubject(em, rows.map((r) => ({ id: r.id, subjectKind: 'person', subjectId: r.personId })), timeZone);
  Object.assign(report, { examined: rows.length, skippedLegalHold: skipped, affected: due.length, sampleIds: due.slice(0, SAMPLE) });
  if (!dryRun && due.length) await em.nativeDelete(OutboundMessageSchema, { id: { $in: due } });
  return { report };
}

async function dsrBundles(em: EntityManager, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'dsr_bundles', now);
  const report = blankReport('dsr_bundles', days);
  const rows = await em.find(DataSubjectRequestSchema, { bundleKey: { $ne: null }, completedAt: { $lt: cutoff } }, { limit: PER_RUN });
  report.examined = rows.length;
  for (const r of rows) {
    if (!dryRun) {
      removeStored(r.bundleKey);
      r.bundleKey = null;
    }
    report.affected++;
    if (report.sampleIds.length < SAMPLE) report.sampleIds.push(r.id);
  }
  if (!dryRun) await em.flush();
  return { report };
}

async function importStaging(em: EntityManager, now: Date, dryRun: boolean): Promise<Step> {
  const { days, cutoff } = await cutoffFor(em, 'import_staging', now);
  const report = blankReport('import_staging', days);
  const jobs = await em.find(ImportJobSchema, { status: { $in: ['completed', 'failed', 'cancelled'] }, finishedAt: { $lt: cutoff } }, { fields: ['id'], limit: PER_RUN });
  const ids = jobs.map((j) => j.id);
  report.examined = ids.length ? await em.count(ImportRowSchema, { jobId: { $in: ids } }) : 0;
  if (!dryRun && ids.length) report.affected = await em.nativeDelete(ImportRowSchema, { jobId: { $in: ids } });
  else report.affected = report.examined;
  report.sampleIds = ids.slice(0, SAMPLE);
  return { report };
}

/**
 * Runs retention for one tenant. A run row records the outcome whatever happens; a failing
 * category is recorded and rethrown after the run is closed, so the job is retried.
 */
export async function runRetention(em: EntityManager, tenantId: string, opts: { dryRun: boolean; trigger: 'schedule' | 'manual'; requestedBy: string | null; runId?: string; timeZone?: string }): Promise<RetentionRun> {
  assertTenantScope(em, tenantId);
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';
  let run = opts.runId ? await em.findOne(RetentionRunSchema, { id: opts.runId }) : null;
  if (run && (run.status === 'completed' || run.status === 'failed')) return run;
  if (!run) {
    run = em.create(RetentionRunSchema, { trigger: opts.trigger, dryRun: opts.dryRun, status: 'running', requestedBy: opts.requestedBy, startedAt: new Date(), finishedAt: null, report: [], error: null });
  } else {
    run.status = 'running';
    run.startedAt = new Date();
  }
  await em.flush();
  const now = new Date();
  const dryRun = run.dryRun;
  const report: RetentionCategoryReport[] = [];
  let failure: unknown = null;
  const steps: (() => Promise<Step>)[] = [
    () => deferredErasures(em, tenantId, timeZone, dryRun),
    () => anonymisePeople(em, tenantId, timeZone, now, dryRun),
    () => interactionText(em, timeZone, now, dryRun),
    () => tasks(em, timeZone, now, dryRun),
    () => orders(em, timeZone, now, dryRun),
    () => serviceRequests(em, timeZone, now, dryRun),
    () => outboundMessages(em, timeZone, now, dryRun),
    () => dsrBundles(em, now, dryRun),
    () => importStaging(em, now, dryRun),
  ];
  for (const step of steps) {
    try {
      report.push((await step()).report);
    } catch (err) {
      failure = err;
      log.error('retention step failed', { tenantId, runId: run.id, ...errorFields(err) });
      break;
    }
  }
  run.report = report;
  run.finishedAt = new Date();
  run.status = failure ? 'failed' : 'completed';
  run.error = failure ? (failure instanceof Error ? failure.message : String(failure)).slice(0, 1000) : null;
  await em.flush();
  await recordAudit(em, {
    tenantId,
    actorUserId: opts.requestedBy,
    action: dryRun ? 'retention.previewed' : 'retention.ran',
    entity: 'RetentionRun',
    entityId: run.id,
    changes: { status: run.status, affected: Object.fromEntries(report.map((r) => [r.category, r.affected])) },
  });
  if (failure) throw failure;
  return run;
}

/** Queues a manual run (or a preview); the console follows its row. */
export async function requestRetentionRun(ctx: TenantContext, dryRun: boolean) {
  const running = await ctx.em.count(RetentionRunSchema, { status: { $in: ['queued', 'running'] } });
  if (running) throw new DomainError('RETENTION_RUNNING', 'privacy.errors.retentionRunning', {}, 'CONFLICT');
  const run = ctx.em.create(RetentionRunSchema, { trigger: 'manual', dryRun, status: 'queued', requestedBy: ctx.session.user.id, startedAt: new Date(), finishedAt: null, report: [], error: null });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'retention.requested', entity: 'RetentionRun', entityId: run.id, changes: { dryRun } });
  ctx.afterCommit.enqueue(RETENTION_JOB, { tenantId: ctx.tenant.id, runId: run.id }, { jobId: `retention-${run.id}` });
  return { id: run.id };
}

export async function listRetentionRuns(ctx: TenantContext, limit: number) {
  const runs = await ctx.em.find(RetentionRunSchema, {}, { orderBy: { startedAt: 'desc' }, limit });
  const users = await ctx.em.find(UserSchema, { id: { $in: [...new Set(runs.flatMap((r) => (r.requestedBy ? [r.requestedBy] : [])))] } }, { fields: ['id', 'name'] });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return runs.map((r) => ({ ...r, requestedByName: r.requestedBy ? (names.get(r.requestedBy) ?? null) : null }));
}
