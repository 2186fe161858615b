'use client';

import type { CustomFieldView } from '@/server/services/customers/custom-field-admin';
import { useFormat, useT } from '@/app/_lib/i18n';
import { useLabels } from './labels';

export type CustomValue = string | number | boolean | string[] | null;

const MASK = '******';

/** A stored custom value, shown the way its type reads best. */
export function CustomFieldValue({ def, value }: { def: CustomFieldView; value: CustomValue | undefined }) {
  const t = useT('customFields');
  const f = useFormat();
  const l = useLabels();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return <span className="text-slate-400">—</span>;
  if (value === MASK) return <span className="font-mono tracking-wider text-slate-500">{MASK}</span>;
  switch (def.type) {
    case 'money':
      return <>{typeof value === 'number' ? f.money(value) : String(value)}</>;
    case 'number':
      return <>{typeof value === 'number' ? f.number(value) : String(value)}</>;
    case 'date':
      return <>{typeof value === 'string' ? f.date(`${value}T00:00:00`) : String(value)}</>;
    case 'boolean':
      return <>{value === true ? t('yes') : value === false ? t('no') : String(value)}</>;
    case 'select':
      return <>{l.option(def, String(value))}</>;
    case 'multiselect':
      return <>{(Array.isArray(value) ? value : [String(value)]).map((v) => l.option(def, v)).join('、')}</>;
    case 'url':
      return (
        <a className="break-all text-brand-700 underline" href={String(value)} target="_blank" rel="noreferrer noopener">
          {String(value)}
        </a>
      );
    case 'phone':
      return (
        <a className="text-brand-700" href={`tel:${String(value).replace(/\s/g, '')}`}>
          {String(value)}
        </a>
      );
    case 'email':
      return (
        <a className="break-all text-brand-700" href={`mailto:${String(value)}`}>
          {String(value)}
        </a>
      );
    default:
      return <span className="whitespace-pre-wrap">{String(value)}</span>;
  }
}

/**
 * The input for one custom field. Sensitive fields never show their stored value: the box starts
 * empty and only what the user types replaces it.
 */
export function CustomFieldInput({
  def,
  value,
  onChange,
  error,
  storedSensitive,
}: {
  def: CustomFieldView;
  value: CustomValue | undefined;
  onChange: (v: CustomValue) => void;
  error?: string;
  /** A sensitive value is already stored (edit form). */
  storedSensitive?: boolean;
}) {
  const t = useT('customFields');
  const l = useLabels();
  const id = `cf-${def.key}`;
  const label = (
    <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
      {l.field(def)}
      {def.required && <span className="ml-0.5 text-red-600">*</span>}
      {def.sensitive && <span className="ml-2 badge bg-slate-100 text-slate-600">{t('sensitiveBadge')}</span>}
    </label>
  );
  const options = def.options.filter((o) => !o.archived || (Array.isArray(value) ? value.includes(o.value) : value === o.value));
  const common = { id, 'data-testid': `custom-input-${def.key}`, 'aria-invalid': error ? true : undefined } as const;
  let control: React.ReactNode;
  switch (def.type) {
    case 'longtext':
      control = <textarea {...common} className="input min-h-20" value={typeof value === 'string' ? value : ''} maxLength={5000} onChange={(e) => onChange(e.target.value)} placeholder={storedSensitive ? t('sensitiveKeep') : undefined} />;
      break;
    case 'number':
    case 'money':
      control = (
        <input
          {...common}
          className="input"
          type="number"
          inputMode="decimal"
          step={def.type === 'money' ? '0.01' : 'any'}
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          placeholder={storedSensitive ? t('sensitiveKeep') : def.type === 'money' ? '¥' : undefined}
        />
      );
      break;
    case 'date':
      control = <input {...common} className="input" type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || null)} />;
      break;
    case 'boolean':
      control = (
        <select {...common} className="input" value={value === true ? 'true' : value === false ? 'false' : ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value === 'true')}>
          <option value="">{storedSensitive ? t('sensitiveKeep') : t('unset')}</option>
          <option value="true">{t('yes')}</option>
          <option value="false">{t('no')}</option>
        </select>
      );
      break;
    case 'select':
      control = (
        <select {...common} className="input" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">{storedSensitive ? t('sensitiveKeep') : t('unset')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {l.option(def, o.value)}
            </option>
          ))}
        </select>
      );
      break;
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : [];
      control = (
        <div {...common} className="flex flex-wrap gap-2" role="group">
          {options.map((o) => (
            <label key={o.value} className="inline-flex min-h-9 items-center gap-1.5 rounded-md border border-slate-200 px-2 text-sm">
              <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))} />
              {l.option(def, o.value)}
            </label>
          ))}
        </div>
      );
      break;
    }
    default:
      control = (
        <input
          {...common}
          className="input"
          type={def.type === 'email' ? 'email' : def.type === 'url' ? 'url' : def.type === 'phone' ? 'tel' : 'text'}
          inputMode={def.type === 'phone' ? 'tel' : undefined}
          maxLength={200}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
          placeholder={storedSensitive ? t('sensitiveKeep') : undefined}
        />
      );
  }
  return (
    <div>
      {label}
      {control}
      {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
    </div>
  );
}
