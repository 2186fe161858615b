import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '@/server/db/tenant-scope';

/** Money is kept in fen (分, 1/100 RMB) as integers: sums stay exact on both databases. */

export const MEETING_STATES = [
  'draft',
  'pending_manager',
  'pending_compliance',
  'pending_hospital',
  'inviting',
  'in_progress',
  'close_out',
  'audit',
  'follow_up',
  'evaluated',
  'cancelled',
] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export interface DeptMeeting {
  id: Opt<string>;
  tenantId: Opt<string>;
  title: string;
  objective: string;
  productId: string;
  indication: string;
  institutionId: string;
  departmentId: string | null;
  /** The institution's territory, for record-level access. */
  territoryId: string | null;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  speakerKind: 'hcp' | 'internal' | 'none';
  speakerPersonId: string | null;
  speakerName: string | null;
  speakerFee: number;
  mealPerHead: number;
  headcount: number;
  estimatedBudget: number;
  agenda: string;
  deckId: string | null;
  deckVersion: string | null;
  hospitalApprovalNo: string | null;
  status: MeetingState;
  /** Set when a change after approval sent it back, or when it was rescheduled. */
  rescheduled: boolean;
  cancelReason: string | null;
  ownerId: string;
  /** First manager approval; a later change of date, venue or speaker sends the meeting back. */
  approvedAt: Date | null;
  actualCost: number | null;
  speakerPaid: number | null;
  speakerPaymentRef: string | null;
  closedAt: Date | null;
  followUpDoneAt: Date | null;
  outcome30: string | null;
  outcome90: string | null;
  auditFindings: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const DeptMeetingSchema = new EntitySchema<DeptMeeting>({
  name: 'DeptMeeting',
  tableName: 'dept_meetings_meeting',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'startsAt'] }, { properties: ['tenantId', 'status'] }, { properties: ['tenantId', 'institutionId'] }, { properties: ['tenantId', 'ownerId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    title: { type: 'string', length: 200 },
    objective: { type: 'text' },
    productId: { type: 'string', length: 36 },
    indication: { type: 'string', length: 300 },
    institutionId: { type: 'string', length: 36 },
    departmentId: { type: 'string', length: 36, nullable: true },
    territoryId: { type: 'string', length: 36, nullable: true },
    startsAt: { type: 'Date' },
    endsAt: { type: 'Date' },
    venue: { type: 'string', length: 200 },
    speakerKind: { type: 'string', length: 12 },
    speakerPersonId: { type: 'string', length: 36, nullable: true },
    speakerName: { type: 'string', length: 100, nullable: true },
    speakerFee: { type: 'integer' },
    mealPerHead: { type: 'integer' },
    headcount: { type: 'integer' },
    estimatedBudget: { type: 'integer' },
    agenda: { type: 'text' },
    deckId: { type: 'string', length: 100, nullable: true },
    deckVersion: { type: 'string', length: 50, nullable: true },
    hospitalApprovalNo: { type: 'string', length: 100, nullable: true },
    status: { type: 'string', length: 24 },
    rescheduled: { type: 'boolean' },
    cancelReason: { type: 'text', nullable: true },
    ownerId: { type: 'string', length: 36 },
    approvedAt: { type: 'Date', nullable: true },
    actualCost: { type: 'integer', nullable: true },
    speakerPaid: { type: 'integer', nullable: true },
    speakerPaymentRef: { type: 'string', length: 100, nullable: true },
    closedAt: { type: 'Date', nullable: true },
    followUpDoneAt: { type: 'Date', nullable: true },
    outcome30: { type: 'text', nullable: true },
    outcome90: { type: 'text', nullable: true },
    auditFindings: { type: 'text', nullable: true },
    ...timestampProperties,
  },
});

export interface DeptMeetingInvitee {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  personId: string;
  /** −2 (opposed) … +2 (advocate), as planned. */
  attitude: number;
  channel: string | null;
  invitedAt: Date | null;
  outboundId: string | null;
  rsvp: 'pending' | 'yes' | 'no';
  attitudeAfter: number | null;
  questionsAnswered: boolean | null;
  evaluationNote: string | null;
}

export const DeptMeetingInviteeSchema = new EntitySchema<DeptMeetingInvitee>({
  name: 'DeptMeetingInvitee',
  tableName: 'dept_meetings_invitee',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'meetingId', 'personId'] }],
  indexes: [{ properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    personId: { type: 'string', length: 36 },
    attitude: { type: 'integer' },
    channel: { type: 'string', length: 16, nullable: true },
    invitedAt: { type: 'Date', nullable: true },
    outboundId: { type: 'string', length: 36, nullable: true },
    rsvp: { type: 'string', length: 12 },
    attitudeAfter: { type: 'integer', nullable: true },
    questionsAnswered: { type: 'boolean', nullable: true },
    evaluationNote: { type: 'text', nullable: true },
  },
});

/** One attendee's sign-in: a signature drawn on the phone, time and (when allowed) place. */
export interface DeptMeetingSignin {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  /** The invited HCP, or null for a walk-in not (yet) matched to a customer. */
  personId: string | null;
  name: string;
  department: string | null;
  mobileLast4: string | null;
  walkIn: boolean;
  meal: boolean;
  /** PNG data URL of the signature; erased on request (the row stays, marked). */
  signature: string | null;
  signatureHash: string | null;
  signedAt: Date;
  latitude: number | null;
  longitude: number | null;
  /** The follow-up task the job created for this attendee. */
  followUpTaskId: string | null;
  erasedAt: Date | null;
}

export const DeptMeetingSigninSchema = new EntitySchema<DeptMeetingSignin>({
  name: 'DeptMeetingSignin',
  tableName: 'dept_meetings_signin',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'meetingId'] }, { properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    personId: { type: 'string', length: 36, nullable: true },
    name: { type: 'string', length: 100 },
    department: { type: 'string', length: 100, nullable: true },
    mobileLast4: { type: 'string', length: 4, nullable: true },
    walkIn: { type: 'boolean' },
    meal: { type: 'boolean' },
    signature: { type: 'text', nullable: true },
    signatureHash: { type: 'string', length: 64, nullable: true },
    signedAt: { type: 'Date' },
    latitude: { type: 'double', nullable: true },
    longitude: { type: 'double', nullable: true },
    followUpTaskId: { type: 'string', length: 36, nullable: true },
    erasedAt: { type: 'Date', nullable: true },
  },
});

/** A photo, an invoice or another attachment. Files are encrypted under the data directory. */
export interface DeptMeetingEvidence {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  kind: 'photo' | 'invoice' | 'attachment';
  fileName: string;
  mime: string;
  size: number;
  contentHash: string;
  storageKey: string;
  invoiceNo: string | null;
  amount: number | null;
  invoiceVenue: string | null;
  invoiceDate: string | null;
  uploadedBy: string;
  createdAt: Opt<Date>;
}

export const DeptMeetingEvidenceSchema = new EntitySchema<DeptMeetingEvidence>({
  name: 'DeptMeetingEvidence',
  tableName: 'dept_meetings_evidence',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'meetingId'] }, { properties: ['tenantId', 'contentHash'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    kind: { type: 'string', length: 12 },
    fileName: { type: 'string', length: 200 },
    mime: { type: 'string', length: 100 },
    size: { type: 'integer' },
    contentHash: { type: 'string', length: 64 },
    storageKey: { type: 'string', length: 300 },
    invoiceNo: { type: 'string', length: 64, nullable: true },
    amount: { type: 'integer', nullable: true },
    invoiceVenue: { type: 'string', length: 200, nullable: true },
    invoiceDate: { type: 'string', length: 10, nullable: true },
    uploadedBy: { type: 'string', length: 36 },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** A question or objection raised (the reusable objection library), or an adverse event. */
export interface DeptMeetingNote {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  kind: 'objection' | 'question' | 'adverse_event';
  personId: string | null;
  productId: string | null;
  text: string;
  response: string | null;
  category: string | null;
  /** Adverse events: the safety case it was handed to, or null when handled manually. */
  caseId: string | null;
  manual: boolean;
  createdBy: string;
  createdAt: Opt<Date>;
}

export const DeptMeetingNoteSchema = new EntitySchema<DeptMeetingNote>({
  name: 'DeptMeetingNote',
  tableName: 'dept_meetings_note',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'meetingId'] }, { properties: ['tenantId', 'kind', 'productId'] }, { properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    kind: { type: 'string', length: 16 },
    personId: { type: 'string', length: 36, nullable: true },
    productId: { type: 'string', length: 36, nullable: true },
    text: { type: 'text' },
    response: { type: 'text', nullable: true },
    category: { type: 'string', length: 50, nullable: true },
    caseId: { type: 'string', length: 36, nullable: true },
    manual: { type: 'boolean' },
    createdBy: { type: 'string', length: 36 },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** The outcome of one compliance rule at one transition. */
export interface DeptMeetingRuleResult {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  step: string;
  rule: string;
  severity: 'hard' | 'soft';
  passed: boolean;
  messageKey: string | null;
  values: Record<string, string | number>;
  comment: string | null;
  actorId: string | null;
  at: Date;
}

export const DeptMeetingRuleResultSchema = new EntitySchema<DeptMeetingRuleResult>({
  name: 'DeptMeetingRuleResult',
  tableName: 'dept_meetings_rule_result',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'meetingId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    step: { type: 'string', length: 24 },
    rule: { type: 'string', length: 40 },
    severity: { type: 'string', length: 8 },
    passed: { type: 'boolean' },
    messageKey: { type: 'string', length: 200, nullable: true },
    values: { type: 'json' },
    comment: { type: 'text', nullable: true },
    actorId: { type: 'string', length: 36, nullable: true },
    at: { type: 'Date' },
  },
});

/** A fake-meeting signal, shown on the meeting and in compliance's queue until resolved. */
export interface DeptMeetingFlag {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  kind: string;
  /** One flag per meeting, kind and reference (e.g. the other meeting), however often detection runs. */
  ref: string;
  values: Record<string, string | number>;
  status: 'open' | 'resolved';
  findings: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  createdAt: Opt<Date>;
}

export const DeptMeetingFlagSchema = new EntitySchema<DeptMeetingFlag>({
  name: 'DeptMeetingFlag',
  tableName: 'dept_meetings_flag',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'meetingId', 'kind', 'ref'] }],
  indexes: [{ properties: ['tenantId', 'status'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    kind: { type: 'string', length: 32 },
    ref: { type: 'string', length: 80 },
    values: { type: 'json' },
    status: { type: 'string', length: 12 },
    findings: { type: 'text', nullable: true },
    resolvedBy: { type: 'string', length: 36, nullable: true },
    resolvedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** Transfer-of-value ledger: every meal and speaker fee per HCP, however small. */
export interface DeptMeetingTransfer {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  personId: string;
  kind: 'meal' | 'speaker_fee';
  amount: number;
  /** YYYY-MM-DD in the company's time zone. */
  occurredOn: string;
  year: number;
  createdAt: Opt<Date>;
}

export const DeptMeetingTransferSchema = new EntitySchema<DeptMeetingTransfer>({
  name: 'DeptMeetingTransfer',
  tableName: 'dept_meetings_transfer',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'meetingId', 'personId', 'kind'] }],
  indexes: [{ properties: ['tenantId', 'personId', 'year'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    personId: { type: 'string', length: 36 },
    kind: { type: 'string', length: 16 },
    amount: { type: 'integer' },
    occurredOn: { type: 'string', length: 10 },
    year: { type: 'integer' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** The meeting's history: every transition with who and why. */
export interface DeptMeetingStep {
  id: Opt<string>;
  tenantId: Opt<string>;
  meetingId: string;
  fromState: string | null;
  toState: string;
  action: string;
  comment: string | null;
  actorId: string | null;
  at: Date;
}

export const DeptMeetingStepSchema = new EntitySchema<DeptMeetingStep>({
  name: 'DeptMeetingStep',
  tableName: 'dept_meetings_step',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'meetingId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    meetingId: { type: 'string', length: 36 },
    fromState: { type: 'string', length: 24, nullable: true },
    toState: { type: 'string', length: 24 },
    action: { type: 'string', length: 32 },
    comment: { type: 'text', nullable: true },
    actorId: { type: 'string', length: 36, nullable: true },
    at: { type: 'Date' },
  },
});

export const entities = [
  DeptMeetingSchema,
  DeptMeetingInviteeSchema,
  DeptMeetingSigninSchema,
  DeptMeetingEvidenceSchema,
  DeptMeetingNoteSchema,
  DeptMeetingRuleResultSchema,
  DeptMeetingFlagSchema,
  DeptMeetingTransferSchema,
  DeptMeetingStepSchema,
];
