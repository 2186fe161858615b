/**
 * Feedback plugin (issue 5): cases with triage and SLA, adverse-event routing from case text and
 * from interaction notes, the 24-hour clock and closing rules, the capability other modules use,
 * surveys (consent at send time, double submission), gating and tenant isolation of every procedure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, NotificationSchema, OutboundMessageSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { InProcessDriver } from '@/server/jobs/in-process-driver';
import { setQueue } from '@/server/jobs/queue';
import { capabilityFor } from '@/server/plugins/capabilities';
import { allJobDefinitions } from '@/server/plugins/host';
import { FeedbackAdverseEventSchema, FeedbackCaseSchema, FeedbackDeliverySchema, FeedbackResponseSchema } from '@/plugins/feedback/entities';
import { checkSla } from '@/plugins/feedback/cases';
import { escalateAdverseEvents } from '@/plugins/feedback/ae';
import { sendReminders } from '@/plugins/feedback/surveys';
import { publishNotice } from './compliance-fixtures';
import { feedbackApi, NPS_SURVEY, tokenOf } from './feedback-support';
import { member, seedWorld, visit, type WorkWorld } from './work-fixtures';
import { allProcedures, callerFor, callPath, createTenantWithAdmin, failureOf, forEachDatabase, httpMutation, httpQuery, signIn, type Caller } from '../support/db';

const PLUGIN = 'feedback';
process.env.LOG_LEVEL = 'error';

forEachDatabase((db) => {
  const driver = new InProcessDriver(allJobDefinitions);
  let w: WorkWorld;
  let admin: Caller;
  let adminCookie: string;
  let rep: { id: string; api: Caller };
  let manager: { id: string; api: Caller };
  let officer: { id: string; api: Caller };

  beforeAll(async () => {
    setQueue(driver);
    await driver.startWorkers();
    const { tenant, admin: a } = await createTenantWithAdmin(`Feedback ${db.driver}`, { plugins: [PLUGIN], adminLocale: 'zh-CN' });
    w = await seedWorld(tenant.id);
    const session = await signIn(a.id, tenant.id);
    admin = callerFor(session);
    adminCookie = session.cookie;
    rep = await member(tenant.id, ['rep'], [w.north]);
    manager = await member(tenant.id, ['manager'], [w.region]);
    officer = await member(tenant.id, ['compliance']);
  });

  afterAll(async () => {
    await driver.close();
    setQueue(undefined);
  });

  describe('cases', () => {
    it('a rep records a complaint; it gets a number, an SLA due time from the settings, topics and sentiment', async () => {
      const fb = feedbackApi(rep.api);
      const before = Date.now();
      const created = await fb.cases.create({ kind: 'complaint', channel: 'visit', customer: { kind: 'person', id: w.drWang }, productId: w.productA, severity: 'high', text: '医院药房最近缺货，患者反映买不到药，很不满。' });
      expect(created.number).toMatch(/^FB-\d{4}-0001$/);
      expect(created.adverseEventId).toBeNull();
      const c = await fb.cases.get({ id: created.id });
      expect(c).toMatchObject({ status: 'new', kind: 'complaint', person: { id: w.drWang, name: '王建国' }, institution: { id: w.hospitalN }, product: { name: '降糖宁片' } });
      // complaint × high = 24 h by default.
      expect(c.dueAt.getTime() - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 5_000);
      expect(c.dueAt.getTime() - before).toBeLessThanOrEqual(24 * 3_600_000 + 5_000);
      expect(c.topics).toContain('supply');
      expect(c.sentiment).toBeLessThan(0);
      expect(c.history.map((h: { action: string }) => h.action)).toEqual(['feedback.case.created']);
    });

    it('a rep cannot record feedback about a customer outside their territories (NOT_FOUND)', async () => {
      const f = await failureOf(feedbackApi(rep.api).cases.create({ kind: 'suggestion', channel: 'phone', customer: { kind: 'person', id: w.drZhao }, severity: 'low', text: '建议增加小包装。' }));
      expect(f.appCode).toBe('NOT_FOUND');
    });

    it('triage: assign → start → resolve → close → reopen, each audited; invalid steps refused; reps see only their own', async () => {
      const fb = feedbackApi(manager.api);
      const { id } = await feedbackApi(rep.api).cases.create({ kind: 'inquiry', channel: 'phone', customer: { kind: 'institution', id: w.hospitalN }, severity: 'medium', text: '药剂科询问新规格何时到货。' });
      expect((await failureOf(fb.cases.transition({ id, action: 'close' }))).appCode).toBe('INVALID_TRANSITION');
      expect((await failureOf(feedbackApi(rep.api).cases.transition({ id, action: 'assign', ownerId: rep.id }))).appCode).toBe('FORBIDDEN');
      expect((await failureOf(fb.cases.transition({ id, action: 'assign' }))).appCode).toBe('VALIDATION');
      await fb.cases.transition({ id, action: 'assign', ownerId: rep.id });
      await feedbackApi(rep.api).cases.transition({ id, action: 'start' });
      expect((await failureOf(feedbackApi(rep.api).cases.transition({ id, action: 'resolve', resolution: '  ' }))).appCode).toBe('VALIDATION');
      await feedbackApi(rep.api).cases.transition({ id, action: 'resolve', resolution: '已协调经销商，周五到货。' });
      await fb.cases.transition({ id, action: 'close' });
      const reopened = await fb.cases.transition({ id, action: 'reopen' });
      expect(reopened.status).toBe('in_progress');
      expect(reopened.history.map((h: { action: string }) => h.action)).toEqual([
        'feedback.case.created',
        'feedback.case.assign',
        'feedback.case.start',
        'feedback.case.resolve',
        'feedback.case.close',
        'feedback.case.reopen',
      ]);
      const em = await db.em(w.tenantId);
      expect(await em.count(NotificationSchema, { userId: rep.id, messageKey: 'plugins.feedback.notify.caseAssigned' })).toBe(1);
      // Another rep sees neither the case nor its list entry.
      const other = await member(w.tenantId, ['rep'], [w.north]);
      expect((await failureOf(feedbackApi(other.api).cases.get({ id }))).appCode).toBe('NOT_FOUND');
      expect(await feedbackApi(other.api).cases.list({})).toEqual([]);
    });

    it('attachments are stored encrypted and read back by those who may see the case; bad files are refused', async () => {
      const fb = feedbackApi(rep.api);
      const { id } = await fb.cases.create({ kind: 'complaint', channel: 'visit', customer: { kind: 'person', id: w.drWang }, severity: 'low', text: '外包装破损，附照片。' });
      const data = Buffer.from('包装破损照片说明').toString('base64');
      const a = await fb.cases.attach({ caseId: id, fileName: '破损说明.txt', mimeType: 'text/plain', dataBase64: data });
      expect((await fb.cases.attachment({ id: a.id })).dataBase64).toBe(data);
      expect((await fb.cases.get({ id })).attachments).toEqual([expect.objectContaining({ fileName: '破损说明.txt' })]);
      expect((await failureOf(fb.cases.attach({ caseId: id, fileName: 'x.exe', mimeType: 'application/x-msdownload', dataBase64: data }))).appCode).toBe('VALIDATION');
      const other = await member(w.tenantId, ['rep'], [w.north]);
      expect((await failureOf(feedbackApi(other.api).cases.attachment({ id: a.id }))).appCode).toBe('NOT_FOUND');
      const stored = await db.sql<{ storage_key: string }>('select storage_key from feedback_attachment where id = ?', [a.id]);
      const fs = await import('node:fs');
      const path = await import('node:path');
      const raw = fs.readFileSync(path.join(process.env.RAPPORT_DATA_DIR!, stored[0]!.storage_key), 'utf8');
      expect(raw).not.toContain('包装破损');
    });

    it('the SLA job marks cases about to breach and breached, and tells the owner and their manager once', async () => {
      const { id } = await feedbackApi(rep.api).cases.create({ kind: 'complaint', channel: 'visit', customer: { kind: 'person', id: w.drLi }, severity: 'critical', text: '包装破损。' });
      await feedbackApi(manager.api).cases.transition({ id, action: 'assign', ownerId: rep.id });
      const em = await forkEm(w.tenantId);
      // critical complaint: 8 h; the warning starts 8 h before → at risk right away.
      expect(await checkSla(em)).toMatchObject({ atRisk: expect.any(Number) });
      expect((await em.findOneOrFail(FeedbackCaseSchema, { id })).slaState).toBe('at_risk');
      const later = new Date(Date.now() + 9 * 3_600_000);
      await checkSla(await forkEm(w.tenantId), later);
      await checkSla(await forkEm(w.tenantId), later);
      const check = await forkEm(w.tenantId);
      expect((await check.findOneOrFail(FeedbackCaseSchema, { id })).slaState).toBe('breached');
      const notes = await check.find(NotificationSchema, { messageKey: 'plugins.feedback.notify.slaBreached', values: { number: (await check.findOneOrFail(FeedbackCaseSchema, { id })).number } } as never);
      expect(notes.map((n) => n.userId).sort()).toEqual([rep.id, manager.id].sort());
    });
  });

  describe('adverse events', () => {
    it('a case text mentioning 皮疹 opens an AE with a 24 h clock from awareness, linked to the case', async () => {
      const received = new Date(Date.now() - 2 * 3_600_000);
      const created = await feedbackApi(rep.api).cases.create({ kind: 'complaint', channel: 'visit', customer: { kind: 'person', id: w.drWang }, productId: w.productA, severity: 'high', text: '王主任反映一位患者服药第三天出现皮疹，已停药。', receivedAt: received });
      expect(created.adverseEventId).toBeTruthy();
      const ae = await feedbackApi(officer.api).ae.get({ id: created.adverseEventId });
      expect(ae).toMatchObject({ status: 'open', caseId: created.id, matchedTerms: ['皮疹'], reporterPersonId: w.drWang, reporterName: '王建国', productId: w.productA, source: { owner: 'feedback', kind: 'case', id: created.id } });
      expect(ae.dueAt.getTime() - ae.awareAt.getTime()).toBe(24 * 3_600_000);
      expect(Math.abs(ae.awareAt.getTime() - received.getTime())).toBeLessThan(1000);
      expect(ae.missing).toEqual(['patientInitials', 'patientAge', 'patientSex']);
      // The rep who recorded it sees it (read-only); safety officers are notified.
      expect((await feedbackApi(rep.api).ae.get({ id: ae.id })).id).toBe(ae.id);
      expect((await failureOf(feedbackApi(rep.api).ae.close({ id: ae.id, safetyRef: 'PV-1' }))).appCode).toBe('FORBIDDEN');
      const em = await db.em(w.tenantId);
      expect(await em.count(NotificationSchema, { userId: officer.id, messageKey: 'plugins.feedback.notify.aeOpened' })).toBeGreaterThanOrEqual(1);
    });

    it('cannot be closed without the safety-database reference (translated) nor with minimum fields missing; closes once complete', async () => {
      const [ae] = await feedbackApi(officer.api).ae.list({ status: 'open' });
      const noRef = await httpMutation('plugins.feedback.ae.close', { id: ae.id, safetyRef: '' }, { cookie: adminCookie });
      expect(noRef.status).toBe(412);
      expect(noRef.error?.data.appCode).toBe('SAFETY_REF_REQUIRED');
      expect(noRef.error?.message).toContain('安全数据库编号');
      const incomplete = await failureOf(feedbackApi(officer.api).ae.close({ id: ae.id, safetyRef: 'PV-2026-000123' }));
      expect(incomplete.appCode).toBe('AE_INCOMPLETE');
      await feedbackApi(officer.api).ae.update({ id: ae.id, patientInitials: 'ZXM', patientAge: 56, patientSex: 'female' });
      const closed = await feedbackApi(officer.api).ae.close({ id: ae.id, safetyRef: 'PV-2026-000123' });
      expect(closed).toMatchObject({ status: 'closed', safetyRef: 'PV-2026-000123' });
      expect((await failureOf(feedbackApi(officer.api).ae.dismiss({ id: ae.id, reason: '误报，没有皮疹' }))).appCode).toBe('AE_NOT_OPEN');
      const audit = await (await forkEm()).find(AuditEntrySchema, { tenantId: w.tenantId, entity: 'FeedbackAdverseEvent', entityId: ae.id }, { orderBy: { seq: 'asc' } });
      expect(audit.map((a) => a.action)).toEqual(['feedback.ae.opened', 'feedback.ae.updated', 'feedback.ae.closed']);
      expect(JSON.stringify(audit[1]!.changes)).not.toContain('ZXM');
    });

    it('interaction notes are scanned through interaction.created (English terms too); a false positive is dismissed with a reason', async () => {
      const { id: interactionId } = await rep.api.interactions.log(visit(w, { notes: 'Dr Wang said one patient reported dizziness after the first dose.' }));
      const rows = await feedbackApi(officer.api).ae.list({ status: 'open' });
      const ae = rows.find((r: { source: { id: string } }) => r.source.id === interactionId);
      expect(ae).toMatchObject({ source: { owner: 'core', kind: 'interaction', href: `/interactions/${interactionId}` }, matchedTerms: ['dizziness'], reporterPersonId: w.drWang, productId: w.productA });
      expect((await failureOf(feedbackApi(officer.api).ae.dismiss({ id: ae.id, reason: 'x' }))).appCode).toBe('VALIDATION');
      const dismissed = await feedbackApi(officer.api).ae.dismiss({ id: ae.id, reason: '医生说明头晕与用药无关，为既往病史。' });
      expect(dismissed.status).toBe('dismissed');
      // Notes without a term open nothing; "crash" is not "rash".
      const { id: quiet } = await rep.api.interactions.log(visit(w, { notes: 'The hospital IT system had a crash; no clinical issues.' }));
      expect(await (await db.em(w.tenantId)).count(FeedbackAdverseEventSchema, { sourceId: quiet })).toBe(0);
    });

    it('the AE lexicon is tenant-editable by safety handlers only; a new term is matched at once', async () => {
      const current = await feedbackApi(manager.api).settings.get();
      const next = { ...current, aeKeywords: { ...current.aeKeywords, 'zh-CN': [...current.aeKeywords['zh-CN'], '晕厥'] } };
      expect((await failureOf(feedbackApi(manager.api).settings.update(next))).appCode).toBe('FORBIDDEN');
      expect((await failureOf(feedbackApi(admin).settings.update({ ...next, slaWarnHours: 0 }))).appCode).toBe('VALIDATION');
      // Managers may tune topics and deadlines.
      await feedbackApi(manager.api).settings.update({ ...current, slaWarnHours: 6 });
      await feedbackApi(admin).settings.update({ ...next, slaWarnHours: 6 });
      const created = await feedbackApi(rep.api).cases.create({ kind: 'complaint', channel: 'phone', customer: { kind: 'person', id: w.drLi }, severity: 'high', text: '李主任说有患者服药后晕厥一次。' });
      expect(created.adverseEventId).toBeTruthy();
      expect((await feedbackApi(admin).settings.get()).slaWarnHours).toBe(6);
    });

    it('the clock job escalates once when it runs low and once when overdue', async () => {
      const intake = (await capabilityFor(await forkEm(w.tenantId), 'adverse-events.intake'))!;
      const ctx = { tenantId: w.tenantId, em: await forkEm(w.tenantId), userId: null };
      const source = { owner: 'dept-meetings', kind: 'meeting', id: 'm-1', label: '科室会：糖尿病新进展' };
      const first = await intake.report({ source, description: '参会医生提到患者用药后恶心。', awareAt: new Date(Date.now() - 20 * 3_600_000) }, ctx);
      const again = await intake.report({ source, description: 'dup', awareAt: new Date() }, { ...ctx, em: await forkEm(w.tenantId) });
      expect(first.created).toBe(true);
      expect(again).toEqual({ caseId: first.caseId, href: first.href, created: false });
      expect(await escalateAdverseEvents(await forkEm(w.tenantId))).toMatchObject({ low: expect.any(Number) });
      expect((await (await forkEm(w.tenantId)).findOneOrFail(FeedbackAdverseEventSchema, { id: first.caseId })).escalation).toBe(1);
      await escalateAdverseEvents(await forkEm(w.tenantId), new Date(Date.now() + 5 * 3_600_000));
      await escalateAdverseEvents(await forkEm(w.tenantId), new Date(Date.now() + 6 * 3_600_000));
      const em = await forkEm(w.tenantId);
      expect((await em.findOneOrFail(FeedbackAdverseEventSchema, { id: first.caseId })).escalation).toBe(2);
      expect(await em.count(NotificationSchema, { userId: officer.id, dedupeKey: `ae-${first.caseId}-2` })).toBe(1);
    });
  });

  describe('surveys', () => {
    let surveyId: string;
    let distributionId: string;

    it('builder: a draft changes, a published survey is frozen, a new version is a draft copy', async () => {
      const fb = feedbackApi(manager.api);
      const draft = await fb.surveys.create({ ...NPS_SURVEY, productId: w.productA });
      await fb.surveys.update({ ...NPS_SURVEY, id: draft.id, productId: w.productA, title: { 'zh-CN': '学术服务满意度调研（2026）', en: 'Medical service satisfaction (2026)' } });
      expect((await failureOf(fb.surveys.create({ ...NPS_SURVEY, questions: [{ id: 'q', type: 'single', text: { 'zh-CN': '单选', en: '' }, required: true, options: [] }] }))).appCode).toBe('VALIDATION');
      const published = await fb.surveys.publish({ id: draft.id });
      expect(published.status).toBe('published');
      expect((await failureOf(fb.surveys.update({ ...NPS_SURVEY, id: draft.id }))).appCode).toBe('SURVEY_FROZEN');
      const v2 = await fb.surveys.newVersion({ id: draft.id });
      expect(v2).toMatchObject({ status: 'draft', version: 2, familyId: published.familyId });
      surveyId = draft.id;
      expect((await failureOf(feedbackApi(rep.api).surveys.list())).appCode).toBe('FORBIDDEN');
    });

    it('sent to a segment: a person who withdrew survey consent is skipped with the reason, the other gets a link', async () => {
      const api = officer.api;
      const noticeId = await publishNotice(officer.api, 'survey');
      for (const personId of [w.drWang, w.drLi]) {
        await api.compliance.consent.grant({ personId, items: [{ purpose: 'survey', channel: 'sms' }], noticeIds: [noticeId], captureMethod: 'electronic' });
      }
      await api.compliance.consent.withdraw({ personId: w.drLi, scopes: [{ purpose: 'survey', channel: 'sms' }], note: '不再参加调研' });
      const view = await manager.api.customers.views.create({ entity: 'person', name: '协和心内科', definition: { filters: { institutionId: w.hospitalN }, columns: ['institution'], sort: null } });
      const fb = feedbackApi(manager.api);
      expect(await fb.surveys.segments()).toEqual([{ id: view.id, name: '协和心内科' }]);
      const sent = await fb.surveys.distribute({ surveyId, viewId: view.id, channel: 'sms' });
      expect(sent.queued).toBe(2);
      distributionId = sent.distributionId;
      await driver.drain();
      const status = await fb.surveys.distribution({ id: distributionId });
      const byName = Object.fromEntries(status.rows.map((r: { personName: string }) => [r.personName, r]));
      expect(byName['李秀英']).toMatchObject({ status: 'skipped', reason: 'withdrawn', link: null });
      expect(byName['王建国']).toMatchObject({ status: 'sent', reason: null, link: expect.stringMatching(/^\/p\/feedback\/survey\//) });
      expect(status.totals).toMatchObject({ recipients: 2, sent: 1, skipped: 1 });
      const messages = await (await db.em(w.tenantId)).find(OutboundMessageSchema, { source: 'feedback' });
      expect(messages.every((m) => m.purpose === 'survey')).toBe(true);
    });

    it('the public page answers through the link; a second submission changes nothing', async () => {
      const status = await feedbackApi(manager.api).surveys.distribution({ id: distributionId });
      const token = tokenOf(status.rows.find((r: { link: string | null }) => r.link).link);
      const anon = feedbackApi(callerFor(null));
      const page = await anon.public.survey({ token });
      expect(page).toMatchObject({ answered: false, survey: { title: { 'zh-CN': '学术服务满意度调研（2026）' } } });
      expect((await failureOf(anon.public.submit({ token, answers: { nps: 11 } }))).appCode).toBe('VALIDATION');
      expect((await failureOf(anon.public.submit({ token, answers: {} }))).appCode).toBe('VALIDATION');
      // A double tap: the same answers sent twice at once — exactly one is stored. (Which request
      // wins the race is up to the database, so both carry the same answers.)
      const answers = { nps: 9, topic: 'service', comment: '代表服务很专业，资料及时。' };
      const [a, b] = await Promise.all([anon.public.submit({ token, answers }), anon.public.submit({ token, answers })]);
      expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
      expect((await anon.public.submit({ token, answers: { nps: 0 } })).duplicate).toBe(true);
      const em = await db.em(w.tenantId);
      const responses = await em.find(FeedbackResponseSchema, { surveyId });
      expect(responses).toHaveLength(1);
      expect(responses[0]).toMatchObject({ scoreKind: 'nps', personId: w.drWang, channel: 'sms', productId: w.productA, tier: 'A', territoryId: w.north });
      expect(responses[0]!.topics).toContain('service');
      expect((await anon.public.survey({ token })).answered).toBe(true);
      expect((await failureOf(anon.public.survey({ token: `${token}x` }))).code).toBe('NOT_FOUND');
      // The analysis sees it.
      const report = await feedbackApi(manager.api).analysis.report({});
      expect(report.overall).toMatchObject({ responses: 1, nps: 100 });
      expect(report.responseRate).toMatchObject({ deliveries: 2, answered: 1 });
      expect((await feedbackApi(manager.api).analysis.trend({})).overall).toBe(100);
      const csv = await feedbackApi(manager.api).analysis.csv({});
      expect(csv.content.startsWith('\ufeff')).toBe(true);
      expect(csv.content).toContain('降糖宁片');
    });

    it('reminders go once per period to those who got it and have not answered', async () => {
      const em = await forkEm(w.tenantId);
      expect(await sendReminders(em, w.tenantId)).toBe(0);
      const later = new Date(Date.now() + 4 * 86_400_000);
      // Only 王建国 was sent and he has answered; 李秀英 was skipped: nobody to remind.
      expect(await sendReminders(await forkEm(w.tenantId), w.tenantId, later)).toBe(0);
      expect(await (await forkEm(w.tenantId)).count(FeedbackDeliverySchema, { reminders: { $gt: 0 } })).toBe(0);
    });

    it('the surveys.requests capability lists published surveys and is idempotent per context', async () => {
      const cap = (await capabilityFor(await forkEm(w.tenantId), 'surveys.requests'))!;
      const ctx = () => ({ tenantId: w.tenantId, em: null as never, userId: manager.id });
      const em = await forkEm(w.tenantId);
      expect((await cap.listPublished({ ...ctx(), em })).map((s) => s.id)).toContain(surveyId);
      const context = { owner: 'dept-meetings', kind: 'meeting', id: 'm-9', label: '科室会' };
      const first = await cap.request({ surveyId, personIds: [w.drWang, 'nobody'], channel: 'sms', context }, { ...ctx(), em: await forkEm(w.tenantId) });
      expect(first).toEqual({ queued: 1, skipped: [{ personId: 'nobody', reason: 'no_such_person' }] });
      const second = await cap.request({ surveyId, personIds: [w.drWang], channel: 'sms', context }, { ...ctx(), em: await forkEm(w.tenantId) });
      expect(second).toEqual({ queued: 0, skipped: [{ personId: w.drWang, reason: 'already_sent_for_context' }] });
      await driver.drain();
    });
  });

  describe('gating and isolation', () => {
    const procedures = () => allProcedures().filter((p) => p.path.startsWith(`plugins.${PLUGIN}.`));

    it('every procedure of another tenant’s admin finds nothing of this tenant', async () => {
      const em = await db.em(w.tenantId);
      const ids = {
        case: (await em.findOneOrFail(FeedbackCaseSchema, {}, { orderBy: { createdAt: 'asc' } })).id,
        ae: (await em.findOneOrFail(FeedbackAdverseEventSchema, {}, { orderBy: { createdAt: 'asc' } })).id,
        delivery: (await em.findOneOrFail(FeedbackDeliverySchema, {})).id,
      };
      const { tenant, admin: otherAdmin } = await createTenantWithAdmin(`Other ${db.driver}`, { plugins: [PLUGIN] });
      const other = feedbackApi(callerFor(await signIn(otherAdmin.id, tenant.id)));
      expect(await other.cases.list({})).toEqual([]);
      expect(await other.ae.list({})).toEqual([]);
      expect(await other.surveys.list()).toEqual([]);
      expect((await other.analysis.report({})).responses).toBe(0);
      for (const call of [
        () => other.cases.get({ id: ids.case }),
        () => other.cases.transition({ id: ids.case, action: 'close' }),
        () => other.cases.attach({ caseId: ids.case, fileName: 'a.txt', mimeType: 'text/plain', dataBase64: 'aGk=' }),
        () => other.ae.get({ id: ids.ae }),
        () => other.ae.update({ id: ids.ae, patientAge: 1 }),
        () => other.ae.close({ id: ids.ae, safetyRef: 'x' }),
        () => other.ae.dismiss({ id: ids.ae, reason: 'hijack attempt' }),
        () => other.surveys.get({ id: ids.delivery }),
        () => other.surveys.distribution({ id: ids.delivery }),
      ]) {
        expect((await failureOf(call())).appCode).toBe('NOT_FOUND');
      }
      expect(procedures().length).toBeGreaterThanOrEqual(25);
    });

    it('disabled: every procedure is FORBIDDEN (public ones too) and no data is touched; re-enabled, all is still there', async () => {
      const counts = async () => {
        const em = await db.em(w.tenantId);
        return [await em.count(FeedbackCaseSchema, {}), await em.count(FeedbackAdverseEventSchema, {}), await em.count(FeedbackResponseSchema, {})];
      };
      const before = await counts();
      await admin.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: false });
      const em = await db.em(w.tenantId);
      const delivery = await em.findOneOrFail(FeedbackDeliverySchema, {});
      const { issuePluginLink } = await import('@/server/plugins/public-links');
      const token = issuePluginLink(PLUGIN, 'survey', { tenantId: w.tenantId, subject: delivery.id, expiresAt: delivery.expiresAt }).token;
      for (const proc of procedures()) {
        const input = proc.path.includes('.public.') ? { token, answers: { nps: 5 } } : { id: delivery.id };
        const f = await failureOf(callPath(admin, proc.path, input));
        expect(f.code, proc.path).toBe('FORBIDDEN');
        expect(f.appCode, proc.path).toBe(proc.path.includes('.public.') ? 'LINK_UNAVAILABLE' : 'PLUGIN_NOT_ENABLED');
        const res = proc.type === 'query' ? await httpQuery(proc.path, { junk: true }, { cookie: adminCookie }) : await httpMutation(proc.path, { junk: true }, { cookie: adminCookie, headers: { origin: 'http://localhost' } });
        expect(res.status, proc.path).toBe(proc.path.includes('.public.') ? 400 : 403);
      }
      // The event handler is not called while disabled: no AE from these notes.
      const { id: interactionId } = await rep.api.interactions.log(visit(w, { notes: '患者出现严重过敏。' }));
      expect(await (await db.em(w.tenantId)).count(FeedbackAdverseEventSchema, { sourceId: interactionId })).toBe(0);
      expect(await counts()).toEqual(before);
      await admin.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: true });
      expect(await counts()).toEqual(before);
      expect((await feedbackApi(admin).cases.list({})).length).toBe(before[0]);
      expect((await feedbackApi(admin).analysis.report({})).responses).toBe(before[2]);
    });
  });
});
