/**
 * Code lists of interactions and work, free of ORM imports so client components can use them too.
 * Codes are stable and stored; their labels live in the work catalogues (`interactions.channel.*` …).
 */

export const INTERACTION_CHANNELS = ['visit', 'phone', 'email', 'wechat', 'meeting', 'seminar', 'other'] as const;
export type InteractionChannel = (typeof INTERACTION_CHANNELS)[number];
export const INTERACTION_OUTCOMES = ['positive', 'neutral', 'negative', 'no_contact'] as const;
export type InteractionOutcome = (typeof INTERACTION_OUTCOMES)[number];

export const PRODUCT_CATEGORIES = ['rx', 'otc_a', 'otc_b', 'device', 'supplement', 'other'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const PRODUCT_STATUSES = ['active', 'inactive', 'discontinued'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'card', 'wechat_pay', 'alipay', 'credit', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const SERVICE_TYPES = ['technical_support', 'after_sales', 'product_consultation', 'return'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const SERVICE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const ACTIVITY_TYPES = ['academic_conference', 'seminar', 'training', 'product_launch', 'patient_education', 'exhibition', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const REQUIREMENT_KINDS = ['packaging', 'labeling', 'delivery', 'documentation', 'other'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];
export const REQUIREMENT_STATUSES = ['open', 'met', 'declined'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];
