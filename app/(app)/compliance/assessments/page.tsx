import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { AssessmentList, CrossBorderSwitch, RecordTransferForm } from '../_components/assessment-forms';
import { ThresholdBar } from '../_components/charts';
import { Card, Empty, Notice, Stat } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('assessments') };
}

/**
 * Impact assessments (PIPIA) and cross-border transfer: the switch (only on an approved
 * assessment), people transferred this calendar year against the legal thresholds, and recording
 * a transfer.
 */
export default async function AssessmentsPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const { year: y } = await searchParams;
  const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: ctx.tenant?.settings.timezone ?? 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const year = y && /^\d{4}$/.test(y) ? Number(y) : thisYear;
  const caller = await api();
  const [assessments, stats, privacy] = await Promise.all([caller.compliance.assessments.list(), caller.compliance.crossBorder.stats({ year }), caller.compliance.privacy.get()]);
  const tp = await getT('privacy');
  const f = await getFormat();
  const canManage = ctx.permissions.has('compliance.manage');
  const approved = assessments.filter((a) => a.kind === 'cross_border' && a.status === 'approved').map((a) => ({ id: a.id, title: a.title, recipient: a.recipient, recipientCountry: a.recipientCountry }));
  return (
    <div className="space-y-4" data-testid="assessments-page">
      <Card title={tp('crossBorder.title')} subtitle={tp('crossBorder.subtitle')}>
        <CrossBorderSwitch enabled={privacy.settings.crossBorder.enabled} assessmentId={privacy.settings.crossBorder.assessmentId} approved={approved} canManage={canManage} />
      </Card>

      <Card
        title={tp('crossBorder.statsTitle', { year })}
        subtitle={tp('crossBorder.statsSubtitle')}
        testId="crossborder-stats"
        action={
          <form className="flex items-center gap-1 text-sm">
            <select name="year" defaultValue={year} className="input w-auto py-1" aria-label={tp('crossBorder.year')}>
              {stats.years.map((yy) => (
                <option key={yy} value={yy}>
                  {yy}
                </option>
              ))}
            </select>
            <button type="submit" className="btn-secondary py-1">
              {tp('crossBorder.show')}
            </button>
          </form>
        }
      >
        {stats.warnings.map((w) => (
          <div key={w.key} className="mb-2">
            <Notice tone={w.key.startsWith('approaching') ? 'warn' : 'error'}>{tp(`crossBorder.warning.${w.key}`, w.values)}</Notice>
          </div>
        ))}
        <div className="grid gap-3 sm:grid-cols-3">
          <Stat label={tp('crossBorder.people')} value={f.number(stats.people)} testId="crossborder-people" />
          <Stat label={tp('crossBorder.sensitivePeople')} value={f.number(stats.sensitivePeople)} />
          <Stat compact label={tp('crossBorder.mechanismLabel')} value={tp(`mechanism.${stats.mechanism}`)} tone={stats.mechanism === 'security_assessment' ? 'red' : stats.mechanism === 'standard_contract' ? 'amber' : 'green'} />
        </div>
        <div className="mt-4 space-y-3">
          <ThresholdBar value={stats.people} threshold={stats.thresholds.contract} label={tp('crossBorder.toContract', { n: f.number(stats.thresholds.contract) })} />
          <ThresholdBar value={stats.people} threshold={stats.thresholds.assessment} label={tp('crossBorder.toAssessment', { n: f.number(stats.thresholds.assessment) })} />
          <ThresholdBar value={stats.sensitivePeople} threshold={stats.thresholds.sensitiveAssessment} label={tp('crossBorder.toSensitiveAssessment', { n: f.number(stats.thresholds.sensitiveAssessment) })} />
        </div>
        {stats.byRecipient.length > 0 && (
          <table className="mt-4 w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="py-1 font-medium">{tp('crossBorder.recipient')}</th>
                <th className="font-medium">{tp('crossBorder.country')}</th>
                <th className="text-right font-medium">{tp('crossBorder.people')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.byRecipient.map((r) => (
                <tr key={`${r.recipient}-${r.recipientCountry}`} className="border-t border-slate-50">
                  <td className="py-1">{r.recipient}</td>
                  <td>{r.recipientCountry}</td>
                  <td className="text-right">{f.number(r.people)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canManage && stats.enabled && (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium text-brand-700">{tp('crossBorder.recordTitle')}</summary>
            <RecordTransferForm />
          </details>
        )}
      </Card>

      <Card title={tp('pipia.title')} subtitle={tp('pipia.subtitle')} testId="pipia-list">
        {assessments.length === 0 && !canManage ? <Empty>{tp('pipia.none')}</Empty> : <AssessmentList assessments={assessments} canManage={canManage} />}
      </Card>
    </div>
  );
}
