import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CONTACT_CHANNELS, CONSENT_PURPOSES, SEPARATE_PURPOSES } from '@/server/db/entities/compliance-enums';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { GroupedBars } from './_components/charts';
import { scopeText } from './_components/labels';
import { tabsFor } from './_components/tab-list';
import { Card, Empty, Notice, Stat } from './_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance');
  return { title: t('title') };
}

/** The console's front page: consent by purpose and channel, over time, and what needs attention. */
export default async function ComplianceOverview({ searchParams }: { searchParams: Promise<{ g?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) {
    const first = tabsFor(ctx.permissions)[0];
    if (!first) notFound();
    redirect(first.href);
  }
  const { g } = await searchParams;
  const granularity = g === 'week' ? 'week' : 'month';
  const caller = await api();
  const [summary, overview] = await Promise.all([caller.compliance.summary(), caller.compliance.consent.overview({ granularity })]);
  const t = await getT('compliance');
  const tc = await getT('consent');
  const tp = await getT('privacy');
  const f = await getFormat();
  const cell = (purpose: string, channel: string) => overview.matrix.find((m) => m.purpose === purpose && m.channel === channel);
  const separate = overview.matrix.filter((m) => (SEPARATE_PURPOSES as readonly string[]).includes(m.purpose));
  const contactPurposes = CONSENT_PURPOSES.filter((p) => !(SEPARATE_PURPOSES as readonly string[]).includes(p));
  const periodLabel = (p: string) => (granularity === 'month' ? p : p.slice(5));

  return (
    <div className="space-y-4" data-testid="compliance-overview">
      {summary.missingPrivacyHooks.length > 0 && <Notice tone="error">{t('overview.missingHooks', { plugins: summary.missingPrivacyHooks.join(', ') })}</Notice>}
      {summary.dsr.overdue > 0 && (
        <Notice tone="error" testId="overview-dsr-overdue">
          {t('overview.dsrOverdue', { count: summary.dsr.overdue })}
        </Notice>
      )}
      {summary.crossBorder.warnings.map((w) => (
        <Notice key={w.key} tone={w.key.startsWith('approaching') ? 'warn' : 'error'}>
          {tp(`crossBorder.warning.${w.key}`, w.values)}
        </Notice>
      ))}

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label={t('overview.openRequests')} value={f.number(summary.dsr.open)} tone={summary.dsr.overdue ? 'red' : summary.dsr.dueSoon ? 'amber' : 'slate'} hint={t('overview.requestsHint', { overdue: summary.dsr.overdue, dueSoon: summary.dsr.dueSoon })} href={ctx.permissions.has('dsr.manage') ? '/compliance/dsr' : undefined} />
        <Stat label={t('overview.repsBlocked')} value={f.number(summary.filing.blocked)} tone={summary.filing.blocked ? 'red' : summary.filing.expiring ? 'amber' : 'green'} hint={t('overview.repsHint', { reps: summary.filing.reps, expiring: summary.filing.expiring })} href="/compliance/filing" />
        <Stat
          label={t('overview.crossBorderPeople', { year: summary.crossBorder.year })}
          value={f.number(summary.crossBorder.people)}
          tone={summary.crossBorder.mechanism === 'security_assessment' ? 'red' : summary.crossBorder.mechanism === 'standard_contract' ? 'amber' : 'slate'}
          hint={summary.crossBorder.enabled ? tp(`mechanism.${summary.crossBorder.mechanism}`) : tp('crossBorder.off')}
          href="/compliance/assessments"
        />
        <Stat
          label={t('overview.retention')}
          value={summary.lastRetentionRun ? f.number(summary.lastRetentionRun.affected) : '—'}
          tone={summary.lastRetentionRun?.status === 'failed' ? 'red' : 'slate'}
          hint={summary.lastRetentionRun?.finishedAt ? t('overview.retentionHint', { at: f.dateTime(summary.lastRetentionRun.finishedAt), holds: summary.legalHolds }) : t('overview.retentionNever', { holds: summary.legalHolds })}
          href="/compliance/retention"
        />
      </div>

      {summary.activeNotices === 0 && (
        <Notice tone="warn">
          {t('overview.noNotices')}{' '}
          <Link href="/compliance/notices" className="font-medium underline">
            {t('overview.toNotices')}
          </Link>
        </Notice>
      )}

      <Card title={t('overview.matrixTitle')} subtitle={t('overview.matrixSubtitle')} testId="overview-matrix">
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-sm">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                <th className="py-2 pr-3 font-medium">{tc('grant.purposes')}</th>
                {CONTACT_CHANNELS.map((c) => (
                  <th key={c} className="px-2 py-2 text-right font-medium">
                    {tc(`channel.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {contactPurposes.map((p) => (
                <tr key={p} className="border-b border-slate-50">
                  <td className="py-2 pr-3 font-medium text-slate-700">{tc(`purpose.${p}`)}</td>
                  {CONTACT_CHANNELS.map((c) => {
                    const m = cell(p, c);
                    return (
                      <td key={c} className="px-2 py-2 text-right align-top" data-testid={`overview-cell-${p}-${c}`}>
                        <div className={m?.granted ? 'font-medium text-emerald-700' : 'text-slate-300'} data-testid={`overview-granted-${p}-${c}`} title={tc('state.granted')}>
                          {f.number(m?.granted ?? 0)}
                        </div>
                        {(m?.withdrawn ?? 0) + (m?.expired ?? 0) + (m?.reconsent ?? 0) > 0 && (
                          <div className="text-xs text-slate-500">
                            <span className="text-red-700" data-testid={`overview-withdrawn-${p}-${c}`} title={tc('state.withdrawn')}>
                              −{f.number(m?.withdrawn ?? 0)}
                            </span>
                            {(m?.expired ?? 0) > 0 && <span title={tc('state.expired')}> · {f.number(m!.expired)}</span>}
                            {(m?.reconsent ?? 0) > 0 && <span className="text-amber-700" title={tc('state.reconsent_required')}> · {f.number(m!.reconsent)}</span>}
                          </div>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-xs text-slate-500">{t('overview.matrixLegend')}</p>
        {separate.length > 0 && (
          <div className="mt-3 flex flex-wrap gap-4 text-sm">
            {separate.map((m) => (
              <span key={m.purpose}>
                {tc(`purpose.${m.purpose}`)}: <b className="text-emerald-700">{f.number(m.granted)}</b> / <span className="text-red-700">−{f.number(m.withdrawn)}</span>
              </span>
            ))}
          </div>
        )}
      </Card>

      <Card
        title={t('overview.seriesTitle')}
        testId="overview-series"
        action={
          <div className="flex gap-1 text-xs">
            {(['month', 'week'] as const).map((gr) => (
              <Link key={gr} href={`/compliance?g=${gr}`} className={`rounded px-2 py-1 ${gr === granularity ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>
                {t(`overview.by.${gr}`)}
              </Link>
            ))}
          </div>
        }
      >
        <GroupedBars
          title={t('overview.seriesTitle')}
          data={overview.series.map((s) => ({ label: periodLabel(s.period), values: { grants: s.grants, withdrawals: s.withdrawals, selfService: s.selfService, expiries: s.expiries } }))}
          series={[
            { key: 'grants', label: t('overview.series.grants'), fill: 'fill-emerald-500' },
            { key: 'withdrawals', label: t('overview.series.withdrawals'), fill: 'fill-red-500' },
            { key: 'selfService', label: t('overview.series.selfService'), fill: 'fill-rose-300' },
            { key: 'expiries', label: t('overview.series.expiries'), fill: 'fill-slate-400' },
          ]}
        />
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-xs text-slate-500">{t('overview.seriesTable')}</summary>
          <table className="mt-2 w-full text-xs">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1">{t('overview.period')}</th>
                <th className="text-right">{t('overview.series.grants')}</th>
                <th className="text-right">{t('overview.series.withdrawals')}</th>
                <th className="text-right">{t('overview.series.selfService')}</th>
                <th className="text-right">{t('overview.series.expiries')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.series.map((s) => (
                <tr key={s.period}>
                  <td className="py-0.5">{s.period}</td>
                  <td className="text-right">{s.grants}</td>
                  <td className="text-right">{s.withdrawals}</td>
                  <td className="text-right">{s.selfService}</td>
                  <td className="text-right">{s.expiries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t('overview.recentWithdrawals')} testId="overview-recent-withdrawals">
          {overview.recentWithdrawals.length === 0 ? (
            <Empty>{t('overview.noWithdrawals')}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {overview.recentWithdrawals.map((r) => (
                <li key={r.id} className="py-2" data-testid={`overview-withdrawal-${r.number}`}>
                  <div className="flex flex-wrap justify-between gap-2">
                    <Link href={`/compliance/consent/${r.personId}`} className="font-medium text-brand-700 hover:underline">
                      {r.personName ?? r.personId}
                    </Link>
                    <span className="text-xs text-slate-500">{f.dateTime(r.createdAt)}</span>
                  </div>
                  <div className="text-xs text-slate-600">
                    <span className="font-mono">{r.number}</span> · {tc(`via.${r.via}`)} · {r.items.map((i) => scopeText(tc, i)).join(tc('listSeparator'))}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('overview.specificTitle')} subtitle={t('overview.specificSubtitle')}>
          {overview.specific.length === 0 ? (
            <Empty>{t('overview.noSpecific')}</Empty>
          ) : (
            <table className="w-full text-sm">
              <tbody>
                {overview.specific.map((s) => (
                  <tr key={`${s.purpose}-${s.channel}-${s.topic}`} className="border-b border-slate-50">
                    <td className="py-1.5">{scopeText(tc, { purpose: s.purpose, channel: s.channel, productName: s.topic })}</td>
                    <td className="text-right text-emerald-700">{f.number(s.granted)}</td>
                    <td className="pl-2 text-right text-red-700">−{f.number(s.withdrawn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </div>
  );
}
