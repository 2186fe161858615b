import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '@/server/db/tenant-scope';
import type { AeStatus, CaseChannel, CaseKind, CaseStatus, QuestionType, Severity, SlaState, SurveyStatus } from './settings';

/** A complaint, suggestion, praise or inquiry from a customer (a person or an institution). */
export interface FeedbackCase {
  id: Opt<string>;
  tenantId: Opt<string>;
  /** Human number, e.g. FB-2026-0042. */
  number: string;
  kind: CaseKind;
  channel: CaseChannel;
  personId: string | null;
  institutionId: string | null;
  productId: string | null;
  severity: Severity;
  text: string;
  status: CaseStatus;
  ownerId: string | null;
  createdBy: string;
  /** The interaction it was recorded from, if any. */
  interactionId: string | null;
  receivedAt: Date;
  dueAt: Date;
  slaState: SlaState;
  topics: string[];
  sentiment: number;
  resolution: string | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const FeedbackCaseSchema = new EntitySchema<FeedbackCase>({
  name: 'FeedbackCase',
  tableName: 'feedback_case',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'number'] }],
  indexes: [
    { properties: ['tenantId', 'status', 'dueAt'] },
    { properties: ['tenantId', 'personId'] },
    { properties: ['tenantId', 'institutionId'] },
    { properties: ['tenantId', 'ownerId'] },
    { properties: ['tenantId', 'createdBy'] },
  ],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    number: { type: 'string', length: 32 },
    kind: { type: 'string', length: 16 },
    channel: { type: 'string', length: 16 },
    personId: { type: 'string', length: 36, nullable: true },
    institutionId: { type: 'string', length: 36, nullable: true },
    productId: { type: 'string', length: 36, nullable: true },
    severity: { type: 'string', length: 16 },
    text: { type: 'text' },
    status: { type: 'string', length: 16 },
    ownerId: { type: 'string', length: 36, nullable: true },
    createdBy: { type: 'string', length: 36 },
    interactionId: { type: 'string', length: 36, nullable: true },
    receivedAt: { type: 'Date' },
    dueAt: { type: 'Date' },
    slaState: { type: 'string', length: 16 },
    topics: { type: 'json' },
    sentiment: { type: 'integer' },
    resolution: { type: 'text', nullable: true },
    resolvedAt: { type: 'Date', nullable: true },
    closedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

/** A file attached to a case, stored encrypted under the data directory (like consent evidence). */
export interface FeedbackAttachment {
  id: Opt<string>;
  tenantId: Opt<string>;
  caseId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  storageKey: string | null;
  uploadedBy: string;
  createdAt: Opt<Date>;
}

export const FeedbackAttachmentSchema = new EntitySchema<FeedbackAttachment>({
  name: 'FeedbackAttachment',
  tableName: 'feedback_attachment',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'caseId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    caseId: { type: 'string', length: 36 },
    fileName: { type: 'string', length: 200 },
    mimeType: { type: 'string', length: 100 },
    size: { type: 'integer' },
    sha256: { type: 'string', length: 64 },
    storageKey: { type: 'string', length: 300, nullable: true },
    uploadedBy: { type: 'string', length: 36 },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/**
 * A suspected adverse event: opened by a keyword match (a case, an interaction's notes) or handed
 * over by another module. One per source. Reported within 24 hours of awareness.
 */
export interface FeedbackAdverseEvent {
  id: Opt<string>;
  tenantId: Opt<string>;
  number: string;
  sourceOwner: string;
  sourceKind: string;
  sourceId: string;
  sourceLabel: string;
  sourceHref: string | null;
  caseId: string | null;
  status: AeStatus;
  matchedTerms: string[];
  description: string;
  awareAt: Date;
  dueAt: Date;
  patientInitials: string | null;
  patientAge: number | null;
  patientSex: string | null;
  productId: string | null;
  reporterPersonId: string | null;
  reporterName: string | null;
  institutionId: string | null;
  safetyRef: string | null;
  dismissReason: string | null;
  ownerId: string | null;
  /** 0 none, 1 clock running low notified, 2 overdue notified. */
  escalation: number;
  closedAt: Date | null;
  closedBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const FeedbackAdverseEventSchema = new EntitySchema<FeedbackAdverseEvent>({
  name: 'FeedbackAdverseEvent',
  tableName: 'feedback_adverse_event',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'sourceOwner', 'sourceKind', 'sourceId'] }, { properties: ['tenantId', 'number'] }],
  indexes: [{ properties: ['tenantId', 'status', 'dueAt'] }, { properties: ['tenantId', 'reporterPersonId'] }, { properties: ['tenantId', 'caseId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    number: { type: 'string', length: 32 },
    sourceOwner: { type: 'string', length: 64 },
    sourceKind: { type: 'string', length: 32 },
    sourceId: { type: 'string', length: 64 },
    sourceLabel: { type: 'string', length: 300 },
    sourceHref: { type: 'string', length: 500, nullable: true },
    caseId: { type: 'string', length: 36, nullable: true },
    status: { type: 'string', length: 16 },
    matchedTerms: { type: 'json' },
    description: { type: 'text' },
    awareAt: { type: 'Date' },
    dueAt: { type: 'Date' },
    patientInitials: { type: 'string', length: 10, nullable: true },
    patientAge: { type: 'integer', nullable: true },
    patientSex: { type: 'string', length: 10, nullable: true },
    productId: { type: 'string', length: 36, nullable: true },
    reporterPersonId: { type: 'string', length: 36, nullable: true },
    reporterName: { type: 'string', length: 100, nullable: true },
    institutionId: { type: 'string', length: 36, nullable: true },
    safetyRef: { type: 'string', length: 100, nullable: true },
    dismissReason: { type: 'text', nullable: true },
    ownerId: { type: 'string', length: 36, nullable: true },
    escalation: { type: 'integer' },
    closedAt: { type: 'Date', nullable: true },
    closedBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

export interface LocalizedString {
  'zh-CN': string;
  en: string;
}

export interface SurveyQuestion {
  id: string;
  type: QuestionType;
  text: LocalizedString;
  required: boolean;
  options?: { id: string; text: LocalizedString }[];
  /** Rating scale maximum (3–10). */
  scale?: number;
}

/** A survey version. Versions of one survey share `familyId`; a published version is frozen. */
export interface FeedbackSurvey {
  id: Opt<string>;
  tenantId: Opt<string>;
  familyId: string;
  version: number;
  title: LocalizedString;
  intro: LocalizedString;
  status: SurveyStatus;
  questions: SurveyQuestion[];
  productId: string | null;
  publishedAt: Date | null;
  createdBy: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const FeedbackSurveySchema = new EntitySchema<FeedbackSurvey>({
  name: 'FeedbackSurvey',
  tableName: 'feedback_survey',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'familyId', 'version'] }],
  indexes: [{ properties: ['tenantId', 'status'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    familyId: { type: 'string', length: 36 },
    version: { type: 'integer' },
    title: { type: 'json' },
    intro: { type: 'json' },
    status: { type: 'string', length: 16 },
    questions: { type: 'json' },
    productId: { type: 'string', length: 36, nullable: true },
    publishedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36 },
    ...timestampProperties,
  },
});

/** One send of a survey to a segment (or at another module's request). */
export interface FeedbackDistribution {
  id: Opt<string>;
  tenantId: Opt<string>;
  surveyId: string;
  channel: string;
  /** The saved view it went to, or the requesting context ("dept-meetings:meeting:…"). */
  segmentLabel: string;
  viewId: string | null;
  contextKey: string | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
}

export const FeedbackDistributionSchema = new EntitySchema<FeedbackDistribution>({
  name: 'FeedbackDistribution',
  tableName: 'feedback_distribution',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'surveyId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    surveyId: { type: 'string', length: 36 },
    channel: { type: 'string', length: 16 },
    segmentLabel: { type: 'string', length: 300 },
    viewId: { type: 'string', length: 36, nullable: true },
    contextKey: { type: 'string', length: 200, nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** A survey sent to one person: the link's subject; answered at most once. */
export interface FeedbackDelivery {
  id: Opt<string>;
  tenantId: Opt<string>;
  distributionId: string;
  surveyId: string;
  personId: string;
  channel: string;
  messageId: string | null;
  expiresAt: Date;
  reminders: number;
  lastSentAt: Date;
  respondedAt: Date | null;
  createdAt: Opt<Date>;
}

export const FeedbackDeliverySchema = new EntitySchema<FeedbackDelivery>({
  name: 'FeedbackDelivery',
  tableName: 'feedback_delivery',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'distributionId', 'personId'] }],
  indexes: [{ properties: ['tenantId', 'personId'] }, { properties: ['tenantId', 'surveyId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    distributionId: { type: 'string', length: 36 },
    surveyId: { type: 'string', length: 36 },
    personId: { type: 'string', length: 36 },
    channel: { type: 'string', length: 16 },
    messageId: { type: 'string', length: 36, nullable: true },
    expiresAt: { type: 'Date' },
    reminders: { type: 'integer' },
    lastSentAt: { type: 'Date' },
    respondedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export type AnswerValue = number | string | string[] | null;

/** A submitted answer sheet. Unique per delivery: a second submission changes nothing. */
export interface FeedbackResponse {
  id: Opt<string>;
  tenantId: Opt<string>;
  deliveryId: string | null;
  surveyId: string;
  familyId: string;
  personId: string | null;
  answers: Record<string, AnswerValue>;
  scoreKind: 'nps' | 'csat' | null;
  score: number | null;
  channel: string;
  productId: string | null;
  territoryId: string | null;
  tier: string | null;
  comment: string | null;
  topics: string[];
  sentiment: number;
  submittedAt: Date;
}

export const FeedbackResponseSchema = new EntitySchema<FeedbackResponse>({
  name: 'FeedbackResponse',
  tableName: 'feedback_response',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'deliveryId'] }],
  indexes: [{ properties: ['tenantId', 'familyId', 'submittedAt'] }, { properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    deliveryId: { type: 'string', length: 36, nullable: true },
    surveyId: { type: 'string', length: 36 },
    familyId: { type: 'string', length: 36 },
    personId: { type: 'string', length: 36, nullable: true },
    answers: { type: 'json' },
    scoreKind: { type: 'string', length: 8, nullable: true },
    score: { type: 'integer', nullable: true },
    channel: { type: 'string', length: 16 },
    productId: { type: 'string', length: 36, nullable: true },
    territoryId: { type: 'string', length: 36, nullable: true },
    tier: { type: 'string', length: 16, nullable: true },
    comment: { type: 'text', nullable: true },
    topics: { type: 'json' },
    sentiment: { type: 'integer' },
    submittedAt: { type: 'Date' },
  },
});

export const feedbackEntities = [FeedbackCaseSchema, FeedbackAttachmentSchema, FeedbackAdverseEventSchema, FeedbackSurveySchema, FeedbackDistributionSchema, FeedbackDeliverySchema, FeedbackResponseSchema];
