import { ConsentNoticeSchema, LegalHoldSchema, RetentionRunSchema } from '@/server/db/entities';
import type { TenantContext } from '@/server/services/context-types';
import { crossBorderStats } from './cross-border';
import { dsrSummary } from './dsr';
import { pluginsMissingPrivacyHooks } from './register';
import { filingSummary } from './rep-filing';
import { isoDay } from './shared';

/** The console's front page in one call: what needs the compliance officer's attention. */
export async function complianceSummary(ctx: TenantContext) {
  const year = Number(isoDay(new Date(), ctx.tenant.settings.timezone).slice(0, 4));
  const [dsr, filing, crossBorder, lastRun, holds, activeNotices] = await Promise.all([
    dsrSummary(ctx),
    filingSummary(ctx),
    crossBorderStats(ctx, year),
    ctx.em.findOne(RetentionRunSchema, { status: { $in: ['completed', 'failed'] } }, { orderBy: { startedAt: 'desc' } }),
    ctx.em.count(LegalHoldSchema, { releasedAt: null }),
    ctx.em.count(ConsentNoticeSchema, { status: 'active' }),
  ]);
  return {
    dsr,
    filing,
    crossBorder: { year, people: crossBorder.people, sensitivePeople: crossBorder.sensitivePeople, mechanism: crossBorder.mechanism, warnings: crossBorder.warnings, enabled: crossBorder.enabled },
    lastRetentionRun: lastRun ? { id: lastRun.id, status: lastRun.status, dryRun: lastRun.dryRun, finishedAt: lastRun.finishedAt, affected: lastRun.report.reduce((n, r) => n + r.affected, 0) } : null,
    legalHolds: holds,
    activeNotices,
    missingPrivacyHooks: pluginsMissingPrivacyHooks(),
  };
}
