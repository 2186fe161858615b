'use client';

import { useState } from 'react';
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES, type CustomFieldEntity, type CustomFieldType } from '@/server/db/entities/customer-enums';
import type { CustomFieldView } from '@/server/services/customers/custom-field-admin';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useLocale, useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { useLabels } from '../../customers/_components/labels';

interface OptionDraft {
  value?: string;
  zh: string;
  en: string;
  archived: boolean;
}

const HAS_OPTIONS = new Set<CustomFieldType>(['select', 'multiselect']);

/**
 * Tenant-defined fields of people, institutions and interactions. The key never changes after
 * creation; archiving ("removing") hides a field but keeps every stored value, restoring shows it again.
 */
export function CustomFieldsAdmin({ initialPersonFields }: { initialPersonFields: CustomFieldView[] }) {
  const t = useT('customFields');
  const l = useLabels();
  const utils = trpc.useUtils();
  const [entity, setEntity] = useState<CustomFieldEntity>('person');
  const list = trpc.customers.customFields.adminList.useQuery({ entity }, { initialData: entity === 'person' ? initialPersonFields : undefined });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<CustomFieldView | null>(null);
  const refresh = () => utils.customers.customFields.adminList.invalidate({ entity });
  const reorder = trpc.customers.customFields.reorder.useMutation({ onSuccess: refresh });
  const archive = trpc.customers.customFields.archive.useMutation({
    onSuccess: async () => {
      setArchiving(null);
      await refresh();
    },
  });
  const restore = trpc.customers.customFields.restore.useMutation({ onSuccess: refresh });
  const fields = list.data ?? [];
  const active = fields.filter((f) => !f.archived);
  const archived = fields.filter((f) => f.archived);

  const move = (id: string, delta: -1 | 1) => {
    const ids = active.map((f) => f.id);
    const i = ids.indexOf(id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    reorder.mutate({ entity, ids });
  };

  return (
    <div className="space-y-4" data-testid="custom-fields-admin">
      <div className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1" role="tablist">
        {CUSTOM_FIELD_ENTITIES.map((e) => (
          <button
            key={e}
            type="button"
            role="tab"
            aria-selected={entity === e}
            className={`rounded-md px-3 py-1.5 text-sm ${entity === e ? 'bg-white font-medium shadow-sm' : 'text-slate-600'}`}
            onClick={() => {
              setEntity(e);
              setCreating(false);
              setEditing(null);
            }}
            data-testid={`cf-tab-${e}`}
          >
            {t(`entity.${e}`)}
          </button>
        ))}
      </div>

      <section className="card">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <h2 className="text-base font-semibold">{t('activeTitle', { count: active.length })}</h2>
          {!creating && (
            <button
              type="button"
              className="btn-primary"
              onClick={() => {
                setEditing(null);
                setCreating(true);
              }}
              data-testid="cf-new"
            >
              {t('new')}
            </button>
          )}
        </div>
        {creating && (
          <div className="border-b border-slate-100 p-4">
            <FieldForm entity={entity} onDone={() => setCreating(false)} />
          </div>
        )}
        {active.length === 0 && !creating && <p className="p-6 text-center text-sm text-slate-500">{t('empty')}</p>}
        <ul className="divide-y divide-slate-100" data-testid="cf-list">
          {active.map((f, i) => (
            <li key={f.id} className="px-4 py-3" data-testid={`cf-${f.key}`}>
              {editing === f.id ? (
                <FieldForm entity={entity} field={f} onDone={() => setEditing(null)} />
              ) : (
                <div className="flex flex-wrap items-start gap-3">
                  <div className="flex flex-col">
                    <button type="button" className="px-1 text-slate-400 hover:text-slate-700 disabled:opacity-30" onClick={() => move(f.id, -1)} disabled={i === 0 || reorder.isPending} aria-label={t('moveUp')} data-testid={`cf-up-${f.key}`}>
                      ▲
                    </button>
                    <button type="button" className="px-1 text-slate-400 hover:text-slate-700 disabled:opacity-30" onClick={() => move(f.id, 1)} disabled={i === active.length - 1 || reorder.isPending} aria-label={t('moveDown')}>
                      ▼
                    </button>
                  </div>
                  <FieldSummary field={f} />
                  <div className="ml-auto flex gap-3 text-sm">
                    <button
                      type="button"
                      className="text-brand-700 hover:underline"
                      onClick={() => {
                        setCreating(false);
                        setEditing(f.id);
                      }}
                      data-testid={`cf-edit-${f.key}`}
                    >
                      {t('edit')}
                    </button>
                    <button
                      type="button"
                      className="text-red-700 hover:underline"
                      onClick={() => {
                        archive.reset();
                        setArchiving(f);
                      }}
                      data-testid={`cf-archive-${f.key}`}
                    >
                      {t('archive')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>

      {archived.length > 0 && (
        <section className="card">
          <div className="border-b border-slate-100 px-4 py-3">
            <h2 className="text-base font-semibold">{t('archivedTitle', { count: archived.length })}</h2>
            <p className="text-xs text-slate-500">{t('archivedHint')}</p>
          </div>
          <ul className="divide-y divide-slate-100">
            {archived.map((f) => (
              <li key={f.id} className="flex flex-wrap items-start gap-3 px-4 py-3 opacity-80" data-testid={`cf-archived-${f.key}`}>
                <FieldSummary field={f} />
                <button type="button" className="ml-auto text-sm text-brand-700 hover:underline" onClick={() => restore.mutate({ id: f.id })} disabled={restore.isPending} data-testid={`cf-restore-${f.key}`}>
                  {t('restore')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(reorder.error ?? restore.error) && <p className="text-sm text-red-700">{(reorder.error ?? restore.error)!.message}</p>}

      <ConfirmDialog
        open={archiving !== null}
        title={t('archiveTitle', { label: archiving ? l.field(archiving) : '' })}
        confirmLabel={t('archive')}
        danger
        pending={archive.isPending}
        error={archive.error?.message}
        onCancel={() => setArchiving(null)}
        onConfirm={() => archiving && archive.mutate({ id: archiving.id })}
        testId="cf-archive-dialog"
      >
        <p>{t('archiveBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

function FieldSummary({ field: f }: { field: CustomFieldView }) {
  const t = useT('customFields');
  const l = useLabels();
  const locale = useLocale();
  return (
    <div className="min-w-0 flex-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{f.labelZh}</span>
        <span className="text-sm text-slate-500">{f.labelEn}</span>
        <span className="badge bg-slate-100 text-slate-600">{l.fieldType(f.type)}</span>
        {f.required && <span className="badge bg-amber-50 text-amber-800">{t('requiredBadge')}</span>}
        {f.sensitive && <span className="badge bg-red-50 text-red-700">{t('sensitiveBadge')}</span>}
      </div>
      <div className="mt-0.5 font-mono text-xs text-slate-400">{f.key}</div>
      {f.options.length > 0 && (
        <div className="mt-1 flex flex-wrap gap-1">
          {f.options.map((o) => (
            <span key={o.value} className={`badge ${o.archived ? 'bg-slate-50 text-slate-400 line-through' : 'bg-slate-100 text-slate-700'}`}>
              {o.label[locale]}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** Creates a field, or edits one's labels, required flag and options (key, type and sensitivity are fixed). */
function FieldForm({ entity, field, onDone }: { entity: CustomFieldEntity; field?: CustomFieldView; onDone: () => void }) {
  const t = useT('customFields');
  const l = useLabels();
  const utils = trpc.useUtils();
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [labelZh, setLabelZh] = useState(field?.labelZh ?? '');
  const [labelEn, setLabelEn] = useState(field?.labelEn ?? '');
  const [key, setKey] = useState('');
  const [required, setRequired] = useState(field?.required ?? false);
  const [sensitive, setSensitive] = useState(field?.sensitive ?? false);
  const [options, setOptions] = useState<OptionDraft[]>(() => field?.options.map((o) => ({ value: o.value, zh: o.label['zh-CN'], en: o.label.en, archived: !!o.archived })) ?? [{ zh: '', en: '', archived: false }]);
  const done = async () => {
    onDone();
    await utils.customers.customFields.adminList.invalidate({ entity });
  };
  const create = trpc.customers.customFields.create.useMutation({ onSuccess: done });
  const update = trpc.customers.customFields.update.useMutation({ onSuccess: done });
  const m = field ? update : create;
  const errors = fieldErrorsOf(m.error);
  const withOptions = HAS_OPTIONS.has(type);
  const optionPayload = options.filter((o) => o.zh.trim() && o.en.trim()).map((o) => ({ ...(o.value ? { value: o.value } : {}), label: { 'zh-CN': o.zh.trim(), en: o.en.trim() }, archived: o.archived }));

  return (
    <form
      className="space-y-3 rounded-md bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (field) update.mutate({ id: field.id, labelZh: labelZh.trim(), labelEn: labelEn.trim(), required, ...(withOptions ? { options: optionPayload } : {}) });
        else create.mutate({ entity, type, labelZh: labelZh.trim(), labelEn: labelEn.trim(), required, sensitive, options: withOptions ? optionPayload : [], ...(key.trim() ? { key: key.trim() } : {}) });
      }}
      data-testid="cf-form"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t('type')}</span>
          <select className="input" value={type} onChange={(e) => setType(e.target.value as CustomFieldType)} disabled={!!field} data-testid="cf-type">
            {CUSTOM_FIELD_TYPES.map((x) => (
              <option key={x} value={x}>
                {l.fieldType(x)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t('labelZh')}</span>
          <input className="input" value={labelZh} maxLength={100} onChange={(e) => setLabelZh(e.target.value)} data-testid="cf-label-zh" aria-invalid={errors.labelZh ? true : undefined} />
          {errors.labelZh && <span className="mt-1 block text-xs text-red-700">{errors.labelZh}</span>}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t('labelEn')}</span>
          <input className="input" value={labelEn} maxLength={100} onChange={(e) => setLabelEn(e.target.value)} data-testid="cf-label-en" aria-invalid={errors.labelEn ? true : undefined} />
          {errors.labelEn && <span className="mt-1 block text-xs text-red-700">{errors.labelEn}</span>}
        </label>
      </div>
      {!field && (
        <label className="block text-sm sm:w-1/2">
          <span className="mb-1 block font-medium text-slate-700">{t('key')}</span>
          <input className="input font-mono" value={key} maxLength={60} onChange={(e) => setKey(e.target.value.toLowerCase())} placeholder={t('keyPlaceholder')} data-testid="cf-key" />
          <span className={`mt-1 block text-xs ${errors.key ? 'text-red-700' : 'text-slate-500'}`}>{errors.key ?? t('keyHint')}</span>
        </label>
      )}
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} data-testid="cf-required" />
          {t('required')}
        </label>
        <label className="flex items-center gap-2" title={field ? t('sensitiveFixed') : undefined}>
          <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} disabled={!!field} data-testid="cf-sensitive" />
          {t('sensitive')}
        </label>
      </div>
      {sensitive && !field && <p className="text-xs text-slate-500">{t('sensitiveHint')}</p>}
      {withOptions && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t('options')}</legend>
          {options.map((o, i) => (
            <div key={i} className="flex flex-wrap items-center gap-2">
              <input className="input w-40" value={o.zh} maxLength={100} onChange={(e) => setOptions((list) => list.map((x, j) => (j === i ? { ...x, zh: e.target.value } : x)))} placeholder={t('optionZh')} aria-label={t('optionZh')} data-testid={`cf-option-zh-${i}`} />
              <input className="input w-40" value={o.en} maxLength={100} onChange={(e) => setOptions((list) => list.map((x, j) => (j === i ? { ...x, en: e.target.value } : x)))} placeholder={t('optionEn')} aria-label={t('optionEn')} data-testid={`cf-option-en-${i}`} />
              {o.value ? (
                <label className="flex items-center gap-1 text-xs text-slate-600">
                  <input type="checkbox" checked={o.archived} onChange={(e) => setOptions((list) => list.map((x, j) => (j === i ? { ...x, archived: e.target.checked } : x)))} />
                  {t('optionArchived')}
                </label>
              ) : (
                <button type="button" className="text-sm text-slate-500 hover:text-red-700" onClick={() => setOptions((list) => list.filter((_, j) => j !== i))} aria-label={t('optionRemove')}>
                  ✕
                </button>
              )}
            </div>
          ))}
          <button type="button" className="btn-secondary" onClick={() => setOptions((list) => [...list, { zh: '', en: '', archived: false }])} data-testid="cf-option-add">
            {t('optionAdd')}
          </button>
          {errors.options && <p className="text-xs text-red-700">{errors.options}</p>}
        </fieldset>
      )}
      {m.error && !Object.keys(errors).length && <p className="text-sm text-red-700">{m.error.message}</p>}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={m.isPending || !labelZh.trim() || !labelEn.trim()} data-testid="cf-save">
          {m.isPending ? t('saving') : t('save')}
        </button>
        <button type="button" className="btn-secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
