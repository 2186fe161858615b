import Link from 'next/link';
import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { DsrActions } from '../../_components/dsr-forms';
import { auditActionLabel } from '../../_components/labels';
import { Badge, Card, Fields } from '../../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('dsr') };
}

/** One request: who asked for what and when it is due, its steps (from the audit log), and the next action. */
export default async function DsrPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await serverContext();
  if (!ctx.permissions.has('dsr.manage')) notFound();
  const { id } = await params;
  const r = await (await api()).compliance.dsr.get({ id }).catch(() => null);
  if (!r) notFound();
  const td = await getT('dsr');
  const ta = await getT('auditLog');
  const f = await getFormat();
  const summary = r.executionSummary as Record<string, unknown> | null;
  return (
    <div className="space-y-4" data-testid="dsr-detail">
      <Link href="/compliance/dsr" className="text-sm text-brand-700 hover:underline">
        ← {td('back')}
      </Link>
      <Card
        title={`${r.number} · ${td(`type.${r.type}`)}`}
        action={
          <div className="flex gap-1">
            <Badge tone={r.status === 'completed' ? 'green' : r.status === 'refused' ? 'slate' : 'blue'} testId="dsr-status">
              {td(`status.${r.status}`)}
            </Badge>
            {r.due === 'overdue' && <Badge tone="red">{td('due.overdue')}</Badge>}
            {r.due === 'due_soon' && <Badge tone="amber">{td('due.due_soon')}</Badge>}
          </div>
        }
      >
        <Fields
          rows={[
            [
              td('field.person'),
              <Link key="p" href={`/compliance/consent/${r.personId}`} className="text-brand-700 hover:underline">
                {r.personName ?? r.personId}
              </Link>,
            ],
            [td('field.requester'), [r.requesterName, r.requesterContact].filter(Boolean).join(' · ')],
            [td('field.receivedVia'), td(`via.${r.receivedVia}`)],
            [td('field.receivedAt'), f.dateTime(r.receivedAt)],
            [td('field.dueAt'), f.dateTime(r.dueAt)],
            [td('field.assignee'), r.assignee],
            [td('field.details'), r.details ? <span key="d" className="whitespace-pre-wrap">{r.details}</span> : null],
            [td('field.identity'), r.identityVerifiedAt ? td('identityLine', { method: td(`identity.${r.identityMethod}`), name: r.identityVerifiedByName ?? '—', at: f.dateTime(r.identityVerifiedAt) }) : td('identityPending')],
            [td('field.executedAt'), r.executedAt ? f.dateTime(r.executedAt) : null],
            [td('field.outcome'), r.outcome],
            [td('field.refusalReason'), r.refusalReason],
            [td('field.completed'), r.completedAt ? `${r.completedByName ?? ''} · ${f.dateTime(r.completedAt)}` : null],
          ]}
        />
        {summary && (
          <div className="mt-3 rounded-md bg-slate-50 p-3 text-xs text-slate-700" data-testid="dsr-summary">
            <div className="mb-1 font-semibold">{td('summaryTitle')}</div>
            {r.type === 'access' || r.type === 'portability' ? (
              <>
                <ul className="grid gap-x-4 sm:grid-cols-2">
                  {Object.entries((summary.tables as Record<string, number>) ?? {}).map(([k, n]) => (
                    <li key={k}>
                      <span className="font-mono">{k}</span>: {n}
                    </li>
                  ))}
                </ul>
                <div className="mt-1 font-mono break-all">SHA-256 {String(summary.sha256 ?? '')}</div>
              </>
            ) : r.type === 'deletion' ? (
              summary.restricted ? (
                <p>{td('restrictedSummary')}</p>
              ) : (
                <>
                  <ul className="grid gap-x-4 sm:grid-cols-2">
                    {Object.entries((summary.touched as Record<string, number>) ?? {}).map(([k, n]) => (
                      <li key={k}>
                        <span className="font-mono">{k}</span>: {n}
                      </li>
                    ))}
                  </ul>
                  <p className="mt-1">{td('keptLine', { kept: ((summary.kept as string[]) ?? []).map((k) => td(`kept.${k}`)).join('、') })}</p>
                </>
              )
            ) : r.type === 'withdraw_consent' ? (
              <p>{summary.receipt ? td('withdrawnSummary', { count: Number(summary.withdrawn), receipt: String(summary.receipt) }) : td('nothingWithdrawn')}</p>
            ) : (
              <p className="whitespace-pre-wrap">{String(summary.correction ?? '')}</p>
            )}
          </div>
        )}
      </Card>
      {(r.status === 'received' || r.status === 'in_progress' || r.hasBundle) && (
        <DsrActions request={{ id: r.id, type: r.type, status: r.status, identityVerified: Boolean(r.identityVerifiedAt), executed: Boolean(r.executedAt), hasBundle: r.hasBundle, assigneeUserId: r.assigneeUserId }} assignable={r.assignable} />
      )}
      <Card title={td('timeline')} testId="dsr-timeline">
        <ol className="space-y-1 text-sm">
          {r.timeline.map((e) => (
            <li key={e.seq} className="flex flex-wrap gap-2">
              <span className="w-36 shrink-0 text-xs text-slate-500">{f.dateTime(e.at)}</span>
              <span>{auditActionLabel(ta, e.action)}</span>
              {e.actor && <span className="text-slate-500">· {e.actor}</span>}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
