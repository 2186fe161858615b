'use client';

import type { CustomFieldType } from '@/server/db/entities/custom-field.entity';
import { useLocale, useT } from '@/app/_lib/i18n';
import { Chip, Field } from './ui';

export interface CustomFieldDef {
  key: string;
  type: CustomFieldType;
  labelZh: string;
  labelEn: string;
  required: boolean;
  sensitive: boolean;
  options: { value: string; label: { 'zh-CN': string; en: string } }[];
}

export type CustomValue = string | number | boolean | string[] | null;

/**
 * Inputs for the tenant's own fields on a work form. Values are sent as typed; the server checks
 * them against the same definitions. Sensitive values arrive masked and are sent only if changed.
 */
export function CustomFieldInputs({
  defs,
  values,
  onChange,
  errors,
}: {
  defs: CustomFieldDef[];
  values: Record<string, CustomValue>;
  onChange: (key: string, value: CustomValue) => void;
  errors: Record<string, string>;
}) {
  const locale = useLocale();
  const t = useT('work');
  if (!defs.length) return null;
  return (
    <div className="grid gap-3 sm:grid-cols-2" data-testid="custom-fields">
      {defs.map((def) => {
        const label = `${locale === 'zh-CN' ? def.labelZh : def.labelEn}${def.required ? ' *' : ''}`;
        const value = values[def.key] ?? null;
        const id = `custom-${def.key}`;
        const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
        const set = (v: CustomValue) => onChange(def.key, v === '' ? null : v);
        let input: React.ReactNode;
        switch (def.type) {
          case 'longtext':
            input = <textarea id={id} className="input min-h-20" value={text} onChange={(e) => set(e.target.value)} maxLength={5000} />;
            break;
          case 'number':
          case 'money':
            input = <input id={id} className="input" inputMode="decimal" value={text} onChange={(e) => set(e.target.value)} />;
            break;
          case 'date':
            input = <input id={id} type="date" className="input" value={text} onChange={(e) => set(e.target.value)} />;
            break;
          case 'select':
            input = (
              <select id={id} className="input" value={text} onChange={(e) => set(e.target.value)}>
                <option value="">{t('none')}</option>
                {def.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label[locale]}
                  </option>
                ))}
              </select>
            );
            break;
          case 'multiselect': {
            const chosen = Array.isArray(value) ? value : [];
            input = (
              <div className="flex flex-wrap gap-2">
                {def.options.map((o) => (
                  <Chip key={o.value} on={chosen.includes(o.value)} onClick={() => set(chosen.includes(o.value) ? chosen.filter((v) => v !== o.value) : [...chosen, o.value])}>
                    {o.label[locale]}
                  </Chip>
                ))}
              </div>
            );
            break;
          }
          case 'boolean':
            input = (
              <div className="flex gap-2">
                <Chip on={value === true} onClick={() => set(value === true ? null : true)}>
                  {t('yes')}
                </Chip>
                <Chip on={value === false} onClick={() => set(value === false ? null : false)}>
                  {t('no')}
                </Chip>
              </div>
            );
            break;
          default:
            input = (
              <input
                id={id}
                className="input"
                type={def.type === 'email' ? 'email' : def.type === 'url' ? 'url' : def.type === 'phone' ? 'tel' : 'text'}
                value={text}
                onChange={(e) => set(e.target.value)}
                maxLength={200}
              />
            );
        }
        return (
          <Field key={def.key} label={label} error={errors[`custom.${def.key}`]} className={def.type === 'longtext' ? 'sm:col-span-2' : ''}>
            {input}
          </Field>
        );
      })}
    </div>
  );
}
