/**
 * Feedback plugin and data-subject requests: an access request's summary counts the person's
 * cases, adverse-event reports, survey deliveries and answers; deletion erases them through the
 * plugin's hooks (the adverse-event report is kept as a legal record without the reporter).
 */
import { beforeAll, expect, it } from 'vitest';
import { forkEm } from '@/server/db/orm';
import { FeedbackAdverseEventSchema, FeedbackCaseSchema, FeedbackDeliverySchema, FeedbackResponseSchema } from '@/plugins/feedback/entities';
import { submitResponse } from '@/plugins/feedback/surveys';
import { complianceCompany, insertPerson, type ComplianceCompany } from './compliance-fixtures';
import { feedbackApi, NPS_SURVEY } from './feedback-support';
import { forEachDatabase } from '../support/db';

forEachDatabase((db) => {
  let c: ComplianceCompany;
  let personId: string;
  let otherId: string;

  beforeAll(async () => {
    c = await complianceCompany(`Feedback DSR ${db.driver}`, { plugins: ['feedback'] });
    personId = await insertPerson(c.tenantId, '林海');
    otherId = await insertPerson(c.tenantId, '高峰');
    const fb = feedbackApi(c.users.admin.api);
    await fb.cases.create({ kind: 'complaint', channel: 'phone', customer: { kind: 'person', id: personId }, severity: 'medium', text: '林主任反映患者用药后出现皮疹。' });
    await fb.cases.create({ kind: 'praise', channel: 'visit', customer: { kind: 'person', id: otherId }, severity: 'low', text: '高主任表扬代表服务。' });
    const survey = await fb.surveys.create(NPS_SURVEY);
    await fb.surveys.publish({ id: survey.id });
    // A delivery and an answer for each person, written as the send and the public page would.
    const em = await forkEm(c.tenantId);
    for (const [pid, score] of [[personId, 8], [otherId, 10]] as const) {
      const d = em.create(FeedbackDeliverySchema, { distributionId: 'dist-1', surveyId: survey.id, personId: pid, channel: 'sms', messageId: null, expiresAt: new Date(Date.now() + 86_400_000), reminders: 0, lastSentAt: new Date(), respondedAt: null });
      await em.flush();
      await em.transactional((tx) => submitResponse(tx, d.id, { nps: score, comment: pid === personId ? '林主任的意见：资料很专业' : '高主任的意见' }));
    }
  });

  async function openRequest(type: 'access' | 'deletion') {
    const officer = c.users.compliance.api;
    const { id } = await officer.compliance.dsr.create({ personId, type, receivedVia: 'email', requesterName: '本人', requesterContact: 'doctor@example.test' });
    await officer.compliance.dsr.verifyIdentity({ id, method: 'id_document' });
    return id;
  }

  it('an access request covers the person’s feedback tables, and only theirs', async () => {
    const id = await openRequest('access');
    const summary = (await c.users.compliance.api.compliance.dsr.execute({ id })) as { tables: Record<string, number> };
    expect(summary.tables).toMatchObject({
      'feedback/feedback_case': 1,
      'feedback/feedback_adverse_event': 1,
      'feedback/feedback_delivery': 1,
      'feedback/feedback_response': 1,
    });
  });

  it('deletion erases the person’s feedback through the plugin; other people’s rows stay', async () => {
    const id = await openRequest('deletion');
    const summary = (await c.users.compliance.api.compliance.dsr.execute({ id })) as { touched: Record<string, number> };
    expect(summary.touched).toMatchObject({ 'feedback:feedback_case': 1, 'feedback:feedback_adverse_event': 1, 'feedback:feedback_delivery': 1, 'feedback:feedback_response': 1 });
    const em = await forkEm(c.tenantId);
    expect(await em.count(FeedbackCaseSchema, { personId })).toBe(0);
    expect(await em.count(FeedbackDeliverySchema, { personId })).toBe(0);
    expect(await em.count(FeedbackResponseSchema, { personId })).toBe(0);
    const ae = await em.findOneOrFail(FeedbackAdverseEventSchema, {});
    expect(ae).toMatchObject({ reporterPersonId: null, status: 'open' });
    expect(ae.reporterName).not.toContain('林');
    const rows = JSON.stringify(await db.sql('select text from feedback_case where tenant_id = ?', [c.tenantId]));
    expect(rows).not.toContain('林主任');
    expect(rows).toContain('高主任表扬代表服务');
    const answers = await em.find(FeedbackResponseSchema, {});
    expect(answers).toHaveLength(2);
    expect(JSON.stringify(answers)).not.toContain('林主任');
    expect(answers.map((a) => a.score).sort()).toEqual([10, 8].sort());
  });
});
