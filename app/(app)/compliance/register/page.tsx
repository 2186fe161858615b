import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { RegisterActions, RegisterCsvButton } from '../_components/register-actions';
import { Badge, Card, Notice } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('register') };
}

/** The processing register generated from core's and every module's declared data categories; snapshots kept. */
export default async function RegisterPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const caller = await api();
  const [{ register, missingHooks }, snapshots] = await Promise.all([caller.compliance.register.current(), caller.compliance.register.snapshots()]);
  const tr = await getT('privacy.register');
  const tp = await getT('privacy');
  const tc = await getT('consent');
  const f = await getFormat();
  const loc = ctx.locale;
  return (
    <div className="space-y-4" data-testid="register-page">
      {missingHooks.length > 0 && <Notice tone="error">{tr('missingHooks', { plugins: missingHooks.join(', ') })}</Notice>}
      <Card title={tr('title')} subtitle={tr('subtitle')} action={<RegisterActions canManage={ctx.permissions.has('compliance.manage')} />} testId="register-current">
        {register.crossBorder.enabled && <p className="mb-2 text-sm text-amber-800">{tr('crossBorderLine', { recipient: register.crossBorder.recipient ?? '—', country: register.crossBorder.recipientCountry ?? '—', title: register.crossBorder.assessmentTitle ?? '—' })}</p>}
        <div className="overflow-x-auto">
          <table className="w-full min-w-[64rem] text-sm">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                <th className="py-2 pr-2 font-medium">{tr('owner')}</th>
                <th className="px-2 font-medium">{tr('table')}</th>
                <th className="px-2 font-medium">{tr('purpose')}</th>
                <th className="px-2 font-medium">{tr('subject')}</th>
                <th className="px-2 font-medium">{tr('basis')}</th>
                <th className="px-2 text-right font-medium">{tr('retention')}</th>
                <th className="px-2 font-medium">{tr('rights')}</th>
              </tr>
            </thead>
            <tbody>
              {register.entries.map((e) => (
                <tr key={`${e.owner}-${e.table}`} className="border-b border-slate-50 align-top" data-testid={`register-${e.owner}-${e.table}`}>
                  <td className="py-2 pr-2 whitespace-nowrap">
                    {e.ownerName[loc] ?? e.owner}
                    {!e.enabled && <span className="ml-1 text-xs text-slate-400">{tr('disabled')}</span>}
                  </td>
                  <td className="px-2">
                    <span className="font-mono text-xs">{e.table}</span>
                    <div className="text-[11px] text-slate-400">{e.fields.join(', ')}</div>
                  </td>
                  <td className="px-2">
                    {e.purpose[loc] ?? ''}
                    {e.sensitive && (
                      <span className="ml-1">
                        <Badge tone="amber">{tr('sensitive')}</Badge>
                      </span>
                    )}
                  </td>
                  <td className="px-2 text-xs whitespace-nowrap">{tr(`subjectKind.${e.subject}`)}</td>
                  <td className="px-2 text-xs">{e.legalBasis ? tc(`legalBasis.${e.legalBasis}`) : '—'}</td>
                  <td className="px-2 text-right text-xs whitespace-nowrap">{e.retentionDays === null ? tr('kept') : tr('days', { days: e.retentionDays })}<div className="text-slate-400">{tp(`retentionAction.${e.retentionAction}`)}</div></td>
                  <td className="px-2 text-xs whitespace-nowrap">{e.privacyHooks ? <Badge tone="green">{tr('hooksOk')}</Badge> : <Badge tone="red">{tr('hooksMissing')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={tr('snapshots')} subtitle={tr('snapshotsSubtitle')} testId="register-snapshots">
        {snapshots.length === 0 ? (
          <p className="text-sm text-slate-500">{tr('noSnapshots')}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {snapshots.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-2 py-1.5">
                <span>{f.dateTime(s.takenAt)}</span>
                <span className="text-xs text-slate-500">{tr(`reason.${s.reason}`)}</span>
                {s.takenBy && <span className="text-xs text-slate-500">· {s.takenBy}</span>}
                <span className="text-xs text-slate-500">· {tr('entries', { count: s.entries })}</span>
                <span className="font-mono text-[10px] text-slate-400" title={s.contentHash}>
                  {s.contentHash.slice(0, 12)}
                </span>
                <span className="ml-auto">
                  <RegisterCsvButton snapshotId={s.id} label={tr('downloadCsv')} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
