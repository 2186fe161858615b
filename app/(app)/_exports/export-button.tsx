'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { ListEntity } from '@/server/db/entities';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

export interface ExportButtonProps {
  /** Which list: 'person' | 'institution' | 'interaction' | 'task' | 'order'. */
  entity: ListEntity;
  /**
   * The list's current filters, in the list's own shape: people / institutions as in
   * customers/list-input.ts (peopleFiltersInput / institutionFiltersInput), interactions as the
   * interaction list's input without cursor and limit, tasks `{ view }`, orders `{ from, to,
   * territoryId, subject }` (server/services/exports/filters.ts).
   */
  filters: Record<string, unknown>;
  /** People and institutions: the list's sort, so the file is in the order on screen. */
  sort?: { field: 'name' | 'createdAt' | 'updatedAt'; dir: 'asc' | 'desc' } | null;
  /** The list's visible columns, chosen in advance in the dialog (name and external id are added). */
  columns?: string[];
  className?: string;
}

/**
 * "Export" for a list page: a dialog to choose the format, the columns and (for users who may)
 * unmasked sensitive values, then the export runs as a job while the dialog shows its progress
 * and, when done, the download link. Render it only for users with customers.export.
 */
export function ExportButton(props: ExportButtonProps) {
  const t = useT('exports.ui');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={props.className ?? 'btn-secondary'} onClick={() => setOpen(true)} data-testid={`export-open-${props.entity}`}>
        {t('button')}
      </button>
      {open && <ExportDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

function ExportDialog({ entity, filters, sort, columns, onClose }: ExportButtonProps & { onClose: () => void }) {
  const t = useT('exports.ui');
  const f = useFormat();
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const options = trpc.exports.options.useQuery({ entity });
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [unmasked, setUnmasked] = useState(false);
  const [exportId, setExportId] = useState<string | null>(null);
  const create = trpc.exports.create.useMutation({ onSuccess: (r) => setExportId(r.id) });
  const status = trpc.exports.get.useQuery(
    { id: exportId ?? '' },
    { enabled: !!exportId, refetchInterval: (q) => (q.state.data && (q.state.data.status === 'completed' || q.state.data.status === 'failed') ? false : 1_000) },
  );
  const recent = trpc.exports.mine.useQuery({ entity });
  const utils = trpc.useUtils();
  const finished = status.data?.status === 'completed' || status.data?.status === 'failed';
  // A finished export joins the recent list (for a second download later).
  useEffect(() => {
    if (finished) void utils.exports.mine.invalidate({ entity });
  }, [finished, utils, entity]);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const available = options.data?.columns ?? [];
  const preset = columns?.length ? [...new Set(['externalId', 'name', ...columns])].filter((k) => available.some((c) => c.key === k)) : (options.data?.defaults ?? []);
  const selected = chosen ?? preset;
  const toggle = (key: string) => setChosen(selected.includes(key) ? selected.filter((k) => k !== key) : [...selected, key]);
  const submit = () => {
    const ordered = available.map((c) => c.key).filter((k) => selected.includes(k));
    create.mutate({ entity, format, filters, columns: ordered, unmasked, ...(sort !== undefined && (entity === 'person' || entity === 'institution') ? { sort } : {}) } as never);
  };
  const job = status.data;

  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-3 sm:items-center" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="card flex max-h-[90dvh] w-full max-w-lg flex-col" onClick={(e) => e.stopPropagation()} data-testid="export-dialog">
        <div className="flex items-center justify-between border-b border-slate-100 px-5 py-3">
          <h2 id={titleId} className="text-base font-semibold">
            {t('title', { list: t(`list.${entity}`) })}
          </h2>
          <button ref={closeRef} type="button" className="btn-secondary" onClick={onClose} data-testid="export-close">
            {t('close')}
          </button>
        </div>
        <div className="space-y-4 overflow-y-auto px-5 py-4">
          {!exportId && (
            <>
              <fieldset>
                <legend className="mb-2 text-sm font-medium">{t('format')}</legend>
                <div className="flex gap-4 text-sm">
                  {(['xlsx', 'csv'] as const).map((fmt) => (
                    <label key={fmt} className="flex items-center gap-2">
                      <input type="radio" name="format" checked={format === fmt} onChange={() => setFormat(fmt)} data-testid={`export-format-${fmt}`} />
                      {t(`formats.${fmt}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <fieldset>
                <legend className="mb-2 flex w-full items-center justify-between text-sm font-medium">
                  <span>{t('columns', { count: selected.length })}</span>
                  <span className="flex gap-2 text-xs font-normal">
                    <button type="button" className="text-brand-700 underline" onClick={() => setChosen(available.map((c) => c.key))}>
                      {t('all')}
                    </button>
                    <button type="button" className="text-brand-700 underline" onClick={() => setChosen([])}>
                      {t('none')}
                    </button>
                  </span>
                </legend>
                {options.isLoading && <p className="text-sm text-slate-500">{t('loading')}</p>}
                {options.error && (
                  <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
                    {options.error.message}
                  </p>
                )}
                <div className="grid max-h-56 grid-cols-2 gap-x-4 gap-y-1 overflow-y-auto rounded-md border border-slate-200 p-2 text-sm" data-testid="export-columns">
                  {available.map((c) => (
                    <label key={c.key} className="flex items-center gap-2 truncate">
                      <input type="checkbox" checked={selected.includes(c.key)} onChange={() => toggle(c.key)} data-testid={`export-column-${c.key}`} />
                      <span className="truncate">{c.label}</span>
                      {c.sensitive && <span className="badge bg-amber-50 text-amber-800">{t('sensitive')}</span>}
                    </label>
                  ))}
                </div>
              </fieldset>
              {options.data?.canUnmask ? (
                <label className="flex items-start gap-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900">
                  <input type="checkbox" className="mt-0.5" checked={unmasked} onChange={(e) => setUnmasked(e.target.checked)} data-testid="export-unmask" />
                  <span>{t('unmask')}</span>
                </label>
              ) : (
                <p className="text-xs text-slate-500">{t('maskedNote')}</p>
              )}
              {create.error && (
                <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
                  {create.error.message}
                </p>
              )}
            </>
          )}

          {exportId && (
            <div className="space-y-3" data-testid="export-progress" data-status={job?.status ?? 'queued'}>
              {(!job || job.status === 'queued' || job.status === 'running') && (
                <>
                  <div className="h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={t('working')}>
                    <div className="h-full w-1/3 animate-pulse rounded-full bg-brand-600" />
                  </div>
                  <p className="text-sm text-slate-600" aria-live="polite">
                    {job?.status === 'running' ? t('written', { count: f.number(job.rowCount) }) : t('queued')}
                  </p>
                </>
              )}
              {job?.status === 'completed' && (
                <div className="space-y-2">
                  <p className="text-sm text-emerald-700" role="status">
                    {t('done', { count: f.number(job.rowCount) })}
                  </p>
                  {job.downloadUrl && (
                    <a href={job.downloadUrl} className="btn-primary" download data-testid="export-download">
                      {t('download')}
                    </a>
                  )}
                  <p className="text-xs text-slate-500">{job.expiresAt ? t('expires', { at: f.dateTime(job.expiresAt) }) : null}</p>
                </div>
              )}
              {job?.status === 'failed' && (
                <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
                  {job.error}
                </p>
              )}
            </div>
          )}

          {(recent.data?.length ?? 0) > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-medium text-slate-500">{t('recent')}</h3>
              <ul className="divide-y divide-slate-100 text-sm" data-testid="export-recent">
                {recent.data!.slice(0, 5).map((r) => (
                  <li key={r.id} className="flex items-center justify-between gap-2 py-1.5">
                    <span className="text-slate-600">
                      {f.dateTime(r.createdAt)} · {r.format.toUpperCase()} · {r.status === 'completed' ? t('rows', { count: r.rowCount }) : t(`status.${r.status}`)}
                    </span>
                    {r.downloadUrl ? (
                      <a href={r.downloadUrl} className="text-brand-700 underline" download>
                        {t('download')}
                      </a>
                    ) : (
                      r.expired && <span className="text-xs text-slate-400">{t('expired')}</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        {!exportId && (
          <div className="flex justify-end gap-2 border-t border-slate-100 px-5 py-3">
            <button type="button" className="btn-primary" disabled={!selected.length || create.isPending || !options.data} onClick={submit} data-testid="export-start">
              {create.isPending ? t('starting') : t('start')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
