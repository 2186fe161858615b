import type { EntityManager } from '@mikro-orm/core';
import type { CustomerHooks, PrivacyHooks } from '@/server/plugins/contract';
import { removeStored } from '@/server/services/compliance/files';
import { caseHref } from './cases';
import { FeedbackAdverseEventSchema, FeedbackAttachmentSchema, FeedbackCaseSchema, FeedbackDeliverySchema, FeedbackResponseSchema } from './entities';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const privacy: PrivacyHooks = {
  async exportPersonalData(subjectId, { em }) {
    const [cases, aes, deliveries, responses] = await Promise.all([
      em.find(FeedbackCaseSchema, { personId: subjectId }, { orderBy: { createdAt: 'asc' } }),
      em.find(FeedbackAdverseEventSchema, { reporterPersonId: subjectId }, { orderBy: { createdAt: 'asc' } }),
      em.find(FeedbackDeliverySchema, { personId: subjectId }, { orderBy: { createdAt: 'asc' } }),
      em.find(FeedbackResponseSchema, { personId: subjectId }, { orderBy: { submittedAt: 'asc' } }),
    ]);
    const attachments = cases.length ? await em.find(FeedbackAttachmentSchema, { caseId: { $in: cases.map((c) => c.id) } }) : [];
    return {
      feedback_case: cases.map((c) => ({ id: c.id, number: c.number, kind: c.kind, channel: c.channel, severity: c.severity, status: c.status, text: c.text, resolution: c.resolution, receivedAt: iso(c.receivedAt), closedAt: iso(c.closedAt) })),
      feedback_attachment: attachments.map((a) => ({ id: a.id, caseId: a.caseId, fileName: a.fileName, mimeType: a.mimeType, size: a.size, createdAt: iso(a.createdAt) })),
      feedback_adverse_event: aes.map((a) => ({ id: a.id, number: a.number, status: a.status, description: a.description, reporterName: a.reporterName, awareAt: iso(a.awareAt), safetyRef: a.safetyRef })),
      feedback_delivery: deliveries.map((d) => ({ id: d.id, surveyId: d.surveyId, channel: d.channel, sentAt: iso(d.lastSentAt), respondedAt: iso(d.respondedAt) })),
      feedback_response: responses.map((r) => ({ id: r.id, surveyId: r.surveyId, answers: r.answers, score: r.score, scoreKind: r.scoreKind, comment: r.comment, submittedAt: iso(r.submittedAt) })),
    };
  },
  /**
   * Cases lose their text and the link to the person; attachments are deleted; survey answers keep
   * only their anonymous scores. Adverse-event reports are a legal record (pharmacovigilance): they
   * are kept, but no longer name or link the reporter.
   */
  async erasePersonalData(subjectId, { em }) {
    const cases = await em.find(FeedbackCaseSchema, { personId: subjectId }, { fields: ['id'] });
    const caseIds = cases.map((c) => c.id);
    const attachments = caseIds.length ? await em.find(FeedbackAttachmentSchema, { caseId: { $in: caseIds } }) : [];
    for (const a of attachments) removeStored(a.storageKey);
    const removedAttachments = caseIds.length ? await em.nativeDelete(FeedbackAttachmentSchema, { caseId: { $in: caseIds } }) : 0;
    const touchedCases = await em.nativeUpdate(FeedbackCaseSchema, { personId: subjectId }, { personId: null, text: '[已删除 / erased]', resolution: null });
    const touchedAes = await em.nativeUpdate(FeedbackAdverseEventSchema, { reporterPersonId: subjectId }, { reporterPersonId: null, reporterName: '[已删除 / erased]' });
    const deliveries = await em.nativeDelete(FeedbackDeliverySchema, { personId: subjectId });
    const responses = await em.nativeUpdate(FeedbackResponseSchema, { personId: subjectId }, { personId: null, comment: null, answers: {}, deliveryId: null });
    return { feedback_case: touchedCases, feedback_attachment: removedAttachments, feedback_adverse_event: touchedAes, feedback_delivery: deliveries, feedback_response: responses };
  },
};

async function moveAll(em: EntityManager, kind: 'person' | 'institution', fromId: string, intoId: string): Promise<Record<string, number>> {
  if (kind === 'institution') {
    return {
      feedback_case: await em.nativeUpdate(FeedbackCaseSchema, { institutionId: fromId }, { institutionId: intoId }),
      feedback_adverse_event: await em.nativeUpdate(FeedbackAdverseEventSchema, { institutionId: fromId }, { institutionId: intoId }),
    };
  }
  return {
    feedback_case: await em.nativeUpdate(FeedbackCaseSchema, { personId: fromId }, { personId: intoId }),
    feedback_adverse_event: await em.nativeUpdate(FeedbackAdverseEventSchema, { reporterPersonId: fromId }, { reporterPersonId: intoId }),
    feedback_delivery: await em.nativeUpdate(FeedbackDeliverySchema, { personId: fromId }, { personId: intoId }),
    feedback_response: await em.nativeUpdate(FeedbackResponseSchema, { personId: fromId }, { personId: intoId }),
  };
}

export const customerHooks: CustomerHooks = {
  async timeline(customer, { em }, page) {
    const where = customer.kind === 'person' ? { personId: customer.id } : { institutionId: customer.id };
    const rows = await em.find(FeedbackCaseSchema, { ...where, ...(page.before ? { receivedAt: { $lt: page.before } } : {}) }, { orderBy: { receivedAt: 'desc' }, limit: page.limit });
    return rows.map((c) => ({ at: c.receivedAt, typeKey: `timeline.${c.kind}`, title: c.number, summary: c.text.slice(0, 200), href: caseHref(c.id) }));
  },
  merge: (kind, fromId, intoId, { em }) => moveAll(em, kind, fromId, intoId),
};
