import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { CUSTOM_FIELD_ENTITIES, CustomFieldSchema, ImpactAssessmentSchema, PrivacySettingsSchema, type CustomFieldEntity } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { listPlugins } from '@/server/plugins/host';
import { ROLES, type Role } from '@/server/permissions';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { setRoleGrant } from '@/server/services/role-admin';
import { grantsByRole } from '@/server/services/roles';
import { RETENTION_GROUPS, retentionGroup } from './data-categories';
import { complianceAuditMeta } from './shared';

/**
 * Per-tenant privacy settings, owned by the compliance role: which fields are sensitive and who may
 * unmask them, retention per data category, the DSR due period, consent validity, the self-service
 * link lifetime and the cross-border transfer switch (which needs an approved impact assessment).
 */

/** Core fields that can be marked sensitive. The ID number always is (it is encrypted at rest). */
export const SENSITIVE_CORE_FIELDS = ['person.idNumber', 'person.birthday', 'person.mobile', 'person.email', 'person.wechat'] as const;
export type SensitiveCoreField = (typeof SENSITIVE_CORE_FIELDS)[number];
export const ALWAYS_SENSITIVE: readonly SensitiveCoreField[] = ['person.idNumber'];

export const privacySettingsSchema = z.object({
  sensitiveCoreFields: z.array(z.enum(SENSITIVE_CORE_FIELDS)).max(SENSITIVE_CORE_FIELDS.length),
  /** Custom fields compliance marks sensitive on top of the field's own flag: `<entity>.<key>`. */
  sensitiveCustomFields: z.array(z.string().regex(/^(institution|person|interaction)\.[a-z][a-z0-9_]{0,59}$/)).max(200),
  unmaskRoles: z.array(z.enum(ROLES)).max(ROLES.length),
  /** Retention group key (core) or `plugin:<id>:<table>` → days. Absent = the default. */
  retentionDays: z.record(z.string().max(200), z.number().int().min(1).max(36500)),
  dsrDueDays: z.number().int().min(1).max(90),
  /** Days a grant stays valid when the form gives no expiry; 0 = no expiry. */
  consentValidityDays: z.number().int().min(0).max(3650),
  selfServiceLinkDays: z.number().int().min(1).max(90),
});
export type PrivacySettingsInput = z.infer<typeof privacySettingsSchema>;

export interface CrossBorderSetting {
  enabled: boolean;
  assessmentId: string | null;
  changedAt: string | null;
  changedBy: string | null;
}

export type PrivacySettings = PrivacySettingsInput & { crossBorder: CrossBorderSetting };

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = {
  sensitiveCoreFields: ['person.idNumber', 'person.birthday'],
  sensitiveCustomFields: [],
  unmaskRoles: ['admin', 'compliance'],
  retentionDays: {},
  dsrDueDays: 15,
  consentValidityDays: 365,
  selfServiceLinkDays: 30,
  crossBorder: { enabled: false, assessmentId: null, changedAt: null, changedBy: null },
};

/** The tenant's settings with defaults filled in (rows written by older versions stay readable). */
export async function getPrivacySettings(em: EntityManager): Promise<PrivacySettings> {
  const row = await em.findOne(PrivacySettingsSchema, {});
  const stored = (row?.settings ?? {}) as Partial<PrivacySettings>;
  const merged: PrivacySettings = { ...DEFAULT_PRIVACY_SETTINGS, ...stored, crossBorder: { ...DEFAULT_PRIVACY_SETTINGS.crossBorder, ...(stored.crossBorder ?? {}) } };
  merged.sensitiveCoreFields = [...new Set([...ALWAYS_SENSITIVE, ...merged.sensitiveCoreFields])];
  merged.unmaskRoles = await rolesGranted(em, UNMASK_PERMISSION);
  return merged;
}

/**
 * Who may unmask has ONE source: the `customers.unmask` grant of each role (the role matrix). The
 * privacy page shows and edits that grant as "roles that may unmask"; nothing else is stored.
 */
export const UNMASK_PERMISSION = 'customers.unmask';

async function rolesGranted(em: EntityManager, permission: string): Promise<Role[]> {
  const byRole = await grantsByRole(em);
  return ROLES.filter((r) => byRole.get(r)?.has(permission));
}

async function saveSettings(ctx: TenantContext, next: PrivacySettings): Promise<void> {
  const row = await ctx.em.findOne(PrivacySettingsSchema, {});
  if (row) {
    row.settings = next as unknown as Record<string, unknown>;
    row.updatedBy = ctx.session.user.id;
  } else {
    ctx.em.create(PrivacySettingsSchema, { settings: next as unknown as Record<string, unknown>, updatedBy: ctx.session.user.id });
  }
  await ctx.em.flush();
}

/** Every retention key a tenant may set, with its default and legal minimum. */
export function retentionKeys(): { key: string; defaultDays: number; minDays: number }[] {
  const core = RETENTION_GROUPS.filter((g) => g.configurable).map((g) => ({ key: g.key, defaultDays: g.defaultDays, minDays: g.minDays }));
  const plugins = listPlugins().flatMap((p) =>
    p.manifest.dataCategories.filter((c) => c.subject !== 'none').map((c) => ({ key: pluginRetentionKey(p.manifest.id, c.table), defaultDays: c.retentionDays, minDays: 1 })),
  );
  return [...core, ...plugins];
}

export function pluginRetentionKey(pluginId: string, table: string): string {
  return `plugin:${pluginId}:${table}`;
}

/**
 * The retention (days) a tenant applies to a category: core groups by key, plugin categories by
 * `pluginRetentionKey`. Plugins read this in their own clean-up jobs; a plugin's declared value
 * is the upper bound (the tenant may only shorten it, as the contract says).
 */
export async function effectiveRetentionDays(em: EntityManager, key: string): Promise<number | null> {
  const settings = await getPrivacySettings(em);
  const known = retentionKeys().find((k) => k.key === key);
  if (!known) return retentionGroup(key)?.defaultDays || null;
  const chosen = settings.retentionDays[key];
  if (!chosen) return known.defaultDays;
  return key.startsWith('plugin:') ? Math.min(chosen, known.defaultDays) : Math.max(chosen, known.minDays);
}

export async function updatePrivacySettings(ctx: TenantContext, input: PrivacySettingsInput) {
  const before = await getPrivacySettings(ctx.em);
  const keys = new Map(retentionKeys().map((k) => [k.key, k]));
  const fieldErrors: Record<string, { key: string; values?: Record<string, string | number> }> = {};
  for (const [key, days] of Object.entries(input.retentionDays)) {
    const known = keys.get(key);
    if (!known) fieldErrors[`retentionDays.${key}`] = { key: 'privacy.errors.unknownCategory' };
    else if (days < known.minDays) fieldErrors[`retentionDays.${key}`] = { key: 'privacy.errors.belowLegalMinimum', values: { min: known.minDays } };
    else if (key.startsWith('plugin:') && days > known.defaultDays) fieldErrors[`retentionDays.${key}`] = { key: 'privacy.errors.aboveModuleMaximum', values: { max: known.defaultDays } };
  }
  if (Object.keys(fieldErrors).length) throw new DomainError('INVALID_RETENTION', 'privacy.errors.invalidRetention', {}, 'BAD_REQUEST', fieldErrors);
  const next: PrivacySettings = {
    ...input,
    sensitiveCoreFields: [...new Set([...ALWAYS_SENSITIVE, ...input.sensitiveCoreFields])],
    sensitiveCustomFields: [...new Set(input.sensitiveCustomFields)],
    unmaskRoles: ROLES.filter((r) => input.unmaskRoles.includes(r)),
    crossBorder: before.crossBorder,
  };
  // The unmask roles are the role matrix's customers.unmask grants: change them there (each audited).
  for (const role of ROLES) {
    const wanted = next.unmaskRoles.includes(role);
    if (wanted !== before.unmaskRoles.includes(role)) await setRoleGrant(ctx, role, UNMASK_PERMISSION, wanted);
  }
  const { unmaskRoles: _derived, ...stored } = next;
  await saveSettings(ctx, stored as PrivacySettings);
  const { crossBorder: _cb, ...beforeRest } = before;
  const { crossBorder: _cb2, ...afterRest } = next;
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'privacy.settings.updated', entity: 'PrivacySettings', entityId: ctx.tenant.id, changes: { before: beforeRest, after: afterRest } });
  return next;
}

/**
 * Switches cross-border transfer on or off. On needs an approved cross-border impact assessment
 * (PIPL art. 55); the switch and the assessment it rests on are audited.
 */
export async function setCrossBorder(ctx: TenantContext, enabled: boolean, assessmentId: string | null) {
  const before = await getPrivacySettings(ctx.em);
  if (enabled) {
    if (!assessmentId) throw new DomainError('ASSESSMENT_REQUIRED', 'privacy.errors.assessmentRequired', {}, 'PRECONDITION_FAILED', { assessmentId: { key: 'privacy.errors.assessmentRequired' } });
    const assessment = await ctx.em.findOne(ImpactAssessmentSchema, { id: assessmentId });
    if (!assessment) throw new DomainError('ASSESSMENT_REQUIRED', 'privacy.errors.assessmentRequired', {}, 'PRECONDITION_FAILED', { assessmentId: { key: 'privacy.errors.assessmentRequired' } });
    if (assessment.kind !== 'cross_border' || assessment.status !== 'approved') {
      throw new DomainError('ASSESSMENT_NOT_APPROVED', 'privacy.errors.assessmentNotApproved', { title: assessment.title }, 'PRECONDITION_FAILED', { assessmentId: { key: 'privacy.errors.assessmentNotApproved', values: { title: assessment.title } } });
    }
  }
  const next: PrivacySettings = {
    ...before,
    crossBorder: { enabled, assessmentId: enabled ? assessmentId : null, changedAt: new Date().toISOString(), changedBy: ctx.session.user.id },
  };
  await saveSettings(ctx, next);
  await recordAudit(ctx.em, {
    ...complianceAuditMeta(ctx),
    action: enabled ? 'privacy.crossborder.enabled' : 'privacy.crossborder.disabled',
    entity: 'PrivacySettings',
    entityId: ctx.tenant.id,
    changes: { assessmentId: next.crossBorder.assessmentId, before: before.crossBorder.enabled },
  });
  return next.crossBorder;
}

// ---------------------------------------------------------------------------------------------
// Masking: what the customer pages, exports and logs consult
// ---------------------------------------------------------------------------------------------

export interface SensitiveFieldPolicy {
  /** Every sensitive field: `person.idNumber`, `person.mobile`, `person.custom.<key>`… */
  readonly fields: ReadonlySet<string>;
  /** Is `field` of `entity` sensitive? `field` is a core property name or `custom.<key>`. */
  isSensitive(entity: CustomFieldEntity, field: string): boolean;
}

/**
 * The tenant's sensitive-field policy: the core fields compliance marked, every custom field whose
 * own `sensitive` flag is set, and the custom fields compliance marked on top. Compliance can only
 * add sensitivity, never remove the flag an administrator set on a custom field.
 */
export async function sensitiveFieldPolicy(em: EntityManager): Promise<SensitiveFieldPolicy> {
  const settings = await getPrivacySettings(em);
  const flagged = await em.find(CustomFieldSchema, { sensitive: true }, { fields: ['entity', 'key'] });
  const fields = new Set<string>(settings.sensitiveCoreFields);
  for (const f of flagged) fields.add(`${f.entity}.custom.${f.key}`);
  for (const f of settings.sensitiveCustomFields) {
    const [entity, key] = f.split('.') as [CustomFieldEntity, string];
    if ((CUSTOM_FIELD_ENTITIES as readonly string[]).includes(entity)) fields.add(`${entity}.custom.${key}`);
  }
  return {
    fields,
    isSensitive: (entity, field) => fields.has(`${entity}.${field}`),
  };
}

/** May this member see sensitive values unmasked? Their roles must grant customers.unmask in this tenant. */
export function mayUnmask(ctx: { permissions: ReadonlySet<string> }): boolean {
  return ctx.permissions.has(UNMASK_PERMISSION);
}

const PLUGIN_COUNTS = { 'zh-CN': '模块声明的期限（只能缩短）', en: "the module's declared period (can only be shortened)" };

/** What the settings page shows: the settings plus every choice it offers. */
export async function privacySettingsView(ctx: TenantContext) {
  const settings = await getPrivacySettings(ctx.em);
  const customFields = await ctx.em.find(CustomFieldSchema, { archivedAt: null }, { orderBy: { entity: 'asc', position: 'asc' } });
  const assessment = settings.crossBorder.assessmentId ? await ctx.em.findOne(ImpactAssessmentSchema, { id: settings.crossBorder.assessmentId }) : null;
  const plugins = listPlugins();
  return {
    settings,
    coreFields: SENSITIVE_CORE_FIELDS.map((f) => ({ field: f, locked: ALWAYS_SENSITIVE.includes(f) })),
    customFields: customFields.map((f) => ({ entity: f.entity, key: f.key, labelZh: f.labelZh, labelEn: f.labelEn, flaggedByAdmin: f.sensitive })),
    retention: [
      ...RETENTION_GROUPS.map((g) => ({
        key: g.key,
        owner: 'core',
        table: null as string | null,
        label: g.label,
        counts: g.counts,
        action: g.action,
        defaultDays: g.defaultDays,
        minDays: g.minDays,
        configurable: g.configurable,
        basis: g.basis,
        days: g.configurable ? (settings.retentionDays[g.key] ?? g.defaultDays) : g.defaultDays,
      })),
      ...plugins.flatMap((p) =>
        p.manifest.dataCategories
          .filter((c) => c.subject !== 'none')
          .map((c) => {
            const key = pluginRetentionKey(p.manifest.id, c.table);
            return {
              key,
              owner: p.manifest.id,
              table: c.table as string | null,
              label: p.manifest.name,
              counts: PLUGIN_COUNTS,
              action: 'delete' as const,
              defaultDays: c.retentionDays,
              minDays: 1,
              configurable: true,
              basis: c.purpose,
              days: Math.min(settings.retentionDays[key] ?? c.retentionDays, c.retentionDays),
            };
          }),
      ),
    ],
    crossBorderAssessment: assessment ? { id: assessment.id, title: assessment.title, approvedAt: assessment.approvedAt, recipient: assessment.recipient, recipientCountry: assessment.recipientCountry } : null,
  };
}
