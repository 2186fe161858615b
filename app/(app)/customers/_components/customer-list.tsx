'use client';

import { ExportButton } from '@/app/(app)/_exports/export-button';
import Link from 'next/link';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CustomerKind } from '@/server/db/entities/customer-enums';
import { HCP_TITLES, HOSPITAL_LEVELS, INSTITUTION_TYPES, LIFECYCLE_STAGES, PERSON_KINDS, TIERS } from '@/server/db/entities/customer-enums';
import type { CustomFieldView } from '@/server/services/customers/custom-field-admin';
import { INSTITUTION_COLUMNS, INSTITUTION_DEFAULT_COLUMNS, PERSON_COLUMNS, PERSON_DEFAULT_COLUMNS } from '@/server/services/customers/list-columns';
import type { CustomFilter, InstitutionFilters, ListSort, PeopleFilters } from '@/server/services/customers/list-input';
import type { Cell } from '@/server/services/customers/lists';
import type { SavedViewOut } from '@/server/services/customers/saved-views';
import { useFormat, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomerPicker, type Picked } from './customer-picker';
import { CustomFieldValue } from './custom-fields';
import { SavedViewsBar } from './saved-views-bar';
import { stageClass, tierClass, useLabels } from './labels';

export type Filters = PeopleFilters & InstitutionFilters;

export interface ListState {
  filters: Filters;
  columns: string[];
  sort: ListSort;
}

const PAGE_SIZE = 50;
const DEFAULT_SORT: ListSort = { field: 'name', dir: 'asc' };

export function defaultState(kind: CustomerKind): ListState {
  return { filters: {}, columns: [...(kind === 'person' ? PERSON_DEFAULT_COLUMNS : INSTITUTION_DEFAULT_COLUMNS)], sort: DEFAULT_SORT };
}

function viewState(v: SavedViewOut): ListState {
  return { filters: v.definition.filters as Filters, columns: v.definition.columns, sort: (v.definition.sort as ListSort | null) ?? DEFAULT_SORT };
}

/** Filters that narrow the list (the search box aside), for the badge on the filter button. */
function activeFilterCount(f: Filters): number {
  return Object.entries(f).filter(([k, v]) => k !== 'q' && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && v !== false).length + Math.max(0, (f.custom?.length ?? 0) - 1);
}

function clean(f: Filters): Filters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as Filters;
}

/**
 * The people or institution list: search, filters (custom fields included), sort, column
 * chooser, saved views, and "load more" paging. Cards on a phone, a table from `md` up. The state
 * survives leaving the page and coming back (session storage), so opening a record costs nothing.
 */
interface Props {
  kind: CustomerKind;
  fields: CustomFieldView[];
  territories: { id: string; label: string }[];
  initialViews: SavedViewOut[];
  /** Filters from the address (e.g. ?tier=A), which win over remembered state. */
  deepLink: Filters | null;
  canCreate: boolean;
  /** Holds customers.export: the list's current filters, sort and columns can be exported. */
  canExport: boolean;
}

const noSubscription = () => () => {};

/**
 * The people or institution list: search, filters (custom fields included), sort, column
 * chooser, saved views, and "load more" paging. Cards on a phone, a table from `md` up. The state
 * survives leaving the page and coming back (session storage), so opening a record costs nothing;
 * that is why the list renders in the browser only.
 */
export function CustomerList(props: Props) {
  const t = useT('customers');
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  if (!inBrowser) return <p className="card p-6 text-center text-sm text-slate-500">{t('list.loading')}</p>;
  return <ListBody {...props} />;
}

/** Where the list starts: a deep link, else where the user left it, else their default view. */
function startingPoint(kind: CustomerKind, storageKey: string, deepLink: Filters | null, views: SavedViewOut[]): { state: ListState; viewId: string | null } {
  if (deepLink) return { state: { ...defaultState(kind), filters: deepLink }, viewId: null };
  try {
    const saved = sessionStorage.getItem(storageKey);
    if (saved) return JSON.parse(saved) as { state: ListState; viewId: string | null };
  } catch {
    // unreadable: start fresh
  }
  const def = views.find((v) => v.isDefault);
  return def ? { state: viewState(def), viewId: def.id } : { state: defaultState(kind), viewId: null };
}

function ListBody({ kind, fields, territories, initialViews, deepLink, canCreate, canExport }: Props) {
  const t = useT('customers');
  const storageKey = `rapport:list:${kind}`;
  const [start] = useState(() => startingPoint(kind, storageKey, deepLink, initialViews));
  const [state, setState] = useState<ListState>(start.state);
  const [viewId, setViewId] = useState<string | null>(start.viewId);
  const [showFilters, setShowFilters] = useState(false);
  const [showColumns, setShowColumns] = useState(false);
  const [q, setQ] = useState(start.state.filters.q ?? '');

  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify({ state, viewId }));
  }, [state, viewId, storageKey]);

  // The search box applies after a short pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => {
      setState((s) => ((s.filters.q ?? '') === q.trim() ? s : { ...s, filters: clean({ ...s.filters, q: q.trim() || undefined }) }));
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const filters = useMemo(() => clean(state.filters), [state.filters]);
  const input = { filters, sort: state.sort, columns: state.columns, limit: PAGE_SIZE };
  const paging = { getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor, initialCursor: null as string | null };
  const people = trpc.customers.people.list.useInfiniteQuery(input as never, { ...paging, enabled: kind === 'person' });
  const institutions = trpc.customers.institutions.list.useInfiniteQuery(input as never, { ...paging, enabled: kind === 'institution' });
  const list = kind === 'person' ? people : institutions;
  const peopleCount = trpc.customers.people.count.useQuery({ filters } as never, { enabled: kind === 'person' });
  const institutionCount = trpc.customers.institutions.count.useQuery({ filters } as never, { enabled: kind === 'institution' });
  const count = (kind === 'person' ? peopleCount : institutionCount).data;
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];

  const apply = (next: Partial<ListState>) => setState((s) => ({ ...s, ...next, filters: clean(next.filters ?? s.filters) }));
  const nFilters = activeFilterCount(filters);

  return (
    <div className="space-y-3" data-testid={`${kind}-list`}>
      <div className="flex flex-wrap items-center gap-2">
        <input
          className="input min-w-0 basis-full sm:max-w-sm sm:flex-1 sm:basis-auto"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={kind === 'person' ? t('list.searchPeople') : t('list.searchInstitutions')}
          aria-label={t('list.search')}
          data-testid="list-search"
        />
        <button type="button" className={showFilters ? 'btn-primary' : 'btn-secondary'} onClick={() => setShowFilters((v) => !v)} aria-expanded={showFilters} data-testid="list-filters-toggle">
          {t('list.filters')}
          {nFilters > 0 && <span className="ml-1 rounded-full bg-white/80 px-1.5 text-xs text-brand-700">{nFilters}</span>}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setShowColumns((v) => !v)} aria-expanded={showColumns} data-testid="list-columns-toggle">
          {t('list.columns')}
        </button>
        <select
          className="input w-auto"
          value={`${state.sort.field}:${state.sort.dir}`}
          onChange={(e) => {
            const [field, dir] = e.target.value.split(':') as [ListSort['field'], ListSort['dir']];
            apply({ sort: { field, dir } });
          }}
          aria-label={t('list.sort')}
          data-testid="list-sort"
        >
          {(['name:asc', 'name:desc', 'createdAt:desc', 'createdAt:asc', 'updatedAt:desc'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`list.sortBy.${s.replace(':', '_')}`)}
            </option>
          ))}
        </select>
        {canExport && <ExportButton entity={kind} filters={filters} sort={state.sort} columns={state.columns} className="btn-secondary ml-auto" />}
        {canCreate && (
          <Link href={`/customers/${kind === 'person' ? 'people' : 'institutions'}/new`} className={`btn-primary ${canExport ? '' : 'ml-auto'}`} data-testid="list-new">
            {kind === 'person' ? t('list.newPerson') : t('list.newInstitution')}
          </Link>
        )}
      </div>

      <SavedViewsBar
        kind={kind}
        initialViews={initialViews}
        current={{ filters, columns: state.columns, sort: state.sort }}
        viewId={viewId}
        onOpen={(view) => {
          setViewId(view?.id ?? null);
          const next = view ? viewState(view) : defaultState(kind);
          setState(next);
          setQ(next.filters.q ?? '');
        }}
        onSaved={(id) => setViewId(id)}
      />

      {showFilters && (
        <FilterPanel
          kind={kind}
          fields={fields}
          territories={territories}
          filters={state.filters}
          onChange={(f) => apply({ filters: { ...f, q: state.filters.q } })}
          onClear={() => apply({ filters: { q: state.filters.q } })}
        />
      )}
      {showColumns && <ColumnChooser kind={kind} fields={fields} columns={state.columns} onChange={(columns) => apply({ columns })} />}

      <div className="flex items-baseline justify-between text-sm text-slate-500">
        <span data-testid="list-count">
          {count ? (count.capped ? t('list.countCapped', { count: count.count }) : t('list.count', { count: count.count })) : t('list.counting')}
        </span>
        {filters.archived && <span className="badge bg-slate-200 text-slate-700">{t('list.showingArchived')}</span>}
      </div>

      {list.error && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert">
          {list.error.message}
        </p>
      )}
      <ResultTable kind={kind} fields={fields} columns={state.columns} rows={rows} loading={list.isLoading} />
      {list.hasNextPage && (
        <div className="flex justify-center">
          <button type="button" className="btn-secondary min-w-40" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} data-testid="list-more">
            {list.isFetchingNextPage ? t('list.loading') : t('list.more')}
          </button>
        </div>
      )}
    </div>
  );
}

function columnLabel(t: (k: string) => string, l: ReturnType<typeof useLabels>, fields: CustomFieldView[], c: string): string {
  if (c.startsWith('custom.')) {
    const def = fields.find((d) => `custom.${d.key}` === c);
    return def ? l.field(def) : c;
  }
  return t(`columns.${c}`);
}

function ResultTable({ kind, fields, columns, rows, loading }: { kind: CustomerKind; fields: CustomFieldView[]; columns: string[]; rows: { id: string; name: string; archived: boolean; cells: Record<string, Cell> }[]; loading: boolean }) {
  const t = useT('customers');
  const l = useLabels();
  const shown = columns.filter((c) => !c.startsWith('custom.') || fields.some((d) => `custom.${d.key}` === c));
  const base = kind === 'person' ? '/customers/people' : '/customers/institutions';
  if (loading) return <p className="card p-6 text-center text-sm text-slate-500">{t('list.loading')}</p>;
  if (!rows.length) return <p className="card p-6 text-center text-sm text-slate-500" data-testid="list-empty">{t('list.empty')}</p>;
  return (
    <>
      {/* Phone: one card per customer, the first chosen columns underneath the name. */}
      <ul className="space-y-2 md:hidden" data-testid="list-cards">
        {rows.map((r) => {
          const phone = (r.cells.mobile ?? r.cells.phone) as string | null | undefined;
          const details = shown.filter((c) => !['tier', 'mobile', 'phone'].includes(c) && r.cells[c] !== null && r.cells[c] !== undefined && r.cells[c] !== '').slice(0, 4);
          return (
            <li key={r.id} className="card flex items-start gap-3 p-3" data-testid={`card-${r.id}`}>
              <Link href={`${base}/${r.id}`} className="min-w-0 flex-1">
                <div className="flex items-center gap-2">
                  <span className="truncate font-medium text-slate-900">{r.name}</span>
                  {shown.includes('tier') && <span className={`badge ${tierClass(r.cells.tier as string | null)}`}>{l.tier(r.cells.tier as string | null)}</span>}
                  {r.archived && <span className="badge bg-slate-200 text-slate-600">{t('archived')}</span>}
                </div>
                <div className="mt-0.5 text-xs text-slate-500">
                  {details.map((c) => (
                    <span key={c} className="mr-2 inline-block">
                      <CellValue column={c} value={r.cells[c] ?? null} fields={fields} plain />
                    </span>
                  ))}
                </div>
              </Link>
              {phone && (
                <a href={`tel:${phone.replace(/\s/g, '')}`} className="btn-secondary shrink-0 px-2.5" aria-label={t('call', { phone })}>
                  {t('callShort')}
                </a>
              )}
            </li>
          );
        })}
      </ul>
      <div className="card hidden overflow-x-auto md:block">
        <table className="w-full text-sm" data-testid="list-table">
          <thead className="border-b border-slate-100 text-left text-xs font-medium text-slate-500">
            <tr>
              <th className="px-3 py-2">{t('columns.name')}</th>
              {shown.map((c) => (
                <th key={c} className="px-3 py-2 whitespace-nowrap">
                  {columnLabel(t, l, fields, c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id} className="hover:bg-slate-50" data-testid={`row-${r.id}`}>
                <td className="px-3 py-2 font-medium whitespace-nowrap">
                  <Link href={`${base}/${r.id}`} className="text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                  {r.archived && <span className="ml-2 badge bg-slate-200 text-slate-600">{t('archived')}</span>}
                </td>
                {shown.map((c) => (
                  <td key={c} className="max-w-64 truncate px-3 py-2 text-slate-700">
                    <CellValue column={c} value={r.cells[c] ?? null} fields={fields} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CellValue({ column, value, fields, plain }: { column: string; value: Cell; fields: CustomFieldView[]; plain?: boolean }) {
  const l = useLabels();
  const f = useFormat();
  if (column.startsWith('custom.')) {
    const def = fields.find((d) => `custom.${d.key}` === column);
    return def ? <CustomFieldValue def={def} value={value as never} /> : null;
  }
  if (value === null || value === undefined || value === '') return plain ? null : <span className="text-slate-300">—</span>;
  if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    if (column === 'institution' || column === 'parent') {
      return plain ? <>{value.name}</> : (
        <Link className="hover:underline" href={`/customers/institutions/${value.id}`}>
          {value.name}
        </Link>
      );
    }
    return <>{value.name}</>;
  }
  switch (column) {
    case 'tier':
      return <span className={`badge ${tierClass(value as string)}`}>{l.tier(value as string)}</span>;
    case 'stage':
      return plain ? <>{l.stage(value as string)}</> : <span className={`badge ${stageClass(value as string)}`}>{l.stage(value as string)}</span>;
    case 'title':
      return <>{l.title(value as string)}</>;
    case 'kind':
      return <>{l.personKind(value as string)}</>;
    case 'gender':
      return <>{l.gender(value as string)}</>;
    case 'type':
      return <>{l.institutionType(value as string)}</>;
    case 'hospitalLevel':
      return <>{l.hospitalLevel(value as string)}</>;
    case 'createdAt':
    case 'updatedAt':
      return <>{f.date(value as Date)}</>;
    case 'mobile':
    case 'phone':
      return plain ? <>{String(value)}</> : <a href={`tel:${String(value).replace(/\s/g, '')}`}>{String(value)}</a>;
    default:
      return <>{String(value)}</>;
  }
}

function ColumnChooser({ kind, fields, columns, onChange }: { kind: CustomerKind; fields: CustomFieldView[]; columns: string[]; onChange: (c: string[]) => void }) {
  const t = useT('customers');
  const l = useLabels();
  const all = [...(kind === 'person' ? PERSON_COLUMNS : INSTITUTION_COLUMNS), ...fields.map((d) => `custom.${d.key}`)];
  const toggle = (c: string, on: boolean) => onChange(all.filter((x) => (x === c ? on : columns.includes(x))));
  return (
    <fieldset className="card p-3" data-testid="list-columns">
      <legend className="sr-only">{t('list.columns')}</legend>
      <div className="mb-2 flex items-center justify-between text-xs text-slate-500">
        <span>{t('list.columnsHint')}</span>
        <button type="button" className="text-brand-700 hover:underline" onClick={() => onChange(defaultState(kind).columns)}>
          {t('list.columnsReset')}
        </button>
      </div>
      <div className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3 lg:grid-cols-5">
        {all.map((c) => (
          <label key={c} className="flex min-h-8 items-center gap-2 text-sm">
            <input type="checkbox" checked={columns.includes(c)} onChange={(e) => toggle(c, e.target.checked)} data-testid={`column-${c}`} />
            {columnLabel(t, l, fields, c)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Chips<T extends string>({ options, value, label, onChange, testId }: { options: readonly T[]; value: T[] | undefined; label: (v: T) => string; onChange: (v: T[]) => void; testId: string }) {
  const chosen = value ?? [];
  return (
    <div className="flex flex-wrap gap-1.5" data-testid={testId}>
      {options.map((o) => {
        const on = chosen.includes(o);
        return (
          <button
            key={o}
            type="button"
            aria-pressed={on}
            className={`min-h-8 rounded-full border px-3 text-sm ${on ? 'border-brand-600 bg-brand-50 text-brand-700' : 'border-slate-300 bg-white text-slate-700'}`}
            onClick={() => onChange(on ? chosen.filter((x) => x !== o) : [...chosen, o])}
          >
            {label(o)}
          </button>
        );
      })}
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div className="mb-1 text-xs font-medium text-slate-500">{label}</div>
      {children}
    </div>
  );
}

function FilterPanel({
  kind,
  fields,
  territories,
  filters,
  onChange,
  onClear,
}: {
  kind: CustomerKind;
  fields: CustomFieldView[];
  territories: { id: string; label: string }[];
  filters: Filters;
  onChange: (f: Filters) => void;
  onClear: () => void;
}) {
  const t = useT('customers');
  const l = useLabels();
  const [institution, setInstitution] = useState<Picked | null>(filters.institutionId ? { id: filters.institutionId, name: t('list.chosenInstitution') } : null);
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const filterable = fields.filter((d) => !d.sensitive);
  const custom = filters.custom ?? [];
  return (
    <section className="card space-y-4 p-3" data-testid="list-filter-panel">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={t('filters.territory')}>
          <select className="input" value={filters.territoryId ?? ''} onChange={(e) => set({ territoryId: e.target.value || undefined })} data-testid="filter-territory">
            <option value="">{t('filters.any')}</option>
            {territories.map((tt) => (
              <option key={tt.id} value={tt.id}>
                {tt.label}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'person' ? (
          <Field label={t('filters.institution')}>
            <CustomerPicker
              kind="institution"
              value={institution}
              onChange={(v) => {
                setInstitution(v);
                set({ institutionId: v?.id, departmentId: undefined });
              }}
              testId="filter-institution"
            />
          </Field>
        ) : (
          <div className="grid grid-cols-2 gap-2">
            <Field label={t('filters.province')}>
              <input className="input" value={filters.province ?? ''} maxLength={50} onChange={(e) => set({ province: e.target.value || undefined })} data-testid="filter-province" />
            </Field>
            <Field label={t('filters.city')}>
              <input className="input" value={filters.city ?? ''} maxLength={50} onChange={(e) => set({ city: e.target.value || undefined })} data-testid="filter-city" />
            </Field>
          </div>
        )}
        <Field label={t('filters.tier')}>
          <Chips options={[...TIERS, 'none'] as const} value={filters.tier} label={(v) => l.tier(v === 'none' ? null : v)} onChange={(v) => set({ tier: v })} testId="filter-tier" />
        </Field>
        <Field label={t('filters.stage')}>
          <Chips options={LIFECYCLE_STAGES} value={filters.stage} label={l.stage} onChange={(v) => set({ stage: v })} testId="filter-stage" />
        </Field>
        {kind === 'person' ? (
          <>
            <Field label={t('filters.title')}>
              <Chips options={HCP_TITLES} value={filters.title} label={l.title} onChange={(v) => set({ title: v })} testId="filter-title" />
            </Field>
            <Field label={t('filters.kind')}>
              <Chips options={PERSON_KINDS} value={filters.kind} label={l.personKind} onChange={(v) => set({ kind: v })} testId="filter-kind" />
            </Field>
          </>
        ) : (
          <>
            <Field label={t('filters.type')}>
              <Chips options={INSTITUTION_TYPES} value={filters.type} label={l.institutionType} onChange={(v) => set({ type: v })} testId="filter-type" />
            </Field>
            <Field label={t('filters.hospitalLevel')}>
              <Chips options={HOSPITAL_LEVELS} value={filters.hospitalLevel} label={l.hospitalLevel} onChange={(v) => set({ hospitalLevel: v })} testId="filter-level" />
            </Field>
          </>
        )}
        <Field label={t('filters.created')}>
          <div className="flex items-center gap-2">
            <input className="input" type="date" value={filters.createdFrom ?? ''} onChange={(e) => set({ createdFrom: e.target.value || undefined })} aria-label={t('filters.from')} data-testid="filter-created-from" />
            <span className="text-slate-400">–</span>
            <input className="input" type="date" value={filters.createdTo ?? ''} onChange={(e) => set({ createdTo: e.target.value || undefined })} aria-label={t('filters.to')} data-testid="filter-created-to" />
          </div>
        </Field>
        <Field label={t('filters.status')}>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" checked={!!filters.archived} onChange={(e) => set({ archived: e.target.checked || undefined })} data-testid="filter-archived" />
            {t('filters.archivedOnly')}
          </label>
        </Field>
      </div>

      {filterable.length > 0 && (
        <div className="space-y-2 border-t border-slate-100 pt-3">
          <div className="text-xs font-medium text-slate-500">{t('filters.customTitle')}</div>
          {custom.map((cf, i) => {
            const def = filterable.find((d) => d.key === cf.key);
            if (!def) return null;
            return (
              <CustomFilterEditor
                key={cf.key}
                def={def}
                value={cf}
                onChange={(v) => set({ custom: custom.map((x, j) => (j === i ? v : x)) })}
                onRemove={() => set({ custom: custom.filter((_, j) => j !== i) })}
              />
            );
          })}
          <select
            className="input w-auto"
            value=""
            onChange={(e) => e.target.value && set({ custom: [...custom, { key: e.target.value }] })}
            data-testid="filter-custom-add"
            aria-label={t('filters.addCustom')}
          >
            <option value="">{t('filters.addCustom')}</option>
            {filterable
              .filter((d) => !custom.some((c) => c.key === d.key))
              .map((d) => (
                <option key={d.key} value={d.key}>
                  {l.field(d)}
                </option>
              ))}
          </select>
        </div>
      )}
      <div className="flex justify-end">
        <button type="button" className="btn-secondary" onClick={onClear} data-testid="filter-clear">
          {t('filters.clear')}
        </button>
      </div>
    </section>
  );
}

/** The value filter that fits a custom field's type. */
function CustomFilterEditor({ def, value, onChange, onRemove }: { def: CustomFieldView; value: CustomFilter; onChange: (v: CustomFilter) => void; onRemove: () => void }) {
  const t = useT('customers');
  const l = useLabels();
  const num = (s: string) => (s === '' ? undefined : Number(s));
  let editor: React.ReactNode;
  switch (def.type) {
    case 'number':
    case 'money':
      editor = (
        <div className="flex items-center gap-2">
          <input className="input w-28" type="number" inputMode="decimal" placeholder={t('filters.min')} value={value.min ?? ''} onChange={(e) => onChange({ ...value, min: num(e.target.value) })} />
          <span className="text-slate-400">–</span>
          <input className="input w-28" type="number" inputMode="decimal" placeholder={t('filters.max')} value={value.max ?? ''} onChange={(e) => onChange({ ...value, max: num(e.target.value) })} />
        </div>
      );
      break;
    case 'date':
      editor = (
        <div className="flex items-center gap-2">
          <input className="input" type="date" value={value.from ?? ''} onChange={(e) => onChange({ ...value, from: e.target.value || undefined })} aria-label={t('filters.from')} />
          <span className="text-slate-400">–</span>
          <input className="input" type="date" value={value.to ?? ''} onChange={(e) => onChange({ ...value, to: e.target.value || undefined })} aria-label={t('filters.to')} />
        </div>
      );
      break;
    case 'select':
    case 'multiselect':
      editor = (
        <Chips
          options={def.options.filter((o) => !o.archived).map((o) => o.value)}
          value={value.values}
          label={(v) => l.option(def, v)}
          onChange={(v) => onChange({ ...value, values: v.length ? v : undefined })}
          testId={`filter-custom-${def.key}`}
        />
      );
      break;
    case 'boolean':
      editor = (
        <select className="input w-auto" value={value.bool === undefined ? '' : String(value.bool)} onChange={(e) => onChange({ ...value, bool: e.target.value === '' ? undefined : e.target.value === 'true' })}>
          <option value="">{t('filters.any')}</option>
          <option value="true">{t('filters.yes')}</option>
          <option value="false">{t('filters.no')}</option>
        </select>
      );
      break;
    default:
      editor = <input className="input" placeholder={t('filters.contains')} maxLength={200} value={value.text ?? ''} onChange={(e) => onChange({ ...value, text: e.target.value || undefined })} data-testid={`filter-custom-${def.key}`} />;
  }
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-2">
      <span className="min-w-24 text-sm font-medium text-slate-700">{l.field(def)}</span>
      <div className="min-w-0 flex-1">{editor}</div>
      <button type="button" className="text-sm text-slate-500 hover:text-red-700" onClick={onRemove} aria-label={t('filters.remove')}>
        ✕
      </button>
    </div>
  );
}
