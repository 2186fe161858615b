import { PersonSchema } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { assertRepMayPromote } from '@/server/services/compliance/rep-filing';
import type { Actor } from './actor';
import {
  DeptMeetingEvidenceSchema,
  DeptMeetingInviteeSchema,
  DeptMeetingRuleResultSchema,
  DeptMeetingSchema,
  DeptMeetingSigninSchema,
  DeptMeetingTransferSchema,
  type DeptMeeting,
} from './entities';
import { PLUGIN_ID, type RuleId, type Rules } from './manifest';
import { meetingSettings, yuan } from './settings';

/** The compliance rule engine: each rule runs at the steps it concerns; results are stored per meeting. */
export type RuleStep = 'submit' | 'compliance' | 'hospital' | 'close';

export const RULES_AT: Record<RuleStep, RuleId[]> = {
  submit: ['repFiling', 'venueNotClinical', 'mealCap', 'attendanceCap', 'speakerFee'],
  compliance: ['approvedMaterial', 'speakerFee'],
  hospital: ['hospitalApproval'],
  close: ['requiredAttachments', 'mealCap', 'budgetOverrun'],
};

export interface RuleOutcome {
  rule: RuleId;
  severity: 'hard' | 'soft';
  passed: boolean;
  /** Full catalogue key of the failure message. */
  messageKey: string | null;
  values: Record<string, string | number>;
}

const key = (rule: RuleId) => `plugins.${PLUGIN_ID}.rules.${rule}.failed`;
const ACTIVE_STATES = ['draft', 'pending_manager', 'pending_compliance', 'pending_hospital', 'inviting', 'in_progress', 'close_out', 'audit', 'follow_up', 'evaluated'];

/** What a held meeting cost, from its evidence and sign-ins (fen). */
export async function closeFigures(actor: Actor, meeting: DeptMeeting) {
  const [evidence, signins] = await Promise.all([
    actor.em.find(DeptMeetingEvidenceSchema, { meetingId: meeting.id }),
    actor.em.find(DeptMeetingSigninSchema, { meetingId: meeting.id }),
  ]);
  const photos = evidence.filter((e) => e.kind === 'photo').length;
  const invoices = evidence.filter((e) => e.kind === 'invoice');
  const mealTotal = invoices.reduce((s, e) => s + (e.amount ?? 0), 0);
  const diners = signins.filter((s) => s.meal).length;
  const attendees = signins.length;
  const perHead = diners ? Math.round(mealTotal / diners) : 0;
  const speakerPaid = meeting.speakerPaid ?? 0;
  const actualTotal = mealTotal + speakerPaid;
  return { photos, invoices: invoices.length, mealTotal, diners, attendees, perHead, speakerPaid, actualTotal };
}

async function check(actor: Actor, meeting: DeptMeeting, step: RuleStep, rule: RuleId, rules: Rules): Promise<Omit<RuleOutcome, 'rule' | 'severity'>> {
  const ok = { passed: true, messageKey: null, values: {} };
  const fail = (values: Record<string, string | number>, messageKey = key(rule)) => ({ passed: false, messageKey, values });
  switch (rule) {
    case 'mealCap': {
      const cap = rules.mealCap.amount;
      if (step === 'close') {
        const f = await closeFigures(actor, meeting);
        return yuan(f.perHead) > cap ? fail({ perHead: yuan(f.perHead), cap }) : ok;
      }
      return yuan(meeting.mealPerHead) > cap ? fail({ perHead: yuan(meeting.mealPerHead), cap }) : ok;
    }
    case 'budgetOverrun': {
      const f = await closeFigures(actor, meeting);
      if (!meeting.estimatedBudget) return ok;
      const over = Math.round(((f.actualTotal - meeting.estimatedBudget) / meeting.estimatedBudget) * 1000) / 10;
      return over > rules.budgetOverrun.percent ? fail({ over, limit: rules.budgetOverrun.percent, actual: yuan(f.actualTotal), estimate: yuan(meeting.estimatedBudget) }) : ok;
    }
    case 'attendanceCap': {
      const { count, days } = rules.attendanceCap;
      const invitees = await actor.em.find(DeptMeetingInviteeSchema, { meetingId: meeting.id });
      if (!invitees.length) return ok;
      const from = new Date(meeting.startsAt.getTime() - days * 86_400_000);
      const to = new Date(meeting.startsAt.getTime() + days * 86_400_000);
      const others = await actor.em.find(DeptMeetingSchema, { id: { $ne: meeting.id }, productId: meeting.productId, status: { $in: ACTIVE_STATES as never }, startsAt: { $gte: from, $lte: to } }, { fields: ['id'] });
      if (!others.length) return ok;
      const rows = await actor.em.find(DeptMeetingInviteeSchema, { meetingId: { $in: others.map((o) => o.id) }, personId: { $in: invitees.map((i) => i.personId) } });
      const per = new Map<string, number>();
      for (const r of rows) per.set(r.personId, (per.get(r.personId) ?? 0) + 1);
      const over = [...per.entries()].filter(([, n]) => n + 1 > count).map(([id]) => id);
      if (!over.length) return ok;
      const people = await actor.em.find(PersonSchema, { id: { $in: over } }, { fields: ['id', 'name'] });
      return fail({ names: people.map((p) => p.name).join('、'), count, days });
    }
    case 'speakerFee': {
      if (meeting.speakerKind !== 'hcp' || !meeting.speakerFee) return ok;
      const { maxPerMeeting, annualCap } = rules.speakerFee;
      if (yuan(meeting.speakerFee) > maxPerMeeting) return fail({ fee: yuan(meeting.speakerFee), max: maxPerMeeting }, `plugins.${PLUGIN_ID}.rules.speakerFee.overTier`);
      if (!meeting.speakerPersonId) return ok;
      const year = meeting.startsAt.getUTCFullYear();
      const paid = await actor.em.find(DeptMeetingTransferSchema, { personId: meeting.speakerPersonId, kind: 'speaker_fee', year, meetingId: { $ne: meeting.id } });
      const total = paid.reduce((s, t) => s + t.amount, 0) + meeting.speakerFee;
      return yuan(total) > annualCap ? fail({ total: yuan(total), cap: annualCap, year }) : ok;
    }
    case 'venueNotClinical': {
      const hit = rules.venueNotClinical.keywords.find((k) => meeting.venue.toLowerCase().includes(k.toLowerCase()));
      return hit ? fail({ venue: meeting.venue, keyword: hit }) : ok;
    }
    case 'approvedMaterial':
      return meeting.deckId && meeting.deckVersion ? ok : fail({});
    case 'hospitalApproval':
      return meeting.hospitalApprovalNo?.trim() ? ok : fail({});
    case 'repFiling': {
      try {
        await assertRepMayPromote({ em: actor.em, tenant: { settings: { timezone: actor.timezone } } }, meeting.ownerId, { at: meeting.startsAt, productIds: [meeting.productId] });
        return ok;
      } catch (e) {
        if (e instanceof DomainError) return fail(Object.fromEntries(Object.entries(e.values).map(([k, v]) => [k, String(v)])), e.messageKey);
        throw e;
      }
    }
    case 'requiredAttachments': {
      const f = await closeFigures(actor, meeting);
      const { minPhotos, invoice } = rules.requiredAttachments;
      if (f.photos < minPhotos || (invoice && f.invoices < 1)) return fail({ photos: f.photos, minPhotos, invoices: f.invoices });
      return ok;
    }
  }
}

/** Runs the step's enabled rules without storing anything (the stepper's "what is missing"). */
export async function evaluateRules(actor: Actor, meeting: DeptMeeting, step: RuleStep): Promise<RuleOutcome[]> {
  const { rules } = await meetingSettings(actor.em);
  const out: RuleOutcome[] = [];
  for (const rule of RULES_AT[step]) {
    const cfg = rules[rule];
    if (!cfg.enabled) continue;
    out.push({ rule, severity: cfg.severity, ...(await check(actor, meeting, step, rule, rules)) });
  }
  return out;
}

/**
 * Runs the step's rules: a failed hard rule blocks with its own message; a failed soft rule needs
 * a comment. When the step may go ahead, every outcome is stored with the comment.
 */
export async function enforceRules(actor: Actor, meeting: DeptMeeting, step: RuleStep, comment: string | null): Promise<RuleOutcome[]> {
  const outcomes = await evaluateRules(actor, meeting, step);
  const hard = outcomes.find((o) => !o.passed && o.severity === 'hard');
  if (hard) throw new DomainError('RULE_BLOCKED', hard.messageKey!, hard.values, 'PRECONDITION_FAILED');
  const soft = outcomes.find((o) => !o.passed && o.severity === 'soft');
  // The rule's own message; the client adds "explain in the comment" for this code.
  if (soft && !comment?.trim()) throw new DomainError('RULE_NEEDS_COMMENT', soft.messageKey!, soft.values, 'PRECONDITION_FAILED');
  const at = new Date();
  for (const o of outcomes) {
    actor.em.create(DeptMeetingRuleResultSchema, {
      meetingId: meeting.id,
      step,
      rule: o.rule,
      severity: o.severity,
      passed: o.passed,
      messageKey: o.messageKey,
      values: o.values,
      comment: o.passed ? null : comment,
      actorId: actor.userId,
      at,
    });
  }
  await actor.em.flush();
  return outcomes;
}
