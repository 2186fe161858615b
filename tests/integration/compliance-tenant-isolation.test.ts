/**
 * Tenant isolation of the compliance procedures (the compliance half of tenant-isolation.test.ts):
 * company A's compliance officer calls every `compliance.*` procedure, handing over company B's
 * ids wherever one is taken, and the public `consentSelfService.*` procedures are called with
 * links that name B's people but were not signed for them. Reads show only A; B's ids are not
 * found; afterwards every compliance row of B is exactly as it was. The last check makes sure
 * every procedure of both areas was called, so a new one cannot slip past without a check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OutboundMessageSchema } from '@/server/db/entities';
import { signConsentLink } from '@/server/services/compliance/consent-link';
import { allProcedures, callerFor, callPath, failureOf, forEachDatabase, notesApi, type Caller } from '../support/db';
import { complianceCompany, insertPerson, publishNotice, WECHAT_PROMO } from './compliance-fixtures';

const AREAS = ['compliance.', 'consentSelfService.'];
const TABLES = [
  'person',
  'consent_notice',
  'consent_event',
  'consent_receipt',
  'consent_evidence',
  'outbound_message',
  'privacy_settings',
  'impact_assessment',
  'cross_border_transfer',
  'legal_hold',
  'processing_restriction',
  'retention_run',
  'dsr_request',
  'processing_register_snapshot',
  'rep_filing',
  'consent_link',
  'audit_entry',
];

interface Side {
  tenantId: string;
  officer: Caller;
  repId: string;
  personId: string;
  personName: string;
  noticeId: string;
  draftNoticeId: string;
  receiptId: string;
  draftAssessmentId: string;
  approvedAssessmentId: string;
  holdId: string;
  dsrId: string;
  filingId: string;
  snapshotId: string;
  messageId: string;
  linkId: string;
}

const DAY = 86_400_000;

forEachDatabase((db) => {
  let A: Side;
  let B: Side;
  const called = new Set<string>();
  let snapshot: Record<string, unknown[]>;

  const asA = (path: string, input?: unknown) => {
    called.add(path);
    return callPath(A.officer, path, input);
  };
  const notFound = async (path: string, input: unknown) => expect((await failureOf(asA(path, input))).appCode, path).toBe('NOT_FOUND');

  async function makeSide(name: string): Promise<Side> {
    const c = await complianceCompany(name);
    const officer = c.users.compliance.api;
    const personName = `${name}-医生`;
    const personId = await insertPerson(c.tenantId, personName, { territoryId: c.territoryId });
    const noticeId = await publishNotice(officer, 'promotional');
    const { id: draftNoticeId } = await officer.compliance.notices.create({ purpose: 'survey', locale: 'en', title: `${name} draft`, body: 'draft' });
    const { receiptId } = await officer.compliance.consent.grant({ personId, items: [WECHAT_PROMO], noticeIds: [noticeId], captureMethod: 'electronic' });
    const assessment = { kind: 'cross_border' as const, title: `${name} PIPIA`, scope: 's', dataCategories: ['person'], recipient: 'HQ', recipientCountry: 'CH', risks: 'r', measures: 'm' };
    const { id: draftAssessmentId } = await officer.compliance.assessments.create(assessment);
    const { id: approvedAssessmentId } = await officer.compliance.assessments.create(assessment);
    await officer.compliance.assessments.decide({ id: approvedAssessmentId, decision: 'approved' });
    await officer.compliance.privacy.setCrossBorder({ enabled: true, assessmentId: approvedAssessmentId });
    const { id: holdId } = await officer.compliance.legalHolds.create({ personId, reason: `${name} hold` });
    const { id: dsrId } = await officer.compliance.dsr.create({ personId, type: 'access', receivedVia: 'email', requesterName: personName });
    const today = new Date().toISOString().slice(0, 10);
    const { id: filingId } = await officer.compliance.filing.record({ userId: c.users.rep.id, filingNumber: `${name}-F1`, validFrom: today, validUntil: new Date(Date.now() + 200 * DAY).toISOString().slice(0, 10) });
    const { id: snapshotId } = await officer.compliance.register.takeSnapshot();
    const { id: linkId } = await officer.compliance.consent.issueLink({ personId });
    await notesApi(c.users.admin.api).create({ title: 'n', body: 'b', subjectId: personId });
    const em = await db.em(c.tenantId);
    const msg = em.create(OutboundMessageSchema, { personId, channel: 'wechat', purpose: 'promotional', productId: null, contentType: null, subject: `${name} message`, body: 'b', status: 'sent', reason: 'granted', decision: null, source: 'core', idempotencyKey: null, requestedBy: null, attempts: 1, transport: 'outbox', queuedAt: new Date(), decidedAt: new Date(), sentAt: new Date() });
    await em.flush();
    return { tenantId: c.tenantId, officer, repId: c.users.rep.id, personId, personName, noticeId, draftNoticeId, receiptId, draftAssessmentId, approvedAssessmentId, holdId, dsrId, filingId, snapshotId, messageId: msg.id, linkId };
  }

  async function rowsOfB(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await db.sql(`select * from ${t} where tenant_id = ? order by id`, [B.tenantId]);
    return out;
  }

  beforeAll(async () => {
    A = await makeSide(`CA-${db.driver}`);
    B = await makeSide(`CB-${db.driver}`);
    snapshot = await rowsOfB();
    expect(snapshot.consent_event).toHaveLength(1);
    expect(snapshot.dsr_request).toHaveLength(1);
  });

  describe('reads show only the active tenant', () => {
    it('consent reads', async () => {
      const notices = (await asA('compliance.consent.activeNotices')) as { id: string }[];
      expect(notices.map((n) => n.id)).toEqual([A.noticeId]);
      expect(await asA('compliance.consent.findPeople', { q: B.personName })).toEqual([]);
      expect(await asA('compliance.consent.person', { personId: B.personId })).toBeNull();
      const overview = (await asA('compliance.consent.overview', { granularity: 'week' })) as { matrix: { granted: number }[]; recentWithdrawals: unknown[] };
      expect(overview.matrix.reduce((n, r) => n + r.granted, 0)).toBe(1);
      const summary = (await asA('compliance.summary')) as { dsr: { open: number }; legalHolds: number };
      expect(summary).toMatchObject({ dsr: { open: 1 }, legalHolds: 1 });
      expect(await asA('compliance.outbox.list', { personId: B.personId, status: 'all', limit: 50 })).toEqual([]);
      expect(((await asA('compliance.outbox.list', { status: 'all', limit: 50 })) as { id: string }[]).map((m) => m.id)).toEqual([A.messageId]);
    });

    it('settings, registers and lists', async () => {
      expect(((await asA('compliance.notices.list')) as { id: string }[]).map((n) => n.id).sort()).toEqual([A.noticeId, A.draftNoticeId].sort());
      expect(((await asA('compliance.privacy.get')) as { settings: { crossBorder: { assessmentId: string } } }).settings.crossBorder.assessmentId).toBe(A.approvedAssessmentId);
      expect(((await asA('compliance.assessments.list')) as { id: string }[]).map((a) => a.id).sort()).toEqual([A.draftAssessmentId, A.approvedAssessmentId].sort());
      expect(await asA('compliance.crossBorder.stats', { year: new Date().getFullYear() })).toMatchObject({ people: 0 });
      expect(((await asA('compliance.legalHolds.list', { includeReleased: true })) as { id: string }[]).map((h) => h.id)).toEqual([A.holdId]);
      expect(await asA('compliance.legalHolds.list', { personId: B.personId, includeReleased: true })).toEqual([]);
      expect(await asA('compliance.retention.runs')).toEqual([]);
      expect(((await asA('compliance.dsr.list', { status: 'all' })) as { id: string }[]).map((d) => d.id)).toEqual([A.dsrId]);
      expect(((await asA('compliance.register.snapshots')) as { id: string }[]).map((s) => s.id)).toEqual([A.snapshotId]);
      expect(await asA('compliance.register.current')).toMatchObject({ missingHooks: [] });
      const filings = (await asA('compliance.filing.status')) as { userId: string; current: { id: string } | null }[];
      expect(filings.map((f) => f.current?.id)).toEqual([A.filingId]);
      const log = (await asA('compliance.audit.list', { filter: { entityId: B.personId }, limit: 50 })) as { entries: unknown[] };
      expect(log.entries).toEqual([]);
      const all = (await asA('compliance.audit.list', { filter: {}, limit: 200 })) as { entries: { entityId: string | null }[] };
      expect(all.entries.some((e) => e.entityId === B.personId || e.entityId === B.dsrId)).toBe(false);
      const facets = (await asA('compliance.audit.facets')) as { users: { id: string }[] };
      expect(facets.users.some((u) => u.id === B.repId)).toBe(false);
      expect(await asA('compliance.audit.verify')).toMatchObject({ intact: true });
    });
  });

  describe('B’s ids are not found from A', () => {
    it('consent on B’s person', async () => {
      await notFound('compliance.consent.status', { personId: B.personId });
      await notFound('compliance.consent.links', { personId: B.personId });
      await notFound('compliance.consent.history', { personId: B.personId });
      await notFound('compliance.consent.receipt', { receiptId: B.receiptId });
      await notFound('compliance.consent.evidence', { personId: B.personId });
      await notFound('compliance.consent.grant', { personId: B.personId, items: [WECHAT_PROMO], noticeIds: [B.noticeId], captureMethod: 'electronic' });
      await notFound('compliance.consent.withdraw', { personId: B.personId, scopes: 'all' });
      await notFound('compliance.consent.issueLink', { personId: B.personId });
    });

    it('notices and assessments', async () => {
      await notFound('compliance.notices.get', { id: B.noticeId });
      await notFound('compliance.notices.update', { id: B.draftNoticeId, title: 'hijack', body: 'x' });
      await notFound('compliance.notices.activate', { id: B.draftNoticeId, reconsentRequired: false });
      await notFound('compliance.notices.discard', { id: B.draftNoticeId });
      // Creating a notice writes into A: B's draft for the same purpose does not block it.
      const created = (await asA('compliance.notices.create', { purpose: 'events', locale: 'zh-CN', title: 'A events', body: 'b' })) as { id: string; version: number };
      expect(created.version).toBe(1);
      await notFound('compliance.assessments.get', { id: B.approvedAssessmentId });
      const input = { kind: 'other', title: 't', scope: 's', dataCategories: [], risks: 'r', measures: 'm' };
      await notFound('compliance.assessments.update', { id: B.draftAssessmentId, ...input });
      await notFound('compliance.assessments.decide', { id: B.draftAssessmentId, decision: 'approved' });
      await asA('compliance.assessments.create', input);
    });

    it('privacy settings, transfers, holds, retention', async () => {
      const view = (await asA('compliance.privacy.get')) as { settings: Record<string, unknown> };
      const { crossBorder: _cb, ...settings } = view.settings;
      await asA('compliance.privacy.update', { ...settings, dsrDueDays: 20 });
      expect((await failureOf(asA('compliance.privacy.setCrossBorder', { enabled: true, assessmentId: B.approvedAssessmentId }))).appCode).toBe('ASSESSMENT_REQUIRED');
      const recorded = (await asA('compliance.crossBorder.record', { personIds: [B.personId], recipient: 'HQ', recipientCountry: 'CH', dataCategories: ['person'], sensitive: false })) as { recorded: string[]; refused: { reason: string }[] };
      expect(recorded).toMatchObject({ recorded: [], refused: [{ reason: 'subject_not_found' }] });
      await notFound('compliance.legalHolds.create', { personId: B.personId, reason: 'x' });
      await notFound('compliance.legalHolds.release', { id: B.holdId, note: 'x' });
      await asA('compliance.retention.run', { dryRun: true });
    });

    it('rights requests', async () => {
      await notFound('compliance.dsr.get', { id: B.dsrId });
      await notFound('compliance.dsr.create', { personId: B.personId, type: 'deletion', receivedVia: 'email', requesterName: 'x' });
      await notFound('compliance.dsr.assign', { id: B.dsrId, assigneeUserId: B.repId });
      await notFound('compliance.dsr.assign', { id: A.dsrId, assigneeUserId: B.repId });
      await notFound('compliance.dsr.verifyIdentity', { id: B.dsrId, method: 'id_document' });
      await notFound('compliance.dsr.execute', { id: B.dsrId });
      await notFound('compliance.dsr.complete', { id: B.dsrId, outcome: 'x' });
      await notFound('compliance.dsr.refuse', { id: B.dsrId, reason: 'x' });
    });

    it('register and filings', async () => {
      await notFound('compliance.register.snapshot', { id: B.snapshotId });
      await notFound('compliance.register.csv', { snapshotId: B.snapshotId });
      const csv = (await asA('compliance.register.csv', { snapshotId: null })) as { csv: string };
      expect(csv.csv).toContain('consent_event');
      await asA('compliance.register.takeSnapshot');
      const today = new Date().toISOString().slice(0, 10);
      await notFound('compliance.filing.record', { userId: B.repId, filingNumber: 'X-1', validFrom: today, validUntil: today });
      await notFound('compliance.filing.revoke', { id: B.filingId, reason: 'x' });
      await notFound('compliance.consent.revokeLink', { id: B.linkId });
    });

    it('the public self-service page: a link is only good for the tenant that signed it', async () => {
      const anonymous = callerFor(null);
      called.add('consentSelfService.view');
      called.add('consentSelfService.withdraw');
      called.add('consentSelfService.notice');
      const crossed = signConsentLink(A.tenantId, B.personId, B.linkId, new Date(Date.now() + DAY));
      expect(await anonymous.consentSelfService.view({ token: crossed })).toEqual({ status: 'unavailable' });
      expect((await failureOf(anonymous.consentSelfService.withdraw({ token: crossed, scopes: 'all' }))).appCode).toBe('CONSENT_LINK_INVALID');
      expect(await anonymous.consentSelfService.notice({ token: crossed, noticeId: B.noticeId })).toBeNull();
      const own = signConsentLink(A.tenantId, A.personId, A.linkId, new Date(Date.now() + DAY));
      expect(await anonymous.consentSelfService.notice({ token: own, noticeId: B.noticeId })).toBeNull();
      expect(await anonymous.consentSelfService.notice({ token: own, noticeId: A.noticeId })).toMatchObject({ title: 'promotional notice' });
    });
  });

  it('left every compliance row of tenant B exactly as it was', async () => {
    expect(await rowsOfB()).toEqual(snapshot);
  });

  it('exercised every compliance and self-service procedure', () => {
    const expected = allProcedures()
      .map((p) => p.path)
      .filter((p) => AREAS.some((a) => p.startsWith(a)));
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter((p) => !called.has(p))).toEqual([]);
  });
});
