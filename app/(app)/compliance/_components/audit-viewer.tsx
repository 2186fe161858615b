'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useMemo, useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { auditActionLabel, entityLabel } from './labels';

type Facets = inferRouterOutputs<AppRouter>['compliance']['audit']['facets'];
type Page = inferRouterOutputs<AppRouter>['compliance']['audit']['list'];
interface Filter {
  actorUserId: string | null;
  entity: string | null;
  entityId: string | null;
  action: string | null;
  from?: string;
  to?: string;
}

const PAGE = 50;

/** Filters by user, entity, action and time; pages on the chain's sequence; verifies the chain. */
export function AuditViewer({ facets, initialFilter }: { facets: Facets; initialFilter: Filter }) {
  const ta = useT('auditLog');
  const f = useFormat();
  const [draft, setDraft] = useState<Filter>(initialFilter);
  const [filter, setFilter] = useState<Filter>(initialFilter);
  const [pages, setPages] = useState<Page[]>([]);
  const [expanded, setExpanded] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const input = useMemo(
    () => ({
      actorUserId: filter.actorUserId,
      entity: filter.entity,
      entityId: filter.entityId,
      action: filter.action,
      from: filter.from ? new Date(`${filter.from}T00:00:00`) : null,
      to: filter.to ? new Date(new Date(`${filter.to}T00:00:00`).getTime() + 86_400_000) : null,
    }),
    [filter],
  );
  const first = trpc.compliance.audit.list.useQuery({ filter: input, limit: PAGE });
  const verify = trpc.compliance.audit.verify.useMutation();
  const [loading, setLoading] = useState(false);
  const entries = [...(first.data?.entries ?? []), ...pages.flatMap((p) => p.entries)];
  const next = pages.length ? pages[pages.length - 1]!.nextBeforeSeq : (first.data?.nextBeforeSeq ?? null);
  const prefixes = useMemo(() => [...new Set(facets.actions.map((a) => `${a.split('.')[0]}.`))], [facets.actions]);
  const exportHref = useMemo(() => {
    const q = new URLSearchParams();
    if (input.actorUserId) q.set('actor', input.actorUserId);
    if (input.entity) q.set('entity', input.entity);
    if (input.entityId) q.set('entityId', input.entityId);
    if (input.action) q.set('action', input.action);
    if (input.from) q.set('from', input.from.toISOString());
    if (input.to) q.set('to', input.to.toISOString());
    return `/api/compliance/audit/export?${q.toString()}`;
  }, [input]);

  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const page = await utils.compliance.audit.list.fetch({ filter: input, limit: PAGE, beforeSeq: next });
      setPages((p) => [...p, page]);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="audit-viewer">
      <section className="card space-y-3 p-4" data-testid="audit-verify">
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className="btn-primary" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="audit-verify-button">
            {verify.isPending ? ta('verifying') : ta('verify')}
          </button>
          <p className="text-sm text-slate-600">{ta('verifyHelp')}</p>
        </div>
        {verify.data &&
          (verify.data.intact ? (
            <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="audit-verify-result">
              {ta('intact', { entries: verify.data.entries, at: f.dateTime(verify.data.checkedAt) })}
            </p>
          ) : (
            <p className="rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="audit-verify-result">
              {ta('broken', { seq: verify.data.broken?.seq ?? 0, action: verify.data.broken ? auditActionLabel(ta, verify.data.broken.action) : '', at: verify.data.broken ? f.dateTime(verify.data.broken.at) : '', entries: verify.data.entries })}
            </p>
          ))}
        {verify.error && (
          <p className="text-sm text-red-700" role="alert">
            {verify.error.message}
          </p>
        )}
      </section>

      <form
        className="card grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          setFilter(draft);
        }}
        data-testid="audit-filters"
      >
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{ta('filter.user')}</span>
          <select className="input" value={draft.actorUserId ?? ''} onChange={(e) => setDraft({ ...draft, actorUserId: e.target.value || null })} data-testid="audit-filter-user">
            <option value="">{ta('filter.any')}</option>
            {facets.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{ta('filter.action')}</span>
          <select className="input" value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value || null })} data-testid="audit-filter-action">
            <option value="">{ta('filter.any')}</option>
            <optgroup label={ta('filter.groups')}>
              {prefixes.map((p) => (
                <option key={p} value={p}>
                  {ta(`group.${p.slice(0, -1)}`).startsWith('auditLog.') ? p : ta(`group.${p.slice(0, -1)}`)}
                </option>
              ))}
            </optgroup>
            <optgroup label={ta('filter.actions')}>
              {facets.actions.map((a) => (
                <option key={a} value={a}>
                  {auditActionLabel(ta, a)}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{ta('filter.entity')}</span>
          <select className="input" value={draft.entity ?? ''} onChange={(e) => setDraft({ ...draft, entity: e.target.value || null })}>
            <option value="">{ta('filter.any')}</option>
            {facets.entities.map((x) => (
              <option key={x} value={x}>
                {entityLabel(ta, x)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{ta('filter.entityId')}</span>
          <input className="input font-mono" value={draft.entityId ?? ''} maxLength={100} onChange={(e) => setDraft({ ...draft, entityId: e.target.value.trim() || null })} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{ta('filter.from')}</span>
          <input type="date" className="input" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{ta('filter.to')}</span>
          <input type="date" className="input" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })} />
        </label>
        <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-3">
          <button type="submit" className="btn-primary" data-testid="audit-apply">
            {ta('filter.apply')}
          </button>
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              const empty = { actorUserId: null, entity: null, entityId: null, action: null };
              setDraft(empty);
              setPages([]);
              setFilter(empty);
            }}
          >
            {ta('filter.clear')}
          </button>
          <a href={exportHref} className="btn-secondary ml-auto" data-testid="audit-export">
            {ta('export')}
          </a>
        </div>
      </form>

      <section className="card" data-testid="audit-entries">
        {first.isLoading && <p className="p-4 text-sm text-slate-500">{ta('loading')}</p>}
        {first.error && (
          <p className="p-4 text-sm text-red-700" role="alert">
            {first.error.message}
          </p>
        )}
        {first.data && entries.length === 0 && <p className="p-4 text-center text-sm text-slate-500">{ta('empty')}</p>}
        <ul className="divide-y divide-slate-100">
          {entries.map((e) => (
            <li key={e.id} className="px-4 py-2 text-sm" data-testid={`audit-entry-${e.seq}`}>
              <button type="button" className="flex w-full flex-wrap items-baseline gap-x-3 gap-y-0.5 text-left" onClick={() => setExpanded(expanded === e.id ? null : e.id)} aria-expanded={expanded === e.id}>
                <span className="w-12 shrink-0 font-mono text-xs text-slate-400">#{e.seq}</span>
                <span className="w-36 shrink-0 text-xs text-slate-500">{f.dateTime(e.at)}</span>
                <span className={`font-medium ${e.action === 'auth.permission.denied' || e.action.includes('failed') ? 'text-red-700' : 'text-slate-800'}`}>{auditActionLabel(ta, e.action)}</span>
                <span className="text-slate-600">{e.actor ?? ta('system')}</span>
                {e.entity && (
                  <span className="text-xs text-slate-500">
                    {entityLabel(ta, e.entity)}
                    {e.entityId && <span className="ml-1 font-mono">{e.entityId.length > 20 ? `…${e.entityId.slice(-8)}` : e.entityId}</span>}
                  </span>
                )}
              </button>
              {expanded === e.id && (
                <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 rounded-md bg-slate-50 p-3 text-xs">
                  <dt className="text-slate-500">{ta('field.action')}</dt>
                  <dd className="font-mono">{e.action}</dd>
                  <dt className="text-slate-500">{ta('field.actor')}</dt>
                  <dd>{e.actor ? `${e.actor} (${e.actorEmail ?? ''})` : ta('system')}</dd>
                  <dt className="text-slate-500">{ta('field.entity')}</dt>
                  <dd className="font-mono break-all">
                    {e.entity} {e.entityId}
                  </dd>
                  <dt className="text-slate-500">{ta('field.changes')}</dt>
                  <dd>
                    <pre className="max-h-64 overflow-auto font-mono break-all whitespace-pre-wrap">{e.changes ? JSON.stringify(e.changes, null, 2) : '—'}</pre>
                  </dd>
                  <dt className="text-slate-500">{ta('field.ip')}</dt>
                  <dd className="font-mono">{e.ip ?? '—'}</dd>
                  <dt className="text-slate-500">{ta('field.request')}</dt>
                  <dd className="font-mono break-all">{e.requestId ?? '—'}</dd>
                  <dt className="text-slate-500">{ta('field.hash')}</dt>
                  <dd className="font-mono break-all">{e.hash}</dd>
                </dl>
              )}
            </li>
          ))}
        </ul>
        {next && (
          <div className="border-t border-slate-100 p-3 text-center">
            <button type="button" className="btn-secondary" onClick={() => void loadMore()} disabled={loading} data-testid="audit-more">
              {loading ? ta('loading') : ta('more')}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
