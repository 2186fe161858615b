import { AuditEntrySchema } from './audit-entry.entity';
import { InvitationSchema } from './invitation.entity';
import { MembershipSchema } from './membership.entity';
import { RoleGrantSchema } from './role-grant.entity';
import { SignInAttemptSchema } from './sign-in-attempt.entity';
import { TenantPluginSchema } from './tenant-plugin.entity';
import { TenantSchema } from './tenant.entity';
import { UserSessionSchema } from './user-session.entity';
import { UserSchema } from './user.entity';
import { TerritoryMemberSchema, TerritorySchema } from './territory.entity';
import { DepartmentSchema, InstitutionSchema } from './institution.entity';
import { AffiliationSchema, ContactPointSchema, LifecycleChangeSchema, PersonSchema } from './person.entity';
import { CustomFieldSchema } from './custom-field.entity';
import { ProductSchema } from './product.entity';
import { InteractionParticipantSchema, InteractionProductSchema, InteractionSchema } from './interaction.entity';
import {
  ActivityParticipationSchema,
  CustomRequirementSchema,
  MarketingActivitySchema,
  OrderLineSchema,
  PurchaseOrderSchema,
  ServiceRequestSchema,
  TaskSchema,
} from './work.entity';
import { ExportJobSchema, ImportJobSchema, ImportMappingSchema, ImportRowSchema, SavedViewSchema } from './list-tools.entity';
import { complianceEntities } from './compliance.entity';
import { NotificationSchema } from './notification.entity';

export * from './audit-entry.entity';
export * from './invitation.entity';
export * from './membership.entity';
export * from './role-grant.entity';
export * from './sign-in-attempt.entity';
export * from './tenant-plugin.entity';
export * from './tenant.entity';
export * from './user-session.entity';
export * from './user.entity';
export * from './territory.entity';
export * from './institution.entity';
export * from './person.entity';
export * from './custom-field.entity';
export * from './product.entity';
export * from './interaction.entity';
export * from './work.entity';
export * from './list-tools.entity';
export * from './compliance.entity';
export * from './notification.entity';

/** Core entities, listed explicitly: folder discovery does not survive the bundler. */
export const coreEntities = [
  TenantSchema,
  UserSchema,
  MembershipSchema,
  InvitationSchema,
  UserSessionSchema,
  SignInAttemptSchema,
  TenantPluginSchema,
  RoleGrantSchema,
  AuditEntrySchema,
  // Customers, interactions and work (migration 0002).
  TerritorySchema,
  TerritoryMemberSchema,
  InstitutionSchema,
  DepartmentSchema,
  PersonSchema,
  AffiliationSchema,
  ContactPointSchema,
  LifecycleChangeSchema,
  CustomFieldSchema,
  ProductSchema,
  InteractionSchema,
  InteractionParticipantSchema,
  InteractionProductSchema,
  TaskSchema,
  PurchaseOrderSchema,
  OrderLineSchema,
  ServiceRequestSchema,
  MarketingActivitySchema,
  ActivityParticipationSchema,
  CustomRequirementSchema,
  SavedViewSchema,
  ImportJobSchema,
  ImportRowSchema,
  ImportMappingSchema,
  ExportJobSchema,
  // Consent, privacy, data-subject requests, rep filing (migration 0003).
  ...complianceEntities,
  // In-app notifications (migration 0004).
  NotificationSchema,
];
