import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ImpactAssessmentSchema, ProcessingRegisterSnapshotSchema, TenantPluginSchema, UserSchema } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { listPlugins } from '@/server/plugins/host';
import type { LocalizedText, PluginDefinition } from '@/server/plugins/contract';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { CORE_DATA_CATEGORIES, retentionGroup } from './data-categories';
import { toCsv } from './dsr-bundle';
import { effectiveRetentionDays, getPrivacySettings, pluginRetentionKey } from './privacy-settings';
import { complianceAuditMeta } from './shared';

/**
 * The processing register (records of processing activities, PIPL art. 56): generated from
 * core's declared data categories and every registered plugin's manifest, with the tenant's
 * retention and cross-border settings. Snapshots are append-only and kept (≥ 3 years).
 */

export interface RegisterEntry {
  owner: string;
  ownerName: LocalizedText;
  enabled: boolean;
  table: string;
  fields: string[];
  subject: 'person' | 'user' | 'none';
  purpose: LocalizedText;
  sensitive: boolean;
  legalBasis: string | null;
  retentionDays: number | null;
  retentionAction: string;
  /** Does the owner answer access and erasure requests (privacy hooks; core always does)? */
  privacyHooks: boolean;
}

export interface Register {
  entries: RegisterEntry[];
  crossBorder: { enabled: boolean; recipient: string | null; recipientCountry: string | null; assessmentTitle: string | null; assessmentApprovedAt: string | null };
}

const CORE_NAME: LocalizedText = { 'zh-CN': 'Rapport 核心', en: 'Rapport core' };

/** Plugins that declare personal data but cannot answer access or erasure requests: a defect. */
export function pluginsMissingPrivacyHooks(plugins: PluginDefinition[] = listPlugins()): string[] {
  return plugins
    .filter((p) => p.manifest.dataCategories.some((c) => c.subject === 'person' || c.subject === 'user'))
    .filter((p) => !p.server.privacy?.exportPersonalData || !p.server.privacy?.erasePersonalData)
    .map((p) => p.manifest.id);
}

export async function buildRegister(em: EntityManager): Promise<Register> {
  const enabledRows = await em.find(TenantPluginSchema, { enabled: true }, { fields: ['pluginId'] });
  const enabled = new Set(enabledRows.map((r) => r.pluginId));
  const entries: RegisterEntry[] = [];
  for (const c of CORE_DATA_CATEGORIES) {
    const group = retentionGroup(c.retentionGroup);
    entries.push({
      owner: 'core',
      ownerName: CORE_NAME,
      enabled: true,
      table: c.table,
      fields: c.fields,
      subject: c.subject,
      purpose: c.purpose,
      sensitive: c.sensitive,
      legalBasis: c.legalBasis,
      retentionDays: group?.action === 'keep' ? null : await effectiveRetentionDays(em, c.retentionGroup),
      retentionAction: group?.action ?? 'keep',
      privacyHooks: true,
    });
  }
  const missing = new Set(pluginsMissingPrivacyHooks());
  for (const p of listPlugins()) {
    for (const c of p.manifest.dataCategories) {
      entries.push({
        owner: p.manifest.id,
        ownerName: p.manifest.name,
        enabled: enabled.has(p.manifest.id),
        table: c.table,
        fields: c.fields,
        subject: c.subject,
        purpose: c.purpose,
        sensitive: c.sensitive,
        legalBasis: null,
        retentionDays: c.subject === 'none' ? c.retentionDays : await effectiveRetentionDays(em, pluginRetentionKey(p.manifest.id, c.table)),
        retentionAction: 'delete',
        privacyHooks: !missing.has(p.manifest.id),
      });
    }
  }
  const settings = await getPrivacySettings(em);
  const assessment = settings.crossBorder.assessmentId ? await em.findOne(ImpactAssessmentSchema, { id: settings.crossBorder.assessmentId }) : null;
  return {
    entries,
    crossBorder: {
      enabled: settings.crossBorder.enabled,
      recipient: settings.crossBorder.enabled ? (assessment?.recipient ?? null) : null,
      recipientCountry: settings.crossBorder.enabled ? (assessment?.recipientCountry ?? null) : null,
      assessmentTitle: settings.crossBorder.enabled ? (assessment?.title ?? null) : null,
      assessmentApprovedAt: settings.crossBorder.enabled ? (assessment?.approvedAt?.toISOString() ?? null) : null,
    },
  };
}

function hashOf(register: Register): string {
  return createHash('sha256').update(JSON.stringify(register)).digest('hex');
}

/**
 * Saves a snapshot. Scheduled snapshots are taken only when the register changed since the last
 * one, so the history shows each version once.
 */
export async function snapshotRegister(em: EntityManager, opts: { reason: 'manual' | 'scheduled'; userId: string | null; tenantId: string }) {
  const register = await buildRegister(em);
  const contentHash = hashOf(register);
  if (opts.reason === 'scheduled') {
    const last = await em.findOne(ProcessingRegisterSnapshotSchema, {}, { orderBy: { takenAt: 'desc' } });
    if (last?.contentHash === contentHash) return { id: last.id, created: false };
  }
  const snap = em.create(ProcessingRegisterSnapshotSchema, { takenAt: new Date(), takenBy: opts.userId, reason: opts.reason, entries: register.entries.length, content: register as unknown as Record<string, unknown>, contentHash });
  await em.flush();
  await recordAudit(em, { tenantId: opts.tenantId, actorUserId: opts.userId, action: 'register.snapshot.taken', entity: 'ProcessingRegisterSnapshot', entityId: snap.id, changes: { reason: opts.reason, contentHash, entries: snap.entries } });
  return { id: snap.id, created: true };
}

export async function snapshotRegisterManually(ctx: TenantContext) {
  const result = await snapshotRegister(ctx.em, { reason: 'manual', userId: ctx.session.user.id, tenantId: ctx.tenant.id });
  return result;
}

export async function listRegisterSnapshots(ctx: TenantContext) {
  const snaps = await ctx.em.find(ProcessingRegisterSnapshotSchema, {}, { orderBy: { takenAt: 'desc' }, limit: 200, fields: ['id', 'takenAt', 'takenBy', 'reason', 'entries', 'contentHash'] });
  const users = await ctx.em.find(UserSchema, { id: { $in: [...new Set(snaps.flatMap((s) => (s.takenBy ? [s.takenBy] : [])))] } }, { fields: ['id', 'name'] });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return snaps.map((s) => ({ id: s.id, takenAt: s.takenAt, takenBy: s.takenBy ? (names.get(s.takenBy) ?? null) : null, reason: s.reason, entries: s.entries, contentHash: s.contentHash }));
}

export async function getRegisterSnapshot(ctx: TenantContext, id: string) {
  const snap = await ctx.em.findOne(ProcessingRegisterSnapshotSchema, { id });
  if (!snap) throw errors.notFound('snapshot');
  return { id: snap.id, takenAt: snap.takenAt, reason: snap.reason, contentHash: snap.contentHash, register: snap.content as unknown as Register };
}

/** The register as CSV (both languages side by side), for the current state or a snapshot. */
export function registerCsv(register: Register): string {
  return toCsv(
    register.entries.map((e) => ({
      owner: e.owner,
      owner_zh: e.ownerName['zh-CN'],
      owner_en: e.ownerName.en,
      module_enabled: e.enabled,
      table: e.table,
      fields: e.fields.join(' '),
      subject: e.subject,
      purpose_zh: e.purpose['zh-CN'],
      purpose_en: e.purpose.en,
      sensitive: e.sensitive,
      legal_basis: e.legalBasis ?? '',
      retention_days: e.retentionDays ?? 'kept',
      retention_action: e.retentionAction,
      privacy_hooks: e.privacyHooks,
      cross_border_recipient: register.crossBorder.enabled ? `${register.crossBorder.recipient ?? ''} (${register.crossBorder.recipientCountry ?? ''})` : '',
    })),
  );
}

export async function currentRegister(ctx: TenantContext) {
  return { register: await buildRegister(ctx.em), missingHooks: pluginsMissingPrivacyHooks() };
}

export async function recordRegisterExport(ctx: TenantContext, snapshotId: string | null) {
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'register.exported', entity: 'ProcessingRegisterSnapshot', entityId: snapshotId, changes: null });
}
