import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { LegalHoldForm, ReleaseHoldButton, RetentionRunButtons } from '../_components/retention-forms';
import { Badge, Card, Empty } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('retention') };
}

/** What the retention job did (or would do) per category, and the legal holds it respects. */
export default async function RetentionPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const caller = await api();
  const [runs, holds] = await Promise.all([caller.compliance.retention.runs(), caller.compliance.legalHolds.list({ includeReleased: true })]);
  const tr = await getT('privacy.retention');
  const tl = await getT('privacy.holds');
  const f = await getFormat();
  const canManage = ctx.permissions.has('compliance.manage');
  return (
    <div className="space-y-4" data-testid="retention-page">
      <Card title={tr('title')} subtitle={tr('subtitle')} action={canManage ? <RetentionRunButtons /> : undefined} testId="retention-runs">
        <p className="mb-3 text-xs text-slate-500">
          {tr('settingsHint')}{' '}
          <Link href="/compliance/privacy" className="text-brand-700 underline">
            {tr('toSettings')}
          </Link>
        </p>
        {runs.length === 0 ? (
          <Empty>{tr('none')}</Empty>
        ) : (
          <ul className="space-y-3">
            {runs.map((r) => (
              <li key={r.id} className="rounded-md border border-slate-100 p-3" data-testid={`retention-run-${r.id}`}>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={r.status === 'completed' ? 'green' : r.status === 'failed' ? 'red' : 'amber'}>{tr(`status.${r.status}`)}</Badge>
                  {r.dryRun && <Badge tone="blue">{tr('preview')}</Badge>}
                  <span className="text-slate-600">{tr(`trigger.${r.trigger}`)}</span>
                  {r.requestedByName && <span className="text-slate-500">· {r.requestedByName}</span>}
                  <span className="ml-auto text-xs text-slate-500">{f.dateTime(r.startedAt)}</span>
                </div>
                {r.error && <p className="mt-1 text-sm text-red-700">{r.error}</p>}
                {r.report.length > 0 && (
                  <table className="mt-2 w-full text-xs">
                    <thead>
                      <tr className="text-left text-slate-500">
                        <th className="py-1 font-medium">{tr('categoryHeader')}</th>
                        <th className="text-right font-medium">{tr('days')}</th>
                        <th className="text-right font-medium">{tr('examined')}</th>
                        <th className="text-right font-medium">{r.dryRun ? tr('wouldChange') : tr('changed')}</th>
                        <th className="text-right font-medium">{tr('held')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.report.map((c) => (
                        <tr key={c.category} className="border-t border-slate-50">
                          <td className="py-1">
                            {tr(`category.${c.category}`)} <span className="text-slate-400">({tr(`action.${c.action}`)})</span>
                          </td>
                          <td className="text-right">{c.retentionDays || '—'}</td>
                          <td className="text-right">{f.number(c.examined)}</td>
                          <td className="text-right font-medium">{f.number(c.affected)}</td>
                          <td className="text-right">{f.number(c.skippedLegalHold)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={tl('title')} subtitle={tl('subtitle')} testId="legal-holds">
        {canManage && <LegalHoldForm />}
        {holds.length === 0 ? (
          <Empty>{tl('none')}</Empty>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {holds.map((h) => (
              <li key={h.id} className="flex flex-wrap items-center gap-2 py-2" data-testid={`legal-hold-${h.id}`}>
                <Badge tone={h.inForce ? 'amber' : 'slate'}>{h.inForce ? tl('inForce') : h.releasedAt ? tl('released') : tl('ended')}</Badge>
                <Link href={`/compliance/consent/${h.personId}`} className="font-medium text-brand-700 hover:underline">
                  {h.personName ?? h.personId}
                </Link>
                <span className="min-w-0 flex-1 text-slate-600">{h.reason}</span>
                <span className="text-xs text-slate-500">
                  {h.until ? tl('until', { date: h.until }) : tl('indefinite')} · {h.createdBy} · {f.date(h.createdAt)}
                  {h.releasedAt && ` · ${tl('releasedBy', { name: h.releasedBy ?? '—', date: f.date(h.releasedAt) })}`}
                </span>
                {canManage && h.releasedAt === null && <ReleaseHoldButton id={h.id} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
