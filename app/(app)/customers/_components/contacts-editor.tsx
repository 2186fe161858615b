'use client';

import { CONTACT_KINDS, type ContactKind } from '@/server/db/entities/customer-enums';
import { useT } from '@/app/_lib/i18n';
import { CodeOptions } from './form-ui';
import { useLabels } from './labels';

export interface ContactDraft {
  kind: ContactKind;
  value: string;
  label: string;
}

/** Phones, email, WeChat and other channels, as many as needed; the first of each kind is the main one. */
export function ContactsEditor({ value, onChange, errors, defaultKind }: { value: ContactDraft[]; onChange: (v: ContactDraft[]) => void; errors: Record<string, string>; defaultKind: ContactKind }) {
  const t = useT('customers');
  const l = useLabels();
  const set = (i: number, patch: Partial<ContactDraft>) => onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const inputType = (k: ContactKind) => (k === 'email' ? 'email' : k === 'mobile' || k === 'phone' ? 'tel' : k === 'website' ? 'url' : 'text');
  return (
    <div className="space-y-2 sm:col-span-2" data-testid="contacts-editor">
      {value.map((c, i) => (
        <div key={i} className="grid grid-cols-[7rem_minmax(0,1fr)_auto] gap-2 sm:grid-cols-[8rem_minmax(0,1fr)_10rem_auto]">
          <select className="input" value={c.kind} onChange={(e) => set(i, { kind: e.target.value as ContactKind })} aria-label={t('form.contactKind')} data-testid={`contact-kind-${i}`}>
            <CodeOptions codes={CONTACT_KINDS} label={l.contactKind} />
          </select>
          <div>
            <input
              className="input"
              type={inputType(c.kind)}
              inputMode={c.kind === 'mobile' || c.kind === 'phone' ? 'tel' : undefined}
              value={c.value}
              maxLength={254}
              onChange={(e) => set(i, { value: e.target.value })}
              aria-label={t('form.contactValue')}
              aria-invalid={errors[`contacts.${i}.value`] ? true : undefined}
              data-testid={`contact-value-${i}`}
            />
            {errors[`contacts.${i}.value`] && <p className="mt-1 text-xs text-red-700">{errors[`contacts.${i}.value`]}</p>}
          </div>
          <input className="input col-span-2 row-start-2 sm:col-span-1 sm:row-start-auto" value={c.label} maxLength={50} onChange={(e) => set(i, { label: e.target.value })} placeholder={t('form.contactLabel')} aria-label={t('form.contactLabel')} />
          <button type="button" className="btn-secondary row-start-1 px-2 sm:row-start-auto" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('form.remove')}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn-secondary" onClick={() => onChange([...value, { kind: value.some((c) => c.kind === defaultKind) ? 'wechat' : defaultKind, value: '', label: '' }])} data-testid="contact-add">
        {t('form.addContact')}
      </button>
    </div>
  );
}
