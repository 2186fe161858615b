'use client';

import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { StepBar } from '../step-bar';
import { StatusBadge } from '../status-badge';

type Outputs = inferRouterOutputs<AppRouter>['imports'];
type Job = Outputs['get'];
type Inspect = Outputs['inspect'];
type Preview = Outputs['preview'];

const RUNNING = new Set(['validating', 'validated', 'importing']);
const LISTS: Record<string, string | null> = { person: '/customers/people', institution: '/customers/institutions', interaction: '/interactions', order: null };

/** The wizard after the upload: the step follows the import's status, so a reload resumes it. */
export function ImportWizard({ initial }: { initial: Job }) {
  const job = trpc.imports.get.useQuery(
    { id: initial.id },
    { initialData: initial, refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? 1_000 : false) },
  );
  const data = job.data ?? initial;
  if (data.status === 'uploaded') return <MappingStep job={data} onStarted={() => void job.refetch()} />;
  if (RUNNING.has(data.status)) return <ProgressStep job={data} />;
  return <ResultStep job={data} />;
}

// ---------------------------------------------------------------------------------------------
// Step 2–3: columns, then preview
// ---------------------------------------------------------------------------------------------

function MappingStep({ job, onStarted }: { job: Job; onStarted: () => void }) {
  const t = useT('imports.ui');
  const router = useRouter();
  const inspect = trpc.imports.inspect.useQuery({ id: job.id }, { staleTime: Infinity });
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [remember, setRemember] = useState(true);
  const [discarding, setDiscarding] = useState(false);
  const utils = trpc.useUtils();
  const current = mapping ?? inspect.data?.mapping ?? {};
  const start = trpc.imports.start.useMutation({
    onSuccess: async () => {
      await utils.imports.get.invalidate({ id: job.id });
      onStarted();
    },
  });
  const discard = trpc.imports.cancel.useMutation({ onSuccess: () => router.push('/imports') });

  if (inspect.isLoading) return <p className="card p-6 text-sm text-slate-500">{t('reading')}</p>;
  if (inspect.error || !inspect.data) {
    return (
      <p className="card p-6 text-sm text-red-700" role="alert">
        {inspect.error?.message}
      </p>
    );
  }
  const info = inspect.data;
  const fieldErrors = fieldErrorsOf(start.error);
  const mapped = new Set(Object.values(current));
  const incomplete = info.fields.some((f) => f.required && !mapped.has(f.key));

  return (
    <div className="space-y-4">
      <StepBar current={previewing ? 'preview' : 'mapping'} />
      {previewing ? (
        <PreviewStep
          job={job}
          info={info}
          mapping={current}
          onBack={() => setPreviewing(false)}
          starting={start.isPending}
          startError={start.error?.message ?? null}
          onStart={() => start.mutate({ id: job.id, mapping: current, remember })}
        />
      ) : (
        <MappingTable info={info} mapping={current} onChange={setMapping} errors={fieldErrors} />
      )}
      {!previewing && (
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:items-center sm:justify-between">
          <button type="button" className="btn-danger" onClick={() => setDiscarding(true)} data-testid="import-discard">
            {t('discard')}
          </button>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <label className="flex items-center gap-2 text-sm text-slate-600">
              <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="import-remember" />
              {t('rememberMapping')}
            </label>
            <button type="button" className="btn-primary" onClick={() => setPreviewing(true)} disabled={incomplete} data-testid="import-to-preview">
              {t('toPreview')}
            </button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={discarding}
        title={t('discardTitle')}
        confirmLabel={t('discard')}
        danger
        pending={discard.isPending}
        error={discard.error?.message ?? null}
        onConfirm={() => discard.mutate({ id: job.id })}
        onCancel={() => setDiscarding(false)}
        testId="import-discard-confirm"
      >
        <p>{t('discardBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

function MappingTable({ info, mapping, onChange, errors }: { info: Inspect; mapping: Record<string, string>; onChange: (m: Record<string, string>) => void; errors: Record<string, string> }) {
  const t = useT('imports.ui');
  const used = new Set(Object.values(mapping));
  const missing = info.fields.filter((f) => f.required && !used.has(f.key));
  const set = (header: string, field: string) => {
    const next = { ...mapping };
    // A field belongs to one column: choosing it here frees it elsewhere.
    for (const [h, f] of Object.entries(next)) if (f === field) delete next[h];
    if (field) next[header] = field;
    else delete next[header];
    onChange(next);
  };
  return (
    <section className="card">
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('mappingTitle')}</h2>
        <p className="text-xs text-slate-500">
          {t('mappingHelp', { rows: info.totalRows })} {info.remembered && <span className="font-medium text-brand-700">{t('mappingRemembered')}</span>}
        </p>
      </div>
      {missing.length > 0 && (
        <p className="mx-4 mt-3 rounded-md bg-amber-50 p-2 text-sm text-amber-800" role="status" data-testid="import-missing-required">
          {t('missingRequired', { fields: missing.map((f) => f.label).join('、') })}
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-sm" data-testid="import-mapping">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
              <th className="px-4 py-2 font-medium">{t('colHeader')}</th>
              <th className="px-4 py-2 font-medium">{t('colSample')}</th>
              <th className="px-4 py-2 font-medium">{t('colField')}</th>
            </tr>
          </thead>
          <tbody>
            {info.headers.map((h, i) => {
              const field = info.fields.find((f) => f.key === mapping[h]);
              const error = errors[`mapping.${h}`];
              return (
                <tr key={h} className="border-b border-slate-100 align-top last:border-0">
                  <td className="px-4 py-2 font-medium">{h}</td>
                  <td className="max-w-[16rem] px-4 py-2 text-xs text-slate-500">
                    {info.sample
                      .map((r) => r.cells[i])
                      .filter(Boolean)
                      .slice(0, 3)
                      .map((v, j) => (
                        <div key={j} className="truncate">
                          {v}
                        </div>
                      ))}
                  </td>
                  <td className="px-4 py-2">
                    <select className="input" value={mapping[h] ?? ''} onChange={(e) => set(h, e.target.value)} data-testid={`import-map-${i}`} aria-label={t('fieldFor', { header: h })}>
                      <option value="">{t('skipColumn')}</option>
                      {info.fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                          {f.required ? ' *' : ''}
                        </option>
                      ))}
                    </select>
                    {field?.hint && <p className="mt-1 text-xs text-slate-500">{field.hint}</p>}
                    {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PreviewStep(props: { job: Job; info: Inspect; mapping: Record<string, string>; onBack: () => void; onStart: () => void; starting: boolean; startError: string | null }) {
  const { job, info, mapping } = props;
  const t = useT('imports.ui');
  const preview = trpc.imports.preview.useMutation();
  const { mutate } = preview;
  useEffect(() => mutate({ id: job.id, mapping }), [mutate, job.id, mapping]);
  const columns = info.headers.filter((h) => mapping[h]);
  const labelOf = (h: string) => info.fields.find((f) => f.key === mapping[h])?.label ?? h;
  const rows: Preview['rows'] = preview.data?.rows ?? [];
  const bad = rows.filter((r) => r.problems.length).length;
  return (
    <section className="card" data-testid="import-preview">
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold">{t('previewTitle')}</h2>
        <p className="text-xs text-slate-500">{t('previewHelp', { shown: rows.length, total: info.totalRows })}</p>
      </div>
      {preview.isPending && <p className="p-4 text-sm text-slate-500">{t('checking')}</p>}
      {preview.error && (
        <p className="m-4 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="import-preview-error">
          {preview.error.message}
          {Object.values(fieldErrorsOf(preview.error)).length > 0 && <span className="block text-xs">{Object.values(fieldErrorsOf(preview.error)).join('；')}</span>}
        </p>
      )}
      {preview.data && (
        <>
          <p className={`mx-4 mt-3 rounded-md p-2 text-sm ${bad ? 'bg-amber-50 text-amber-800' : 'bg-emerald-50 text-emerald-700'}`} data-testid="import-preview-summary">
            {bad ? t('previewSomeBad', { bad, shown: rows.length }) : t('previewAllGood', { shown: rows.length })}
          </p>
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[48rem] text-sm">
              <thead>
                <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                  <th className="px-3 py-2 font-medium">{t('colRow')}</th>
                  <th className="px-3 py-2 font-medium">{t('colAction')}</th>
                  {columns.map((h) => (
                    <th key={h} className="px-3 py-2 font-medium whitespace-nowrap">
                      {labelOf(h)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const badFields = new Set(r.problems.map((p) => p.field));
                  return (
                    <tr key={r.rowNumber} className={`border-b border-slate-100 align-top ${r.problems.length ? 'bg-red-50/40' : ''}`} data-testid={`import-preview-row-${r.rowNumber}`}>
                      <td className="px-3 py-2 text-xs text-slate-500 tabular-nums">{r.rowNumber}</td>
                      <td className="px-3 py-2">
                        <ActionBadge action={r.action} />
                        {r.problems.map((p, i) => (
                          <p key={i} className="mt-1 max-w-[18rem] text-xs text-red-700">
                            {p.column ? `${p.column}：` : ''}
                            {p.message}
                          </p>
                        ))}
                      </td>
                      {columns.map((h) => (
                        <td key={h} className={`max-w-[14rem] truncate px-3 py-2 ${badFields.has(mapping[h]!) ? 'font-medium text-red-700' : ''}`}>
                          {r.values[mapping[h]!] ?? ''}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="border-t border-slate-100 p-4">
        <p className="mb-3 text-xs text-slate-500">{t('startNote')}</p>
        {props.startError && (
          <p className="mb-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
            {props.startError}
          </p>
        )}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
          <button type="button" className="btn-secondary" onClick={props.onBack} data-testid="import-back">
            {t('backToMapping')}
          </button>
          <button type="button" className="btn-primary" onClick={props.onStart} disabled={!preview.data || props.starting} data-testid="import-start">
            {props.starting ? t('starting') : t('start', { rows: info.totalRows })}
          </button>
        </div>
      </div>
    </section>
  );
}

function ActionBadge({ action }: { action: 'create' | 'update' | 'duplicate' | null }) {
  const t = useT('imports.ui');
  const style = action === 'create' ? 'bg-emerald-50 text-emerald-700' : action === 'update' ? 'bg-brand-50 text-brand-700' : action === 'duplicate' ? 'bg-amber-50 text-amber-800' : 'bg-red-50 text-red-700';
  return <span className={`badge whitespace-nowrap ${style}`}>{t(`action.${action ?? 'invalid'}`)}</span>;
}

// ---------------------------------------------------------------------------------------------
// Step 4: progress
// ---------------------------------------------------------------------------------------------

function ProgressStep({ job }: { job: Job }) {
  const t = useT('imports.ui');
  const f = useFormat();
  const [asking, setAsking] = useState(false);
  const utils = trpc.useUtils();
  const cancel = trpc.imports.cancel.useMutation({
    onSuccess: async () => {
      setAsking(false);
      await utils.imports.get.invalidate({ id: job.id });
    },
  });
  const { percent, step } = job.progress;
  return (
    <div className="space-y-4">
      <StepBar current="run" />
      <section className="card space-y-4 p-5" data-testid="import-progress">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-base font-semibold">{job.cancelRequested ? t('cancelling') : t(`progressStep.${step}`)}</h2>
          <StatusBadge status={job.status} />
        </div>
        <div
          className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label={t('progressLabel')}
          data-testid="import-progress-bar"
        >
          <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${percent}%` }} />
        </div>
        <p className="text-sm text-slate-600 tabular-nums" data-testid="import-progress-text">
          {t('progressText', { percent, total: f.number(job.totalRows) })}
        </p>
        <p className="text-xs text-slate-500">{t('progressNote')}</p>
        <div className="flex justify-end">
          <button type="button" className="btn-danger" onClick={() => setAsking(true)} disabled={job.cancelRequested} data-testid="import-cancel">
            {t('cancelImport')}
          </button>
        </div>
      </section>
      <ConfirmDialog
        open={asking}
        title={t('cancelTitle')}
        confirmLabel={t('cancelImport')}
        danger
        pending={cancel.isPending}
        error={cancel.error?.message ?? null}
        onConfirm={() => cancel.mutate({ id: job.id })}
        onCancel={() => setAsking(false)}
        testId="import-cancel-confirm"
      >
        <p>{t('cancelBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Step 5: result
// ---------------------------------------------------------------------------------------------

function ResultStep({ job }: { job: Job }) {
  const t = useT('imports.ui');
  const f = useFormat();
  const problems = trpc.imports.problems.useQuery({ id: job.id, limit: 50 }, { enabled: job.status === 'completed' && job.failedRows > 0 });
  const list = LISTS[job.entity];
  return (
    <div className="space-y-4">
      <StepBar current="result" />
      <section className="card space-y-4 p-5" data-testid="import-result" data-status={job.status}>
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-base font-semibold">{t(`resultTitle.${job.status}`)}</h2>
          <StatusBadge status={job.status} />
        </div>
        {job.status === 'completed' && (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Count label={t('countTotal')} value={f.number(job.totalRows)} testId="import-count-total" />
            <Count label={t('countCreated')} value={f.number(job.createdRows)} testId="import-count-created" tone="good" />
            <Count label={t('countUpdated')} value={f.number(job.updatedRows)} testId="import-count-updated" />
            <Count label={t('countFailed')} value={f.number(job.failedRows)} testId="import-count-failed" tone={job.failedRows ? 'bad' : undefined} />
          </dl>
        )}
        {job.status === 'failed' && (
          <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert" data-testid="import-failure">
            {job.error}
          </p>
        )}
        {job.status === 'cancelled' && <p className="text-sm text-slate-600">{t('cancelledBody')}</p>}
        <p className="text-xs text-slate-500">
          {job.finishedAt ? t('finishedAt', { at: f.dateTime(job.finishedAt), by: job.createdBy.name }) : null}
        </p>
        <div className="flex flex-wrap gap-2">
          {job.status === 'completed' && list && (
            <Link href={list} className="btn-secondary" data-testid="import-open-list">
              {t('openList')}
            </Link>
          )}
          <Link href="/imports/new" className="btn-primary" data-testid="import-another">
            {t('importAnother')}
          </Link>
        </div>
      </section>

      {job.status === 'completed' && job.failedRows > 0 && (
        <section className="card" data-testid="import-problems">
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
            <div>
              <h2 className="text-base font-semibold">{t('problemsTitle', { count: job.failedRows })}</h2>
              <p className="text-xs text-slate-500">{t('problemsHelp')}</p>
            </div>
            <a href={`/api/imports/${job.id}/report`} className="btn-secondary" download data-testid="import-report">
              {t('downloadReport')}
            </a>
          </div>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-sm">
              <thead>
                <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                  <th className="px-4 py-2 font-medium">{t('colRow')}</th>
                  <th className="px-4 py-2 font-medium">{t('colColumn')}</th>
                  <th className="px-4 py-2 font-medium">{t('colValue')}</th>
                  <th className="px-4 py-2 font-medium">{t('colProblem')}</th>
                </tr>
              </thead>
              <tbody>
                {(problems.data?.rows ?? []).flatMap((r) =>
                  r.problems.map((p, i) => (
                    <tr key={`${r.rowNumber}-${i}`} className="border-b border-slate-100 align-top last:border-0" data-testid={`import-problem-${r.rowNumber}`}>
                      <td className="px-4 py-2 tabular-nums">{r.rowNumber}</td>
                      <td className="px-4 py-2">{p.column}</td>
                      <td className="max-w-[12rem] truncate px-4 py-2 text-slate-600">{p.value}</td>
                      <td className="px-4 py-2 text-red-700">{p.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          {job.failedRows > 50 && <p className="px-4 py-2 text-xs text-slate-500">{t('problemsMore')}</p>}
        </section>
      )}
    </div>
  );
}

function Count({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: 'good' | 'bad' }) {
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-2xl font-semibold tabular-nums ${tone === 'good' ? 'text-emerald-700' : tone === 'bad' ? 'text-red-700' : ''}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
