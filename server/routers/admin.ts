import { z } from 'zod';
import { ROLES } from '@/server/permissions';
import { LOCALES } from '@/server/i18n/locales';
import { jobsOverview, retryJob } from '@/server/services/jobs-admin';
import { listModules, moduleSettings, setModuleEnabled, updateModuleSettings } from '@/server/services/plugins';
import { roleMatrix, setRoleGrant } from '@/server/services/role-admin';
import { tenantSettings, updateTenantSettings } from '@/server/services/tenant-settings';
import {
  inviteUser,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  revokeUserSessions,
  setMemberRoles,
  setUserDisabled,
} from '@/server/services/users';
import { requirePermission, router } from '@/server/trpc/init';

const id = z.string().min(1).max(64);
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);

export const adminRouter = router({
  users: router({
    list: requirePermission('users.manage').query(({ ctx }) => listMembers(ctx)),
    setRoles: requirePermission('users.manage').input(z.object({ membershipId: id, roles })).mutation(({ ctx, input }) => setMemberRoles(ctx, input.membershipId, input.roles)),
    remove: requirePermission('users.manage').input(z.object({ membershipId: id })).mutation(({ ctx, input }) => removeMember(ctx, input.membershipId)),
    setDisabled: requirePermission('users.manage').input(z.object({ userId: id, disabled: z.boolean() })).mutation(({ ctx, input }) => setUserDisabled(ctx, input.userId, input.disabled)),
    revokeSessions: requirePermission('users.manage').input(z.object({ userId: id })).mutation(({ ctx, input }) => revokeUserSessions(ctx, input.userId)),
  }),
  invitations: router({
    list: requirePermission('users.manage').query(({ ctx }) => listInvitations(ctx)),
    create: requirePermission('users.manage').input(z.object({ email: z.email().max(254), roles })).mutation(({ ctx, input }) => inviteUser(ctx, input.email, input.roles)),
    revoke: requirePermission('users.manage').input(z.object({ id })).mutation(({ ctx, input }) => revokeInvitation(ctx, input.id)),
  }),
  roles: router({
    matrix: requirePermission('users.manage').query(({ ctx }) => roleMatrix(ctx)),
    setGrant: requirePermission('roles.manage')
      .input(z.object({ role: z.enum(ROLES), permission: z.string().min(1).max(128), granted: z.boolean() }))
      .mutation(({ ctx, input }) => setRoleGrant(ctx, input.role, input.permission, input.granted)),
  }),
  modules: router({
    list: requirePermission('plugins.manage').query(({ ctx }) => listModules(ctx)),
    setEnabled: requirePermission('plugins.manage')
      .input(z.object({ pluginId: id, enabled: z.boolean(), cascade: z.boolean().default(false) }))
      .mutation(({ ctx, input }) => setModuleEnabled(ctx, input.pluginId, input.enabled, input.cascade)),
    settings: requirePermission('plugins.manage').input(z.object({ pluginId: id })).query(({ ctx, input }) => moduleSettings(ctx, input.pluginId)),
    updateSettings: requirePermission('plugins.manage')
      .input(z.object({ pluginId: id, settings: z.record(z.string().max(100), z.unknown()) }))
      .mutation(({ ctx, input }) => updateModuleSettings(ctx, input.pluginId, input.settings)),
  }),
  jobs: router({
    overview: requirePermission('jobs.manage').query(({ ctx }) => jobsOverview(ctx)),
    retry: requirePermission('jobs.manage').input(z.object({ queue: z.string().min(1).max(100), jobId: z.string().min(1).max(200) })).mutation(({ ctx, input }) => retryJob(ctx, input.queue, input.jobId)),
  }),
  tenant: router({
    get: requirePermission('tenant.settings').query(({ ctx }) => tenantSettings(ctx)),
    update: requirePermission('tenant.settings')
      .input(z.object({ name: z.string().trim().min(2).max(200), defaultLocale: z.enum(LOCALES), timezone: z.string().min(1).max(64).refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC') }))
      .mutation(({ ctx, input }) => updateTenantSettings(ctx, input)),
  }),
});
