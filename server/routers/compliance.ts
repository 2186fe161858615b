import { z } from 'zod';
import {
  ASSESSMENT_KINDS,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  DSR_RECEIVED_VIA,
  DSR_TYPES,
  GRANT_CAPTURE_METHODS,
  IDENTITY_METHODS,
  LEGAL_BASES,
  OUTBOUND_STATUSES,
} from '@/server/db/entities';
import { LOCALES } from '@/server/i18n/locales';
import { createAssessment, decideAssessment, getAssessment, listAssessments, updateAssessment } from '@/server/services/compliance/assessments';
import { listAudit, auditFacets, verifyChain } from '@/server/services/compliance/audit-log';
import { consentHistory, consentStatus, getReceipt, grantConsent, withdrawConsent } from '@/server/services/compliance/consent-ledger';
import { activeConsentLinks, issueConsentLink, revokeConsentLink } from '@/server/services/compliance/consent-link';
import { consentOverview } from '@/server/services/compliance/consent-overview';
import { complianceSummary } from '@/server/services/compliance/summary';
import { crossBorderStats, recordTransferManually } from '@/server/services/compliance/cross-border';
import { assignDsr, completeDsr, createDsr, executeDsr, getDsr, listDsrs, refuseDsr, verifyDsrIdentity } from '@/server/services/compliance/dsr';
import { listConsentEvidence } from '@/server/services/compliance/evidence';
import { createLegalHold, listLegalHolds, releaseLegalHold } from '@/server/services/compliance/legal-holds';
import { activateNotice, activeNotices, createNoticeDraft, discardNoticeDraft, getNotice, listNotices, updateNoticeDraft } from '@/server/services/compliance/notices';
import { listOutbox } from '@/server/services/compliance/outbound';
import { findPeople, personHeader } from '@/server/services/compliance/people';
import { privacySettingsSchema, privacySettingsView, setCrossBorder, updatePrivacySettings } from '@/server/services/compliance/privacy-settings';
import { currentRegister, getRegisterSnapshot, listRegisterSnapshots, recordRegisterExport, registerCsv, snapshotRegisterManually } from '@/server/services/compliance/register';
import { recordRepFiling, repFilingStatus, revokeRepFiling } from '@/server/services/compliance/rep-filing';
import { listRetentionRuns, requestRetentionRun } from '@/server/services/compliance/retention';
import { requirePermission, router } from '@/server/trpc/init';

/**
 * The compliance core's procedures. Reading the console needs compliance.read; changing compliance
 * settings compliance.manage; consent on a person's page consent.read / consent.write; rights
 * requests dsr.manage; the audit log audit.read. Record-level access to people applies throughout.
 */

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const scope = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  productId: id.nullish(),
  contentType: z.string().trim().max(60).nullish(),
});

const read = requirePermission('compliance.read');
const manage = requirePermission('compliance.manage');
const consentRead = requirePermission('consent.read');
const consentWrite = requirePermission('consent.write');
const dsr = requirePermission('dsr.manage');
const auditRead = requirePermission('audit.read');

const assessmentInput = z.object({
  kind: z.enum(ASSESSMENT_KINDS),
  title: text(200),
  scope: text(5000),
  dataCategories: z.array(z.string().trim().min(1).max(100)).max(50),
  recipient: optionalText(200),
  recipientCountry: optionalText(60),
  risks: text(5000),
  measures: text(5000),
});

/**
 * List inputs name every choice (no all-defaults object): a request that says nothing is refused
 * rather than guessed at.
 */
const auditFilter = z.object({
  actorUserId: id.nullish(),
  entity: z.string().max(100).nullish(),
  entityId: z.string().max(100).nullish(),
  action: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/).nullish(),
  from: z.date().nullish(),
  to: z.date().nullish(),
});

export const complianceRouter = router({
  /** The console's front page: consent, requests, filings, transfers, retention at a glance. */
  summary: read.query(({ ctx }) => complianceSummary(ctx)),

  consent: router({
    status: consentRead.input(z.object({ personId: id })).query(({ ctx, input }) => consentStatus(ctx, input.personId)),
    history: consentRead
      .input(z.object({ personId: id, limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).max(1_000_000).default(0) }))
      .query(({ ctx, input }) => consentHistory(ctx, input.personId, input)),
    receipt: consentRead.input(z.object({ receiptId: id })).query(({ ctx, input }) => getReceipt(ctx, input.receiptId)),
    evidence: consentRead.input(z.object({ personId: id })).query(({ ctx, input }) => listConsentEvidence(ctx, input.personId)),
    activeNotices: consentRead.query(({ ctx }) => activeNotices(ctx.em)),
    findPeople: consentRead.input(z.object({ q: z.string().trim().min(1).max(100) })).query(({ ctx, input }) => findPeople(ctx, input.q)),
    person: consentRead.input(z.object({ personId: id })).query(({ ctx, input }) => personHeader(ctx, input.personId)),
    grant: consentWrite
      .input(
        z.object({
          personId: id,
          items: z.array(scope).min(1).max(60),
          noticeIds: z.array(id).min(1).max(CONSENT_PURPOSES.length),
          legalBasis: z.enum(LEGAL_BASES).default('consent'),
          captureMethod: z.enum(GRANT_CAPTURE_METHODS),
          captureReference: optionalText(200),
          evidenceId: id.nullish(),
          occurredAt: z.date().nullish(),
          expiresAt: z.date().nullish(),
          recipient: optionalText(200),
          recipientCountry: optionalText(60),
          note: optionalText(500),
        }),
      )
      .mutation(({ ctx, input }) => grantConsent(ctx, input)),
    withdraw: consentWrite
      .input(z.object({ personId: id, scopes: z.union([z.literal('all'), z.array(scope).min(1).max(60)]), note: optionalText(500) }))
      .mutation(({ ctx, input }) => withdrawConsent(ctx, input)),
    issueLink: consentWrite.input(z.object({ personId: id })).mutation(({ ctx, input }) => issueConsentLink(ctx, input.personId)),
    links: consentRead.input(z.object({ personId: id })).query(({ ctx, input }) => activeConsentLinks(ctx, input.personId)),
    revokeLink: consentWrite.input(z.object({ id })).mutation(({ ctx, input }) => revokeConsentLink(ctx, input.id)),
    overview: read.input(z.object({ granularity: z.enum(['week', 'month']) })).query(({ ctx, input }) => consentOverview(ctx, input.granularity)),
  }),

  notices: router({
    list: read.query(({ ctx }) => listNotices(ctx)),
    get: read.input(z.object({ id })).query(({ ctx, input }) => getNotice(ctx, input.id)),
    create: manage
      .input(z.object({ purpose: z.enum(CONSENT_PURPOSES), locale: z.enum(LOCALES), title: text(200), body: text(20_000) }))
      .mutation(({ ctx, input }) => createNoticeDraft(ctx, input)),
    update: manage.input(z.object({ id, title: text(200), body: text(20_000) })).mutation(({ ctx, input }) => updateNoticeDraft(ctx, input.id, input)),
    discard: manage.input(z.object({ id })).mutation(({ ctx, input }) => discardNoticeDraft(ctx, input.id)),
    activate: manage.input(z.object({ id, reconsentRequired: z.boolean() })).mutation(({ ctx, input }) => activateNotice(ctx, input.id, input.reconsentRequired)),
  }),

  privacy: router({
    get: read.query(({ ctx }) => privacySettingsView(ctx)),
    update: manage.input(privacySettingsSchema).mutation(({ ctx, input }) => updatePrivacySettings(ctx, input)),
    setCrossBorder: manage.input(z.object({ enabled: z.boolean(), assessmentId: id.nullish() })).mutation(({ ctx, input }) => setCrossBorder(ctx, input.enabled, input.assessmentId ?? null)),
  }),

  assessments: router({
    list: read.query(({ ctx }) => listAssessments(ctx)),
    get: read.input(z.object({ id })).query(({ ctx, input }) => getAssessment(ctx, input.id)),
    create: manage.input(assessmentInput).mutation(({ ctx, input }) => createAssessment(ctx, input)),
    update: manage.input(assessmentInput.extend({ id })).mutation(({ ctx, input }) => updateAssessment(ctx, input.id, input)),
    decide: manage
      .input(z.object({ id, decision: z.enum(['approved', 'rejected']), note: optionalText(1000) }))
      .mutation(({ ctx, input }) => decideAssessment(ctx, input.id, input.decision, input.note ?? null)),
  }),

  crossBorder: router({
    stats: read.input(z.object({ year: z.number().int().min(2000).max(2100) })).query(({ ctx, input }) => crossBorderStats(ctx, input.year)),
    record: manage
      .input(
        z.object({
          personIds: z.array(id).min(1).max(1000),
          recipient: text(200),
          recipientCountry: text(60),
          dataCategories: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
          sensitive: z.boolean(),
          transferredAt: z.date().nullish(),
        }),
      )
      .mutation(({ ctx, input }) => recordTransferManually(ctx, input)),
  }),

  legalHolds: router({
    list: read.input(z.object({ personId: id.nullish(), includeReleased: z.boolean() })).query(({ ctx, input }) => listLegalHolds(ctx, { personId: input.personId ?? undefined, includeReleased: input.includeReleased })),
    create: manage.input(z.object({ personId: id, reason: text(500), until: day.nullish() })).mutation(({ ctx, input }) => createLegalHold(ctx, input)),
    release: manage.input(z.object({ id, note: text(500) })).mutation(({ ctx, input }) => releaseLegalHold(ctx, input.id, input.note)),
  }),

  retention: router({
    runs: read.query(({ ctx }) => listRetentionRuns(ctx, 30)),
    run: manage.input(z.object({ dryRun: z.boolean() })).mutation(({ ctx, input }) => requestRetentionRun(ctx, input.dryRun)),
  }),

  audit: router({
    list: auditRead
      .input(z.object({ filter: auditFilter, beforeSeq: z.number().int().min(1).nullish(), limit: z.number().int().min(1).max(200) }))
      .query(({ ctx, input }) => listAudit(ctx, input.filter, { beforeSeq: input.beforeSeq, limit: input.limit })),
    facets: auditRead.query(({ ctx }) => auditFacets(ctx)),
    verify: auditRead.mutation(({ ctx }) => verifyChain(ctx)),
  }),

  dsr: router({
    list: dsr.input(z.object({ status: z.enum(['open', 'closed', 'all']) })).query(({ ctx, input }) => listDsrs(ctx, input)),
    get: dsr.input(z.object({ id })).query(({ ctx, input }) => getDsr(ctx, input.id)),
    create: dsr
      .input(
        z.object({
          personId: id,
          type: z.enum(DSR_TYPES),
          receivedVia: z.enum(DSR_RECEIVED_VIA),
          requesterName: text(100),
          requesterContact: optionalText(200),
          details: optionalText(5000),
          receivedAt: z.date().nullish(),
        }),
      )
      .mutation(({ ctx, input }) => createDsr(ctx, input)),
    assign: dsr.input(z.object({ id, assigneeUserId: id })).mutation(({ ctx, input }) => assignDsr(ctx, input.id, input.assigneeUserId)),
    verifyIdentity: dsr.input(z.object({ id, method: z.enum(IDENTITY_METHODS) })).mutation(({ ctx, input }) => verifyDsrIdentity(ctx, input.id, input.method)),
    execute: dsr.input(z.object({ id, note: optionalText(5000) })).mutation(({ ctx, input }) => executeDsr(ctx, input.id, input.note ?? null)),
    complete: dsr.input(z.object({ id, outcome: text(5000) })).mutation(({ ctx, input }) => completeDsr(ctx, input.id, input.outcome)),
    refuse: dsr.input(z.object({ id, reason: text(5000) })).mutation(({ ctx, input }) => refuseDsr(ctx, input.id, input.reason)),
  }),

  register: router({
    current: read.query(({ ctx }) => currentRegister(ctx)),
    snapshots: read.query(({ ctx }) => listRegisterSnapshots(ctx)),
    snapshot: read.input(z.object({ id })).query(({ ctx, input }) => getRegisterSnapshot(ctx, input.id)),
    takeSnapshot: manage.mutation(({ ctx }) => snapshotRegisterManually(ctx)),
    /** CSV of the current register or of a snapshot; the export is audited. */
    csv: read.input(z.object({ snapshotId: id.nullable() })).mutation(async ({ ctx, input }) => {
      const register = input.snapshotId ? (await getRegisterSnapshot(ctx, input.snapshotId)).register : (await currentRegister(ctx)).register;
      await recordRegisterExport(ctx, input.snapshotId ?? null);
      return { csv: registerCsv(register) };
    }),
  }),

  filing: router({
    status: read.query(({ ctx }) => repFilingStatus(ctx)),
    record: manage
      .input(z.object({ userId: id, filingNumber: text(64), authority: optionalText(200), validFrom: day, validUntil: day, productIds: z.array(id).max(200).default([]), note: optionalText(500) }))
      .mutation(({ ctx, input }) => recordRepFiling(ctx, input)),
    revoke: manage.input(z.object({ id, reason: text(500) })).mutation(({ ctx, input }) => revokeRepFiling(ctx, input.id, input.reason)),
  }),

  outbox: router({
    list: read
      .input(z.object({ personId: id.nullish(), status: z.enum([...OUTBOUND_STATUSES, 'all']), before: z.date().nullish(), limit: z.number().int().min(1).max(200) }))
      .query(({ ctx, input }) => listOutbox(ctx, { personId: input.personId ?? undefined, status: input.status === 'all' ? undefined : input.status, before: input.before ?? undefined, limit: input.limit })),
  }),
});
