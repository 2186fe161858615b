import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';
import type {
  AssessmentKind,
  AssessmentStatus,
  CaptureMethod,
  ConsentAction,
  ConsentActorKind,
  ConsentChannel,
  ConsentPurpose,
  ContactChannel,
  DsrReceivedVia,
  DsrStatus,
  DsrType,
  IdentityMethod,
  LegalBasis,
  NoticeStatus,
  OutboundStatus,
  ReceiptChannel,
} from './compliance-enums';

export * from './compliance-enums';

/**
 * Compliance core (migration 0003): the consent ledger and its notices, receipts and evidence; the
 * outbound-message outbox every send path records its consent decision in; privacy settings,
 * impact assessments (PIPIA), cross-border transfers, legal holds, processing restrictions and
 * retention runs; data-subject requests; processing-register snapshots; rep filings (医药代表备案).
 *
 * Rows that are evidence are append-only in the database itself (triggers in 0003): consent
 * events, receipts, evidence metadata, cross-border transfers and register snapshots. Approved
 * impact assessments and active notices are frozen by triggers as well.
 */

// ---------------------------------------------------------------------------------------------
// Consent
// ---------------------------------------------------------------------------------------------

/**
 * A consent notice (告知书): the text a person agrees to, per purpose and language, versioned.
 * Once activated it is frozen (a trigger refuses edits); activating a new version retires the
 * previous one and, when `reconsentRequired`, makes every grant given under an older version of
 * that purpose and language count as needing re-consent (PIPL art. 14).
 */
export interface ConsentNotice {
  id: Opt<string>;
  tenantId: Opt<string>;
  purpose: ConsentPurpose;
  locale: 'zh-CN' | 'en';
  version: number;
  title: string;
  body: string;
  status: NoticeStatus;
  reconsentRequired: boolean;
  /** SHA-256 of the frozen text, copied into each grant as proof of what was shown. */
  contentHash: string | null;
  activatedAt: Date | null;
  activatedBy: string | null;
  retiredAt: Date | null;
  createdBy: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const ConsentNoticeSchema = new EntitySchema<ConsentNotice>({
  name: 'ConsentNotice',
  tableName: 'consent_notice',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'purpose', 'locale', 'version'] }],
  indexes: [{ properties: ['tenantId', 'purpose', 'locale', 'status'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    purpose: { type: 'string', length: 24 },
    locale: { type: 'string', length: 8 },
    version: { type: 'integer' },
    title: { type: 'string', length: 200 },
    body: { type: 'text' },
    status: { type: 'string', length: 12 },
    reconsentRequired: { type: 'boolean' },
    contentHash: { type: 'string', length: 64, nullable: true },
    activatedAt: { type: 'Date', nullable: true },
    activatedBy: { type: 'string', length: 36, nullable: true },
    retiredAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36 },
    ...timestampProperties,
  },
});

/**
 * One event of the append-only consent ledger. The current status of a scope (person × purpose ×
 * channel × optional product or content type) is derived from its events; nothing is ever
 * updated or deleted (triggers refuse it). `scopeKey` is the scope in one indexed column.
 */
export interface ConsentEvent {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  scopeKey: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  productId: string | null;
  contentType: string | null;
  action: ConsentAction;
  legalBasis: LegalBasis;
  noticeId: string | null;
  noticeVersion: number | null;
  noticeLocale: string | null;
  noticeHash: string | null;
  captureMethod: CaptureMethod;
  /** Paper form number, witness name, double-opt-in confirmation id… */
  captureReference: string | null;
  evidenceId: string | null;
  actorKind: ConsentActorKind;
  actorUserId: string | null;
  /** When the person gave or withdrew it (a paper form may be recorded days later). */
  occurredAt: Date;
  recordedAt: Date;
  expiresAt: Date | null;
  /** Cross-border transfer and third-party sharing name who receives the data (PIPL art. 23, 39). */
  recipient: string | null;
  recipientCountry: string | null;
  receiptId: string | null;
  /** Idempotency for system events (e.g. `expire:<grant id>`): a second run inserts nothing. */
  dedupeKey: string | null;
  note: string | null;
  ip: string | null;
  requestId: string | null;
}

export const ConsentEventSchema = new EntitySchema<ConsentEvent>({
  name: 'ConsentEvent',
  tableName: 'consent_event',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'dedupeKey'] }],
  indexes: [
    { properties: ['tenantId', 'personId', 'scopeKey', 'occurredAt'] },
    { properties: ['tenantId', 'occurredAt'] },
    { properties: ['tenantId', 'action', 'expiresAt'] },
    { properties: ['tenantId', 'receiptId'] },
  ],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    scopeKey: { type: 'string', length: 200 },
    purpose: { type: 'string', length: 24 },
    channel: { type: 'string', length: 12 },
    productId: { type: 'string', length: 36, nullable: true },
    contentType: { type: 'string', length: 60, nullable: true },
    action: { type: 'string', length: 10 },
    legalBasis: { type: 'string', length: 24 },
    noticeId: { type: 'string', length: 36, nullable: true },
    noticeVersion: { type: 'integer', nullable: true },
    noticeLocale: { type: 'string', length: 8, nullable: true },
    noticeHash: { type: 'string', length: 64, nullable: true },
    captureMethod: { type: 'string', length: 20 },
    captureReference: { type: 'string', length: 200, nullable: true },
    evidenceId: { type: 'string', length: 36, nullable: true },
    actorKind: { type: 'string', length: 10 },
    actorUserId: { type: 'string', length: 36, nullable: true },
    occurredAt: { type: 'Date' },
    recordedAt: { type: 'Date' },
    expiresAt: { type: 'Date', nullable: true },
    recipient: { type: 'string', length: 200, nullable: true },
    recipientCountry: { type: 'string', length: 60, nullable: true },
    receiptId: { type: 'string', length: 36, nullable: true },
    dedupeKey: { type: 'string', length: 120, nullable: true },
    note: { type: 'string', length: 500, nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    requestId: { type: 'string', length: 64, nullable: true },
  },
});

export interface ReceiptItem {
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  productId: string | null;
  contentType: string | null;
}

/** The receipt of one grant or withdrawal action (PIPL: the person is told what was done). */
export interface ConsentReceipt {
  id: Opt<string>;
  tenantId: Opt<string>;
  /** Short number printed on the receipt, e.g. CR-20250301-7K3QF2. */
  number: string;
  personId: string;
  action: 'grant' | 'withdraw';
  via: ReceiptChannel;
  actorUserId: string | null;
  items: ReceiptItem[];
  createdAt: Date;
  ip: string | null;
}

export const ConsentReceiptSchema = new EntitySchema<ConsentReceipt>({
  name: 'ConsentReceipt',
  tableName: 'consent_receipt',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'number'] }],
  indexes: [{ properties: ['tenantId', 'personId', 'createdAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    number: { type: 'string', length: 40 },
    personId: { type: 'string', length: 36 },
    action: { type: 'string', length: 10 },
    via: { type: 'string', length: 16 },
    actorUserId: { type: 'string', length: 36, nullable: true },
    items: { type: 'json' },
    createdAt: { type: 'Date' },
    ip: { type: 'string', length: 64, nullable: true },
  },
});

/** A file proving a consent (signed form scan, recording…), stored encrypted under the data directory. */
export interface ConsentEvidence {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  /** Path relative to the data directory. */
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export const ConsentEvidenceSchema = new EntitySchema<ConsentEvidence>({
  name: 'ConsentEvidence',
  tableName: 'consent_evidence',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    fileName: { type: 'string', length: 200 },
    mimeType: { type: 'string', length: 100 },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string', length: 64 },
    storageKey: { type: 'string', length: 300 },
    uploadedBy: { type: 'string', length: 36 },
    uploadedAt: { type: 'Date' },
  },
});

/**
 * The outbox: every message core or a plugin sends to a person is a row here, and the send job
 * records the consent decision it took at the moment of sending (sent, or skipped with why).
 */
export interface OutboundMessage {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  channel: ContactChannel;
  purpose: ConsentPurpose;
  productId: string | null;
  contentType: string | null;
  subject: string;
  body: string;
  status: OutboundStatus;
  /** The consent decision's reason code (granted, withdrawn, no_consent…). */
  reason: string | null;
  decision: Record<string, unknown> | null;
  /** 'core' or the plugin id that queued it. */
  source: string;
  idempotencyKey: string | null;
  requestedBy: string | null;
  attempts: number;
  transport: string | null;
  queuedAt: Date;
  decidedAt: Date | null;
  sentAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const OutboundMessageSchema = new EntitySchema<OutboundMessage>({
  name: 'OutboundMessage',
  tableName: 'outbound_message',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'idempotencyKey'] }],
  indexes: [{ properties: ['tenantId', 'personId', 'queuedAt'] }, { properties: ['tenantId', 'status', 'queuedAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    channel: { type: 'string', length: 12 },
    purpose: { type: 'string', length: 24 },
    productId: { type: 'string', length: 36, nullable: true },
    contentType: { type: 'string', length: 60, nullable: true },
    subject: { type: 'string', length: 200 },
    body: { type: 'text' },
    status: { type: 'string', length: 10 },
    reason: { type: 'string', length: 40, nullable: true },
    decision: { type: 'json', nullable: true },
    source: { type: 'string', length: 64 },
    idempotencyKey: { type: 'string', length: 120, nullable: true },
    requestedBy: { type: 'string', length: 36, nullable: true },
    attempts: { type: 'integer' },
    transport: { type: 'string', length: 40, nullable: true },
    queuedAt: { type: 'Date' },
    decidedAt: { type: 'Date', nullable: true },
    sentAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

// ---------------------------------------------------------------------------------------------
// Privacy settings, assessments, transfers, holds, retention
// ---------------------------------------------------------------------------------------------

/** One row per tenant; the JSON shape is `PrivacySettings` (server/services/compliance/privacy-settings.ts). */
export interface PrivacySettingsRow {
  id: Opt<string>;
  tenantId: Opt<string>;
  settings: Record<string, unknown>;
  updatedBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const PrivacySettingsSchema = new EntitySchema<PrivacySettingsRow>({
  name: 'PrivacySettings',
  tableName: 'privacy_settings',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    settings: { type: 'json' },
    updatedBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/**
 * A personal-information protection impact assessment (PIPIA, PIPL art. 55–56). Frozen once
 * decided; kept at least three years (`retainUntil`), never deleted (trigger).
 */
export interface ImpactAssessment {
  id: Opt<string>;
  tenantId: Opt<string>;
  kind: AssessmentKind;
  title: string;
  scope: string;
  dataCategories: string[];
  recipient: string | null;
  recipientCountry: string | null;
  risks: string;
  measures: string;
  status: AssessmentStatus;
  approverUserId: string | null;
  approvedAt: Date | null;
  decisionNote: string | null;
  retainUntil: Date | null;
  createdBy: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const ImpactAssessmentSchema = new EntitySchema<ImpactAssessment>({
  name: 'ImpactAssessment',
  tableName: 'impact_assessment',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'kind', 'status'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    kind: { type: 'string', length: 24 },
    title: { type: 'string', length: 200 },
    scope: { type: 'text' },
    dataCategories: { type: 'json' },
    recipient: { type: 'string', length: 200, nullable: true },
    recipientCountry: { type: 'string', length: 60, nullable: true },
    risks: { type: 'text' },
    measures: { type: 'text' },
    status: { type: 'string', length: 12 },
    approverUserId: { type: 'string', length: 36, nullable: true },
    approvedAt: { type: 'Date', nullable: true },
    decisionNote: { type: 'string', length: 1000, nullable: true },
    retainUntil: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36 },
    ...timestampProperties,
  },
});

/** One person's data leaving the country (counted per calendar year against the legal thresholds). */
export interface CrossBorderTransfer {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  year: number;
  transferredAt: Date;
  recipient: string;
  recipientCountry: string;
  assessmentId: string;
  sensitive: boolean;
  dataCategories: string[];
  /** 'manual' (recorded in the console), 'core' or a plugin id. */
  source: string;
  recordedBy: string | null;
  createdAt: Date;
}

export const CrossBorderTransferSchema = new EntitySchema<CrossBorderTransfer>({
  name: 'CrossBorderTransfer',
  tableName: 'cross_border_transfer',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'year', 'personId'] }, { properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    year: { type: 'integer' },
    transferredAt: { type: 'Date' },
    recipient: { type: 'string', length: 200 },
    recipientCountry: { type: 'string', length: 60 },
    assessmentId: { type: 'string', length: 36 },
    sensitive: { type: 'boolean' },
    dataCategories: { type: 'json' },
    source: { type: 'string', length: 64 },
    recordedBy: { type: 'string', length: 36, nullable: true },
    createdAt: { type: 'Date' },
  },
});

/** Records of a person that must be kept (litigation, investigation): retention and erasure skip them. */
export interface LegalHold {
  id: Opt<string>;
  tenantId: Opt<string>;
  subjectKind: 'person';
  subjectId: string;
  reason: string;
  /** ISO date the hold ends on its own; null = until released. */
  until: string | null;
  createdBy: string;
  createdAt: Opt<Date>;
  releasedAt: Date | null;
  releasedBy: string | null;
  releaseNote: string | null;
}

export const LegalHoldSchema = new EntitySchema<LegalHold>({
  name: 'LegalHold',
  tableName: 'legal_hold',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'subjectKind', 'subjectId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    subjectKind: { type: 'string', length: 12 },
    subjectId: { type: 'string', length: 36 },
    reason: { type: 'string', length: 500 },
    until: { type: 'string', length: 10, nullable: true },
    createdBy: { type: 'string', length: 36 },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    releasedAt: { type: 'Date', nullable: true },
    releasedBy: { type: 'string', length: 36, nullable: true },
    releaseNote: { type: 'string', length: 500, nullable: true },
  },
});

/**
 * Processing limits on a person. `erasure_pending_hold`: "stop all processing but storage" (PIPL
 * art. 47) — erasure was requested while a legal hold keeps their records; nothing may contact
 * them and the retention job completes the erasure once no hold remains. `erased`: the person was
 * anonymised (DSR or retention); the row stays so the record is never revived.
 */
export interface ProcessingRestriction {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  reason: 'erasure_pending_hold' | 'erased';
  dsrId: string | null;
  createdBy: string | null;
  createdAt: Date;
  liftedAt: Date | null;
  liftedReason: string | null;
}

export const ProcessingRestrictionSchema = new EntitySchema<ProcessingRestriction>({
  name: 'ProcessingRestriction',
  tableName: 'processing_restriction',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    reason: { type: 'string', length: 40 },
    dsrId: { type: 'string', length: 36, nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    createdAt: { type: 'Date' },
    liftedAt: { type: 'Date', nullable: true },
    liftedReason: { type: 'string', length: 200, nullable: true },
  },
});

export interface RetentionCategoryReport {
  category: string;
  action: 'anonymise' | 'delete';
  retentionDays: number;
  examined: number;
  affected: number;
  skippedLegalHold: number;
  /** A few ids of what was (or, in a preview, would be) changed, for the run's record. */
  sampleIds: string[];
}

/** One run of the retention job: what it did (or would do, in a preview), per category. */
export interface RetentionRun {
  id: Opt<string>;
  tenantId: Opt<string>;
  trigger: 'schedule' | 'manual';
  dryRun: boolean;
  status: 'queued' | 'running' | 'completed' | 'failed';
  requestedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  report: RetentionCategoryReport[];
  error: string | null;
}

export const RetentionRunSchema = new EntitySchema<RetentionRun>({
  name: 'RetentionRun',
  tableName: 'retention_run',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'startedAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    trigger: { type: 'string', length: 10 },
    dryRun: { type: 'boolean' },
    status: { type: 'string', length: 10 },
    requestedBy: { type: 'string', length: 36, nullable: true },
    startedAt: { type: 'Date' },
    finishedAt: { type: 'Date', nullable: true },
    report: { type: 'json' },
    error: { type: 'string', length: 1000, nullable: true },
  },
});

// ---------------------------------------------------------------------------------------------
// Data-subject requests, processing register, rep filing
// ---------------------------------------------------------------------------------------------

/** A data-subject request (PIPL art. 45–50): access, portability, correction, deletion, withdrawal. */
export interface DataSubjectRequest {
  id: Opt<string>;
  tenantId: Opt<string>;
  number: string;
  personId: string;
  type: DsrType;
  status: DsrStatus;
  receivedVia: DsrReceivedVia;
  requesterName: string;
  requesterContact: string | null;
  details: string | null;
  receivedAt: Date;
  dueAt: Date;
  assigneeUserId: string | null;
  identityVerifiedAt: Date | null;
  identityMethod: IdentityMethod | null;
  identityVerifiedBy: string | null;
  executedAt: Date | null;
  executionSummary: Record<string, unknown> | null;
  bundleKey: string | null;
  bundleSha256: string | null;
  bundleBytes: number | null;
  bundleGeneratedAt: Date | null;
  outcome: string | null;
  refusalReason: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  createdBy: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const DataSubjectRequestSchema = new EntitySchema<DataSubjectRequest>({
  name: 'DataSubjectRequest',
  tableName: 'dsr_request',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'number'] }],
  indexes: [{ properties: ['tenantId', 'status', 'dueAt'] }, { properties: ['tenantId', 'personId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    number: { type: 'string', length: 40 },
    personId: { type: 'string', length: 36 },
    type: { type: 'string', length: 20 },
    status: { type: 'string', length: 12 },
    receivedVia: { type: 'string', length: 12 },
    requesterName: { type: 'string', length: 100 },
    requesterContact: { type: 'string', length: 200, nullable: true },
    details: { type: 'text', nullable: true },
    receivedAt: { type: 'Date' },
    dueAt: { type: 'Date' },
    assigneeUserId: { type: 'string', length: 36, nullable: true },
    identityVerifiedAt: { type: 'Date', nullable: true },
    identityMethod: { type: 'string', length: 20, nullable: true },
    identityVerifiedBy: { type: 'string', length: 36, nullable: true },
    executedAt: { type: 'Date', nullable: true },
    executionSummary: { type: 'json', nullable: true },
    bundleKey: { type: 'string', length: 300, nullable: true },
    bundleSha256: { type: 'string', length: 64, nullable: true },
    bundleBytes: { type: 'integer', nullable: true },
    bundleGeneratedAt: { type: 'Date', nullable: true },
    outcome: { type: 'text', nullable: true },
    refusalReason: { type: 'text', nullable: true },
    completedAt: { type: 'Date', nullable: true },
    completedBy: { type: 'string', length: 36, nullable: true },
    createdBy: { type: 'string', length: 36 },
    ...timestampProperties,
  },
});

/** A frozen copy of the processing register (PIPL art. 56: kept at least three years). */
export interface ProcessingRegisterSnapshot {
  id: Opt<string>;
  tenantId: Opt<string>;
  takenAt: Date;
  takenBy: string | null;
  reason: 'manual' | 'scheduled';
  entries: number;
  content: Record<string, unknown>;
  contentHash: string;
}

export const ProcessingRegisterSnapshotSchema = new EntitySchema<ProcessingRegisterSnapshot>({
  name: 'ProcessingRegisterSnapshot',
  tableName: 'processing_register_snapshot',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'takenAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    takenAt: { type: 'Date' },
    takenBy: { type: 'string', length: 36, nullable: true },
    reason: { type: 'string', length: 12 },
    entries: { type: 'integer' },
    content: { type: 'json' },
    contentHash: { type: 'string', length: 64 },
  },
});

/**
 * A rep's filing (医药代表备案): number and validity, optionally limited to some products. An
 * unfiled or expired rep may not log promotional interactions.
 */
export interface RepFiling {
  id: Opt<string>;
  tenantId: Opt<string>;
  userId: string;
  filingNumber: string;
  /** Where it is filed (e.g. the filing platform or hospital), free text. */
  authority: string | null;
  /** ISO dates, inclusive. */
  validFrom: string;
  validUntil: string;
  /** Products the filing covers; empty = every product. */
  productIds: string[];
  status: 'active' | 'revoked';
  note: string | null;
  recordedBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokedReason: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const RepFilingSchema = new EntitySchema<RepFiling>({
  name: 'RepFiling',
  tableName: 'rep_filing',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'filingNumber'] }],
  indexes: [{ properties: ['tenantId', 'userId', 'validUntil'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    userId: { type: 'string', length: 36 },
    filingNumber: { type: 'string', length: 64 },
    authority: { type: 'string', length: 200, nullable: true },
    validFrom: { type: 'string', length: 10 },
    validUntil: { type: 'string', length: 10 },
    productIds: { type: 'json' },
    status: { type: 'string', length: 10 },
    note: { type: 'string', length: 500, nullable: true },
    recordedBy: { type: 'string', length: 36 },
    revokedAt: { type: 'Date', nullable: true },
    revokedBy: { type: 'string', length: 36, nullable: true },
    revokedReason: { type: 'string', length: 500, nullable: true },
    ...timestampProperties,
  },
});

/** Compliance entities in migration order. */
/**
 * A self-service consent link handed to a person. The signed token names this row: a link stays
 * usable only while the row is not revoked (and before its expiry), so a link sent to the wrong
 * address can be withdrawn at once (migration 0006).
 */
export interface ConsentLink {
  id: Opt<string>;
  tenantId: Opt<string>;
  personId: string;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export const ConsentLinkSchema = new EntitySchema<ConsentLink>({
  name: 'ConsentLink',
  tableName: 'consent_link',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'personId', 'expiresAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    personId: { type: 'string', length: 36 },
    issuedBy: { type: 'string', length: 36 },
    issuedAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
    revokedBy: { type: 'string', length: 36, nullable: true },
  },
});

export const complianceEntities = [
  ConsentNoticeSchema,
  ConsentEventSchema,
  ConsentReceiptSchema,
  ConsentEvidenceSchema,
  OutboundMessageSchema,
  PrivacySettingsSchema,
  ImpactAssessmentSchema,
  CrossBorderTransferSchema,
  LegalHoldSchema,
  ProcessingRestrictionSchema,
  RetentionRunSchema,
  DataSubjectRequestSchema,
  ProcessingRegisterSnapshotSchema,
  RepFilingSchema,
  ConsentLinkSchema,
];
