/**
 * Code lists of the compliance core, free of ORM imports so client components can use them.
 * Labels live in the catalogues (compliance.*.json).
 */

/** Purposes someone is contacted for: consent is per purpose and channel (and optionally topic). */
export const CONTACT_PURPOSES = ['promotional', 'medical', 'survey', 'events', 'loyalty'] as const;
/**
 * Processing that PIPL requires a *separate* consent for (art. 29 sensitive data, art. 39
 * cross-border transfer, art. 23 sharing with another handler): never bundled with anything else.
 */
export const SEPARATE_PURPOSES = ['sensitive_data', 'cross_border', 'third_party'] as const;
export const CONSENT_PURPOSES = [...CONTACT_PURPOSES, ...SEPARATE_PURPOSES] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];
export type SeparatePurpose = (typeof SEPARATE_PURPOSES)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONTACT_CHANNELS = ['visit', 'phone', 'sms', 'email', 'wechat', 'mail'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
/** Separate-purpose consents are about processing, not a channel: their channel is 'none'. */
export const CONSENT_CHANNELS = [...CONTACT_CHANNELS, 'none'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const CONSENT_ACTIONS = ['grant', 'withdraw', 'expire'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** PIPL art. 13 legal bases a processing can rest on. */
export const LEGAL_BASES = ['consent', 'contract', 'legal_obligation', 'vital_interest', 'public_disclosure', 'other_law'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** How a grant was captured (the evidence a compliance officer shows an inspector). */
export const GRANT_CAPTURE_METHODS = ['signature', 'paper_form', 'electronic', 'double_opt_in', 'verbal_witnessed'] as const;
/** Withdrawals may also come from the person's self-service page, a DSR, or the system (expiry). */
export const CAPTURE_METHODS = [...GRANT_CAPTURE_METHODS, 'self_service', 'dsr', 'staff_recorded', 'system'] as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

export const CONSENT_ACTOR_KINDS = ['user', 'subject', 'system'] as const;
export type ConsentActorKind = (typeof CONSENT_ACTOR_KINDS)[number];

export const NOTICE_STATUSES = ['draft', 'active', 'retired'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const RECEIPT_CHANNELS = ['staff', 'self_service', 'dsr'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

export const OUTBOUND_STATUSES = ['queued', 'sent', 'skipped', 'failed'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

export const ASSESSMENT_KINDS = ['cross_border', 'sensitive_data', 'third_party', 'automated_decision', 'other'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_STATUSES = ['draft', 'approved', 'rejected'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const DSR_TYPES = ['access', 'portability', 'correction', 'deletion', 'withdraw_consent'] as const;
export type DsrType = (typeof DSR_TYPES)[number];

export const DSR_STATUSES = ['received', 'in_progress', 'completed', 'refused'] as const;
export type DsrStatus = (typeof DSR_STATUSES)[number];

export const DSR_RECEIVED_VIA = ['email', 'phone', 'letter', 'in_person', 'wechat', 'web'] as const;
export type DsrReceivedVia = (typeof DSR_RECEIVED_VIA)[number];

export const IDENTITY_METHODS = ['id_document', 'phone_callback', 'known_contact', 'signed_letter', 'in_person'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];
