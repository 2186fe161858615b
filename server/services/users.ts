import { createHash, randomBytes } from 'node:crypto';
import { InvitationSchema, MembershipSchema, TenantSchema, UserSchema, UserSessionSchema } from '@/server/db/entities';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import { normaliseEmail } from '@/server/auth/rate-limit';
import { revokeTenantSessions } from '@/server/auth/sessions';
import { forkEm } from '@/server/db/orm';
import { newId } from '@/server/db/tenant-scope';
import { DomainError, errors } from '@/server/errors';
import type { Role } from '@/server/permissions';
import type { Context } from '@/server/trpc/context';
import { recordAudit } from './audit';
import { auditMeta, type TenantContext } from './context-types';

const INVITATION_DAYS = 7;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Members of the active tenant with their roles and account state. */
export async function listMembers(ctx: TenantContext) {
  const memberships = await ctx.em.find(MembershipSchema, {}, { orderBy: { createdAt: 'asc' } });
  const users = await ctx.em.find(UserSchema, { id: { $in: memberships.map((m) => m.userId) } });
  const byId = new Map(users.map((u) => [u.id, u]));
  // Sessions working in this company only: an admin sees nothing of the person's other companies.
  const live = await ctx.em.find(UserSessionSchema, { userId: { $in: users.map((u) => u.id) }, activeTenantId: ctx.tenant.id, revokedAt: null, expiresAt: { $gt: new Date() } }, { fields: ['userId'] });
  return memberships.flatMap((m) => {
    const u = byId.get(m.userId);
    if (!u) return [];
    return [{
      membershipId: m.id,
      userId: u.id,
      email: u.email,
      name: u.name,
      roles: m.roles as Role[],
      disabled: Boolean(m.disabledAt || u.disabledAt),
      lastSignInAt: u.lastSignInAt,
      liveSessions: live.filter((s) => s.userId === u.id).length,
      isSelf: u.id === ctx.session.user.id,
    }];
  });
}

async function assertAnotherAdminRemains(ctx: TenantContext, excludingUserId: string, rolesAfter?: Role[]) {
  if (rolesAfter?.includes('admin')) return;
  const admins = (await ctx.em.find(MembershipSchema, { disabledAt: null })).filter((m) => m.roles.includes('admin') && m.userId !== excludingUserId);
  const active = await ctx.em.count(UserSchema, { id: { $in: admins.map((a) => a.userId) }, disabledAt: null });
  if (active === 0) throw new DomainError('LAST_ADMIN', 'admin.errors.lastAdmin', {}, 'PRECONDITION_FAILED');
}

export async function setMemberRoles(ctx: TenantContext, membershipId: string, roles: Role[]) {
  const m = await ctx.em.findOne(MembershipSchema, { id: membershipId });
  if (!m) throw errors.notFound('membership');
  await assertAnotherAdminRemains(ctx, m.userId, roles);
  const before = m.roles;
  m.roles = [...new Set(roles)];
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'membership.roles.changed', entity: 'Membership', entityId: m.id, changes: { userId: m.userId, before, after: m.roles } });
}

/** Removes a user from the tenant and ends all their sessions at their next request. */
export async function removeMember(ctx: TenantContext, membershipId: string) {
  const m = await ctx.em.findOne(MembershipSchema, { id: membershipId });
  if (!m) throw errors.notFound('membership');
  if (m.userId === ctx.session.user.id) throw new DomainError('CANNOT_REMOVE_SELF', 'admin.errors.removeSelf', {}, 'PRECONDITION_FAILED');
  await assertAnotherAdminRemains(ctx, m.userId);
  ctx.em.remove(m);
  await ctx.em.flush();
  const ended = await revokeTenantSessions(ctx.em, m.userId, ctx.tenant.id, 'membership_removed');
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'membership.removed', entity: 'Membership', entityId: m.id, changes: { userId: m.userId, roles: m.roles, sessionsEnded: ended } });
  ctx.afterCommit.emit('membership.removed', { tenantId: ctx.tenant.id, userId: m.userId, actorUserId: ctx.session.user.id });
}

/**
 * Suspends or restores a member's access to this company, ending their sessions here at their next
 * request. Accounts are global: the person's other companies are not this admin's to decide.
 */
export async function setUserDisabled(ctx: TenantContext, userId: string, disabled: boolean) {
  const m = await ctx.em.findOne(MembershipSchema, { userId });
  if (!m) throw errors.notFound('user');
  if (userId === ctx.session.user.id) throw new DomainError('CANNOT_DISABLE_SELF', 'admin.errors.disableSelf', {}, 'PRECONDITION_FAILED');
  if (disabled) await assertAnotherAdminRemains(ctx, userId);
  m.disabledAt = disabled ? new Date() : null;
  await ctx.em.flush();
  const ended = disabled ? await revokeTenantSessions(ctx.em, userId, ctx.tenant.id, 'membership_disabled') : 0;
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: disabled ? 'membership.disabled' : 'membership.enabled', entity: 'Membership', entityId: m.id, changes: { userId, sessionsEnded: ended } });
}

/** Ends the member's sessions in this company ("force sign-out"). */
export async function revokeUserSessions(ctx: TenantContext, userId: string) {
  const m = await ctx.em.findOne(MembershipSchema, { userId });
  if (!m) throw errors.notFound('user');
  const ended = await revokeTenantSessions(ctx.em, userId, ctx.tenant.id, 'signed_out_everywhere');
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'user.sessions.revoked', entity: 'User', entityId: userId, changes: { sessionsEnded: ended } });
  return ended;
}

export async function listInvitations(ctx: TenantContext) {
  const rows = await ctx.em.find(InvitationSchema, { acceptedAt: null, revokedAt: null }, { orderBy: { createdAt: 'desc' } });
  const now = Date.now();
  return rows.map((i) => ({ id: i.id, email: i.email, roles: i.roles as Role[], expiresAt: i.expiresAt, expired: i.expiresAt.getTime() < now, createdAt: i.createdAt }));
}

/** Creates an invitation and returns the one-time link path (shown once; only its hash is stored). */
export async function inviteUser(ctx: TenantContext, emailRaw: string, roles: Role[]) {
  const email = normaliseEmail(emailRaw);
  const existing = await ctx.em.findOne(UserSchema, { email });
  if (existing && (await ctx.em.findOne(MembershipSchema, { userId: existing.id }))) {
    throw new DomainError('ALREADY_MEMBER', 'admin.errors.alreadyMember', { email }, 'CONFLICT');
  }
  // A newer invitation replaces an open one for the same address.
  await ctx.em.nativeUpdate(InvitationSchema, { email, acceptedAt: null, revokedAt: null }, { revokedAt: new Date() });
  const token = randomBytes(32).toString('base64url');
  const inv = ctx.em.create(InvitationSchema, {
    email,
    roles: [...new Set(roles)],
    tokenHash: hashToken(token),
    invitedBy: ctx.session.user.id,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    acceptedAt: null,
    revokedAt: null,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'invitation.created', entity: 'Invitation', entityId: inv.id, changes: { email, roles: inv.roles } });
  return { id: inv.id, path: `/invite/${token}`, expiresAt: inv.expiresAt, existingAccount: Boolean(existing) };
}

export async function revokeInvitation(ctx: TenantContext, id: string) {
  const n = await ctx.em.nativeUpdate(InvitationSchema, { id, acceptedAt: null, revokedAt: null }, { revokedAt: new Date() });
  if (!n) throw errors.notFound('invitation');
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'invitation.revoked', entity: 'Invitation', entityId: id });
}

/** What the public invitation page shows before the person accepts. */
export async function describeInvitation(token: string) {
  const em = await forkEm();
  const inv = await em.findOne(InvitationSchema, { tokenHash: hashToken(token) }, { filters: false });
  if (!inv || inv.revokedAt || inv.acceptedAt || inv.expiresAt.getTime() < Date.now()) return null;
  const tenant = await em.findOne(TenantSchema, { id: inv.tenantId });
  const user = await em.findOne(UserSchema, { email: inv.email });
  return { email: inv.email, tenantName: tenant?.name ?? '', roles: inv.roles as Role[], existingAccount: Boolean(user) };
}

/**
 * Accepts an invitation: a new person sets their name and password; an existing account proves
 * itself with its password. Either way a membership with the invited roles is created.
 */
export async function acceptInvitation(ctx: Context, input: { token: string; name?: string; password: string }) {
  // Public procedure: the request's EntityManager (already in the mutation's transaction) has no
  // tenant yet; the invitation names it.
  const tx = ctx.em;
  {
    const inv = await tx.findOne(InvitationSchema, { tokenHash: hashToken(input.token) }, { filters: false });
    if (!inv || inv.revokedAt || inv.acceptedAt || inv.expiresAt.getTime() < Date.now()) {
      throw new DomainError('INVITATION_INVALID', 'invite.errors.invalid', {}, 'NOT_FOUND');
    }
    let user = await tx.findOne(UserSchema, { email: inv.email }, { populate: ['passwordHash'] });
    if (user) {
      if (!(await verifyPassword(user.passwordHash, input.password))) throw new DomainError('WRONG_PASSWORD', 'account.errors.wrongPassword');
    } else {
      if (!input.name?.trim()) throw new DomainError('NAME_REQUIRED', 'invite.errors.nameRequired');
      user = tx.create(UserSchema, { id: newId(), email: inv.email, name: input.name.trim(), passwordHash: await hashPassword(input.password), locale: null, disabledAt: null, lastSignInAt: null });
      // The schemas declare no relations, so one flush may insert the membership first (FK error).
      await tx.flush();
    }
    tx.setFilterParams('tenant', { tenantId: inv.tenantId });
    tx.create(MembershipSchema, { userId: user.id, roles: inv.roles, disabledAt: null });
    inv.acceptedAt = new Date();
    await tx.flush();
    await recordAudit(tx, { tenantId: inv.tenantId, actorUserId: user.id, action: 'invitation.accepted', entity: 'Invitation', entityId: inv.id, changes: { roles: inv.roles }, ip: ctx.ip, requestId: ctx.requestId });
    ctx.afterCommit.emit('membership.created', { tenantId: inv.tenantId, userId: user.id, roles: inv.roles, actorUserId: inv.invitedBy });
    return { email: inv.email, tenantId: inv.tenantId };
  }
}
