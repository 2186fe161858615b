import { notFound } from 'next/navigation';
import { api, serverContext } from '@/server/trpc/server-caller';
import { getFormat, getT } from '@/app/_lib/server-i18n';
import { FilingForm, RevokeFilingButton } from '../_components/filing-forms';
import { Badge, Card, Empty, type Tone } from '../_components/ui';

export async function generateMetadata() {
  const t = await getT('compliance.tabs');
  return { title: t('filing') };
}

const TONE: Record<string, Tone> = { valid: 'green', expiring: 'amber', expired: 'red', unfiled: 'red', revoked: 'red', not_yet_valid: 'amber' };

/** 医药代表备案: each rep's filing number and validity; unfiled or expired reps cannot log promotion. */
export default async function FilingPage() {
  const ctx = await serverContext();
  if (!ctx.permissions.has('compliance.read')) notFound();
  const caller = await api();
  const [rows, products] = await Promise.all([caller.compliance.filing.status(), caller.products.list({ includeInactive: false }).catch(() => [])]);
  const tf = await getT('filing');
  const f = await getFormat();
  const canManage = ctx.permissions.has('compliance.manage');
  return (
    <div className="space-y-4" data-testid="filing-page">
      <p className="text-sm text-slate-600">{tf('intro')}</p>
      <Card title={tf('listTitle')} testId="filing-list">
        {rows.length === 0 ? (
          <Empty>{tf('noReps')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {rows.map((r) => (
              <li key={r.userId} className="py-3 text-sm" data-testid={`filing-${r.email}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{r.name}</span>
                  <span className="text-xs text-slate-500">{r.email}</span>
                  {r.disabled && <Badge tone="slate">{tf('disabled')}</Badge>}
                  <span className="ml-auto">
                    <Badge tone={TONE[r.state] ?? 'slate'} testId={`filing-state-${r.email}`}>
                      {tf(`state.${r.state}`)}
                    </Badge>
                  </span>
                </div>
                {r.current && (
                  <div className="mt-1 flex flex-wrap items-center gap-x-3 text-xs text-slate-600">
                    <span className="font-mono">{r.current.filingNumber}</span>
                    <span>{tf('validity', { from: r.current.validFrom, until: r.current.validUntil })}</span>
                    {r.current.authority && <span>{r.current.authority}</span>}
                    <span>{r.current.products.length ? tf('productsLine', { products: r.current.products.map((p) => p.name).join('、') }) : tf('allProducts')}</span>
                    {canManage && r.current.status === 'active' && <RevokeFilingButton id={r.current.id} />}
                  </div>
                )}
                {r.history.length > 1 && (
                  <details className="mt-1 text-xs text-slate-500">
                    <summary className="cursor-pointer">{tf('history', { count: r.history.length })}</summary>
                    <ul className="mt-1 space-y-0.5">
                      {r.history.map((h) => (
                        <li key={h.id}>
                          <span className="font-mono">{h.filingNumber}</span> · {tf('validity', { from: h.validFrom, until: h.validUntil })} · {tf(`status.${h.status}`)}
                          {h.revokedReason && ` · ${h.revokedReason}`} · {f.date(h.createdAt)}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {canManage && (
        <details className="card p-4" data-testid="filing-new">
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">{tf('recordTitle')}</summary>
          <div className="mt-3">
            <FilingForm members={rows.map((r) => ({ id: r.userId, name: r.name }))} products={products.map((p) => ({ id: p.id, name: p.name }))} />
          </div>
        </details>
      )}
    </div>
  );
}
