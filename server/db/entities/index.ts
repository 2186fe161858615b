import { AuditEntrySchema } from './audit-entry.entity';
import { InvitationSchema } from './invitation.entity';
import { MembershipSchema } from './membership.entity';
import { RoleGrantSchema } from './role-grant.entity';
import { SignInAttemptSchema } from './sign-in-attempt.entity';
import { TenantPluginSchema } from './tenant-plugin.entity';
import { TenantSchema } from './tenant.entity';
import { UserSessionSchema } from './user-session.entity';
import { UserSchema } from './user.entity';

export * from './audit-entry.entity';
export * from './invitation.entity';
export * from './membership.entity';
export * from './role-grant.entity';
export * from './sign-in-attempt.entity';
export * from './tenant-plugin.entity';
export * from './tenant.entity';
export * from './user-session.entity';
export * from './user.entity';

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
];
