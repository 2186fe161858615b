import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { ActivityType, PaymentMethod, RequirementKind, RequirementStatus, ServiceStatus, ServiceType, TaskStatus } from './work-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';
import type { CustomerKind } from './person.entity';

/** The code lists live in work-enums.ts (free of ORM imports, for client components). */
export {
  ACTIVITY_TYPES,
  PAYMENT_METHODS,
  REQUIREMENT_KINDS,
  REQUIREMENT_STATUSES,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  TASK_STATUSES,
  type ActivityType,
  type PaymentMethod,
  type RequirementKind,
  type RequirementStatus,
  type ServiceStatus,
  type ServiceType,
  type TaskStatus,
} from './work-enums';

/** A to-do with an owner and a due date; a reminder job notifies the owner at `remindAt`. */
export interface Task {
  id: Opt<string>;
  tenantId: Opt<string>;
  title: string;
  description: string | null;
  ownerId: string;
  dueAt: Date | null;
  remindAt: Date | null;
  remindedAt: Date | null;
  status: TaskStatus;
  subjectKind: CustomerKind | null;
  subjectId: string | null;
  interactionId: string | null;
  completedAt: Date | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const TaskSchema = new EntitySchema<Task>({
  name: 'Task',
  tableName: 'task',
  filters: tenantFilter(),
  indexes: [
    { properties: ['tenantId', 'ownerId', 'status', 'dueAt'] },
    { properties: ['tenantId', 'subjectKind', 'subjectId'] },
    { properties: ['tenantId', 'status', 'remindAt'] },
  ],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    title: { type: 'string', length: 300 },
    description: { type: 'text', nullable: true },
    ownerId: { type: 'string', length: 36 },
    dueAt: { type: 'Date', nullable: true },
    remindAt: { type: 'Date', nullable: true },
    remindedAt: { type: 'Date', nullable: true },
    status: { type: 'string', length: 12 },
    subjectKind: { type: 'string', length: 12, nullable: true },
    subjectId: { type: 'string', length: 36, nullable: true },
    interactionId: { type: 'string', length: 36, nullable: true },
    completedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/** A purchase by an institution (or a person): the seed's 购买历史. Money in RMB, two decimals. */
export interface PurchaseOrder {
  id: Opt<string>;
  tenantId: Opt<string>;
  externalId: string | null;
  subjectKind: CustomerKind;
  subjectId: string;
  territoryId: string | null;
  orderNo: string;
  orderedAt: Date;
  paymentMethod: PaymentMethod | null;
  shippingAddress: string | null;
  invoiceNo: string | null;
  remarks: string | null;
  totalAmount: string;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const PurchaseOrderSchema = new EntitySchema<PurchaseOrder>({
  name: 'PurchaseOrder',
  tableName: 'purchase_order',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'externalId'] }],
  indexes: [{ properties: ['tenantId', 'subjectKind', 'subjectId', 'orderedAt'] }, { properties: ['tenantId', 'orderNo'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    externalId: { type: 'string', length: 100, nullable: true },
    subjectKind: { type: 'string', length: 12 },
    subjectId: { type: 'string', length: 36 },
    territoryId: { type: 'string', length: 36, nullable: true },
    orderNo: { type: 'string', length: 64 },
    orderedAt: { type: 'Date' },
    paymentMethod: { type: 'string', length: 20, nullable: true },
    shippingAddress: { type: 'string', length: 300, nullable: true },
    invoiceNo: { type: 'string', length: 64, nullable: true },
    remarks: { type: 'text', nullable: true },
    totalAmount: { type: 'decimal', precision: 14, scale: 2 },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

export interface OrderLine {
  id: Opt<string>;
  tenantId: Opt<string>;
  orderId: string;
  /** 0-based place on the order: lines keep the order they were entered in. */
  position: number;
  productId: string | null;
  productName: string;
  spec: string | null;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

export const OrderLineSchema = new EntitySchema<OrderLine>({
  name: 'OrderLine',
  tableName: 'order_line',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'orderId'] }, { properties: ['tenantId', 'productId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    orderId: { type: 'string', length: 36 },
    position: { type: 'integer' },
    productId: { type: 'string', length: 36, nullable: true },
    productName: { type: 'string', length: 200 },
    spec: { type: 'string', length: 100, nullable: true },
    quantity: { type: 'integer' },
    unitPrice: { type: 'decimal', precision: 14, scale: 2 },
    lineTotal: { type: 'decimal', precision: 14, scale: 2 },
  },
});

/** A service request: open → in progress → resolved → closed, and reopen. */
export interface ServiceRequest {
  id: Opt<string>;
  tenantId: Opt<string>;
  subjectKind: CustomerKind;
  subjectId: string;
  territoryId: string | null;
  type: ServiceType;
  title: string;
  description: string | null;
  status: ServiceStatus;
  ownerId: string | null;
  dueAt: Date | null;
  resolution: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const ServiceRequestSchema = new EntitySchema<ServiceRequest>({
  name: 'ServiceRequest',
  tableName: 'service_request',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'subjectKind', 'subjectId'] }, { properties: ['tenantId', 'status', 'dueAt'] }, { properties: ['tenantId', 'ownerId', 'status'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    subjectKind: { type: 'string', length: 12 },
    subjectId: { type: 'string', length: 36 },
    territoryId: { type: 'string', length: 36, nullable: true },
    type: { type: 'string', length: 24 },
    title: { type: 'string', length: 300 },
    description: { type: 'text', nullable: true },
    status: { type: 'string', length: 16 },
    ownerId: { type: 'string', length: 36, nullable: true },
    dueAt: { type: 'Date', nullable: true },
    resolution: { type: 'text', nullable: true },
    openedAt: { type: 'Date' },
    resolvedAt: { type: 'Date', nullable: true },
    closedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/** A marketing activity (学术会议, 培训 …) customers take part in. */
export interface MarketingActivity {
  id: Opt<string>;
  tenantId: Opt<string>;
  name: string;
  type: ActivityType;
  startsAt: Date;
  location: string | null;
  description: string | null;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const MarketingActivitySchema = new EntitySchema<MarketingActivity>({
  name: 'MarketingActivity',
  tableName: 'marketing_activity',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'startsAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    name: { type: 'string', length: 200 },
    type: { type: 'string', length: 24 },
    startsAt: { type: 'Date' },
    location: { type: 'string', length: 200, nullable: true },
    description: { type: 'text', nullable: true },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});

/** A customer's participation in an activity, with the effect (1–5) the rep rated. */
export interface ActivityParticipation {
  id: Opt<string>;
  tenantId: Opt<string>;
  activityId: string;
  subjectKind: CustomerKind;
  subjectId: string;
  effectRating: number | null;
  notes: string | null;
  createdAt: Opt<Date>;
}

export const ActivityParticipationSchema = new EntitySchema<ActivityParticipation>({
  name: 'ActivityParticipation',
  tableName: 'activity_participation',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'activityId', 'subjectKind', 'subjectId'] }],
  indexes: [{ properties: ['tenantId', 'subjectKind', 'subjectId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    activityId: { type: 'string', length: 36 },
    subjectKind: { type: 'string', length: 12 },
    subjectId: { type: 'string', length: 36 },
    effectRating: { type: 'integer', nullable: true },
    notes: { type: 'string', length: 500, nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

/** 定制需求: special packaging, labels and the like a customer asked for. */
export interface CustomRequirement {
  id: Opt<string>;
  tenantId: Opt<string>;
  subjectKind: CustomerKind;
  subjectId: string;
  kind: RequirementKind;
  description: string;
  status: RequirementStatus;
  createdBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const CustomRequirementSchema = new EntitySchema<CustomRequirement>({
  name: 'CustomRequirement',
  tableName: 'custom_requirement',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'subjectKind', 'subjectId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    subjectKind: { type: 'string', length: 12 },
    subjectId: { type: 'string', length: 36 },
    kind: { type: 'string', length: 16 },
    description: { type: 'text' },
    status: { type: 'string', length: 10 },
    createdBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});
