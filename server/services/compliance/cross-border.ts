import type { EntityManager } from '@mikro-orm/core';
import { CrossBorderTransferSchema, ImpactAssessmentSchema, PersonSchema } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { hasSeparateConsent } from './can-contact';
import { getPrivacySettings } from './privacy-settings';
import { complianceAuditMeta, isoDay, rawRows } from './shared';

/**
 * Personal information leaving the country. A transfer is recorded per person; the count of
 * distinct people per calendar year is compared with the 2024 thresholds (DOMAIN.md §5):
 * 100k–1M people (or any sensitive data below 10k) → standard contract or certification;
 * ≥ 1M people, or ≥ 10k with sensitive data → CAC security assessment.
 */
export const THRESHOLDS = { contract: 100_000, assessment: 1_000_000, sensitiveAssessment: 10_000 } as const;
/** Warn before a threshold is reached, so there is time to file. */
export const WARN_AT = 0.8;

export type TransferMechanism = 'none' | 'standard_contract' | 'security_assessment';

export function mechanismFor(people: number, sensitivePeople: number): TransferMechanism {
  if (people >= THRESHOLDS.assessment || sensitivePeople >= THRESHOLDS.sensitiveAssessment) return 'security_assessment';
  if (people >= THRESHOLDS.contract || sensitivePeople > 0) return 'standard_contract';
  return 'none';
}

export interface TransferInput {
  personIds: string[];
  recipient: string;
  recipientCountry: string;
  dataCategories: string[];
  sensitive: boolean;
  transferredAt?: Date | null;
}

/**
 * Records that these people's data left the country. Refused when the tenant's cross-border switch
 * is off; per person, refused without a separate consent naming this recipient (and, for sensitive
 * data, a separate sensitive-data consent). Returns who was recorded and who was refused and why.
 */
export async function recordCrossBorderTransfer(em: EntityManager, input: TransferInput & { tenantId: string; source: string; userId: string | null }) {
  const settings = await getPrivacySettings(em);
  if (!settings.crossBorder.enabled || !settings.crossBorder.assessmentId) throw new DomainError('CROSS_BORDER_DISABLED', 'privacy.errors.crossBorderDisabled', {}, 'PRECONDITION_FAILED');
  const assessment = await em.findOne(ImpactAssessmentSchema, { id: settings.crossBorder.assessmentId });
  if (!assessment || assessment.status !== 'approved') throw new DomainError('CROSS_BORDER_DISABLED', 'privacy.errors.crossBorderDisabled', {}, 'PRECONDITION_FAILED');
  const at = input.transferredAt ?? new Date();
  const year = Number(isoDay(at).slice(0, 4));
  const recorded: string[] = [];
  const refused: { personId: string; reason: string }[] = [];
  const people = await em.find(PersonSchema, { id: { $in: [...new Set(input.personIds)] } }, { fields: ['id'] });
  const known = new Set(people.map((p) => p.id));
  for (const personId of [...new Set(input.personIds)]) {
    if (!known.has(personId)) {
      refused.push({ personId, reason: 'subject_not_found' });
      continue;
    }
    const transfer = await hasSeparateConsent(em, personId, 'cross_border', input.recipient);
    if (!transfer.allowed) {
      refused.push({ personId, reason: transfer.reason });
      continue;
    }
    if (input.sensitive) {
      const sensitive = await hasSeparateConsent(em, personId, 'sensitive_data');
      if (!sensitive.allowed) {
        refused.push({ personId, reason: `sensitive_${sensitive.reason}` });
        continue;
      }
    }
    em.create(CrossBorderTransferSchema, {
      personId,
      year,
      transferredAt: at,
      recipient: input.recipient.trim(),
      recipientCountry: input.recipientCountry.trim(),
      assessmentId: assessment.id,
      sensitive: input.sensitive,
      dataCategories: input.dataCategories,
      source: input.source,
      recordedBy: input.userId,
      createdAt: new Date(),
    });
    recorded.push(personId);
  }
  await em.flush();
  return { recorded, refused, year };
}

export async function recordTransferManually(ctx: TenantContext, input: TransferInput) {
  const result = await recordCrossBorderTransfer(ctx.em, { ...input, tenantId: ctx.tenant.id, source: 'manual', userId: ctx.session.user.id });
  await recordAudit(ctx.em, {
    ...complianceAuditMeta(ctx),
    action: 'crossborder.recorded',
    entity: 'CrossBorderTransfer',
    entityId: null,
    changes: { recipient: input.recipient, recipientCountry: input.recipientCountry, sensitive: input.sensitive, recorded: result.recorded.length, refused: result.refused.length },
  });
  return result;
}

/** Distinct people per calendar year (and with sensitive data), the mechanism the law then requires, warnings. */
export async function crossBorderStats(ctx: TenantContext, year: number) {
  const [totals] = await rawRows<{ people: number | string; sensitive_people: number | string }>(ctx.em,
    `select count(distinct person_id) as people, count(distinct case when sensitive then person_id end) as sensitive_people from cross_border_transfer where tenant_id = ? and year = ?`,
    [ctx.tenant.id, year]);
  const byRecipient = await rawRows<{ recipient: string; recipient_country: string; people: number | string }>(ctx.em,
    `select recipient, recipient_country, count(distinct person_id) as people from cross_border_transfer where tenant_id = ? and year = ? group by recipient, recipient_country order by people desc`,
    [ctx.tenant.id, year]);
  const years = await rawRows<{ year: number | string }>(ctx.em, `select distinct year from cross_border_transfer where tenant_id = ? order by year desc`, [ctx.tenant.id]);
  const people = Number(totals?.people ?? 0);
  const sensitivePeople = Number(totals?.sensitive_people ?? 0);
  const warnings: { key: string; values: Record<string, number> }[] = [];
  const mechanism = mechanismFor(people, sensitivePeople);
  if (mechanism === 'security_assessment') warnings.push({ key: 'securityAssessmentRequired', values: { people, sensitivePeople } });
  else {
    if (people >= THRESHOLDS.contract) warnings.push({ key: 'contractRequired', values: { people } });
    if (sensitivePeople > 0) warnings.push({ key: 'sensitiveContractRequired', values: { sensitivePeople } });
    if (people >= THRESHOLDS.assessment * WARN_AT) warnings.push({ key: 'approachingAssessment', values: { people, threshold: THRESHOLDS.assessment } });
    else if (people < THRESHOLDS.contract && people >= THRESHOLDS.contract * WARN_AT) warnings.push({ key: 'approachingContract', values: { people, threshold: THRESHOLDS.contract } });
    if (sensitivePeople >= THRESHOLDS.sensitiveAssessment * WARN_AT) warnings.push({ key: 'approachingSensitiveAssessment', values: { sensitivePeople, threshold: THRESHOLDS.sensitiveAssessment } });
  }
  const settings = await getPrivacySettings(ctx.em);
  return {
    year,
    people,
    sensitivePeople,
    mechanism,
    thresholds: THRESHOLDS,
    warnings,
    byRecipient: byRecipient.map((r) => ({ recipient: r.recipient, recipientCountry: r.recipient_country, people: Number(r.people) })),
    years: [...new Set([year, ...years.map((y) => Number(y.year))])].sort((a, b) => b - a),
    enabled: settings.crossBorder.enabled,
  };
}
