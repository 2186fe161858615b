import { z } from 'zod';

/**
 * The scenario format (DOMAIN.md §4), as plain JSON: what the editor edits, what import/export
 * reads and writes, what a published version freezes and what the engine plays. Every text a
 * trainee or trainer reads is given in both languages.
 */
export const localized = z.object({
  'zh-CN': z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000),
});
export type Localized = z.infer<typeof localized>;

const id = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/i);

export const SCENARIO_TYPES = ['dept_meeting_qa', 'doctor_visit', 'formulary_meeting'] as const;
export const FORMULARY_STATUSES = ['listed', 'not_listed', 'in_review', 'trial'] as const;
export const INFLUENCE = ['H', 'M', 'L'] as const;
export const ADOPTION_STAGES = ['unaware', 'aware', 'interested', 'trial', 'adopter', 'advocate'] as const;
export const OBJECTION_CATEGORIES = ['price', 'efficacy', 'safety', 'formulary', 'habit', 'evidence', 'other'] as const;

/**
 * Evaluator tags. The compliance gate fails on any tag the rubric lists as a blocker (by default
 * off-label claims, inducements and promises to "handle" formulary access).
 */
export const TAGS = [
  'probed',
  'acknowledged',
  'cited_evidence',
  'engaged_decision_maker',
  'next_step',
  'off_label_claim',
  'inducement',
  'promised_formulary_access',
  'disparaged_competitor',
  'ignored_concern',
] as const;
export type Tag = (typeof TAGS)[number];
export const DEFAULT_BLOCKERS: Tag[] = ['off_label_claim', 'inducement', 'promised_formulary_access'];

export const attitudeValue = z.number().int().min(-2).max(2);

export const persona = z.object({
  id,
  name: localized,
  title: localized,
  role: localized,
  profile: localized,
  influence: z.enum(INFLUENCE),
  attitude: attitudeValue,
  adoptionStage: z.enum(ADOPTION_STAGES),
  hiddenConcerns: z.array(z.object({ id, text: localized })).max(10),
  objections: z.array(z.object({ category: z.enum(OBJECTION_CATEGORIES), text: localized })).max(30),
  complianceTraps: z.array(localized).max(10),
  /** Set when the persona was built from a real invited HCP (a customer person id). */
  sourcePersonId: z.string().max(36).nullable().optional(),
});
export type Persona = z.infer<typeof persona>;

export const option = z.object({
  id,
  text: localized,
  tags: z.array(z.enum(TAGS)).max(10),
  /** Attitude change per persona id (−2…+2 per step; the result is clamped to −2…+2). */
  attitude: z.record(z.string(), z.number().int().min(-2).max(2)),
  /** The next turn, or null: this answer ends the conversation. */
  next: z.string().max(40).nullable(),
  /** Hidden concern ids this answer brings to light. */
  reveals: z.array(z.string().max(40)).max(10),
  /** Score per rubric criterion id, 0 (poor) … 4 (excellent). */
  scores: z.record(z.string(), z.number().int().min(0).max(4)),
  /** Why the answer scores as it does: shown in the debrief as the evidence. */
  feedback: localized,
  /** Scripted time the answer takes, in seconds (against the time box). */
  seconds: z.number().int().min(5).max(900),
});
export type Option = z.infer<typeof option>;

export const turn = z.object({
  id,
  personaId: z.string().max(40),
  line: localized,
  options: z.array(option).min(1).max(8),
  /** Whether the trainee may answer in their own words (tagged by the tenant's phrase rules). */
  allowFreeText: z.boolean(),
});
export type Turn = z.infer<typeof turn>;

export const criterion = z.object({
  id,
  name: localized,
  weight: z.number().int().min(0).max(100),
  /** Anchor descriptions: what a 0, a 2 and a 4 look like. */
  anchors: z.object({ low: localized, mid: localized, high: localized }),
});
export type Criterion = z.infer<typeof criterion>;

export const scenarioContent = z.object({
  format: z.literal('rapport.meeting-sim/1'),
  title: localized,
  summary: localized,
  type: z.enum(SCENARIO_TYPES),
  product: z.object({
    name: localized,
    productId: z.string().max(36).nullable().optional(),
    approvedClaims: z.array(z.object({ id, text: localized })).min(1).max(20),
  }),
  hospitalTier: localized,
  department: localized,
  formularyStatus: z.enum(FORMULARY_STATUSES),
  competitor: localized,
  timeBoxMinutes: z.number().int().min(1).max(120),
  competencies: z.array(z.string().trim().min(1).max(40)).min(1).max(10),
  patientFlow: z
    .array(z.object({ id, stage: localized, decisionMaker: localized, dropOff: localized.nullable(), productFits: z.boolean() }))
    .max(12),
  personas: z.array(persona).min(1).max(12),
  startTurnId: z.string().max(40),
  turns: z.array(turn).min(1).max(60),
  rubric: z.object({
    blockers: z.array(z.enum(TAGS)).min(1),
    criteria: z.array(criterion).min(1).max(10),
    /** Score needed to pass (percent), once the compliance gate is passed. */
    passMark: z.number().int().min(0).max(100),
  }),
});
export type ScenarioContent = z.infer<typeof scenarioContent>;
