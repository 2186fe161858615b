'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { HOSPITAL_LEVELS, INSTITUTION_TYPES, LIFECYCLE_STAGES, TIERS, type HospitalLevel, type InstitutionType, type LifecycleStage, type Tier } from '@/server/db/entities/customer-enums';
import type { CustomFieldView } from '@/server/services/customers/custom-field-admin';
import type { DuplicateResult } from '@/server/services/customers/duplicates';
import type { InstitutionProfile } from '@/server/services/customers/institutions';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ContactsEditor, type ContactDraft } from './contacts-editor';
import { CustomFieldInput, type CustomValue } from './custom-fields';
import { CustomerPicker, type Picked } from './customer-picker';
import { DuplicatesPanel } from './duplicates-panel';
import { CodeOptions, FormField, FormSection } from './form-ui';
import { useLabels } from './labels';
import { remapErrors } from './person-form';

const LEVELLED = new Set(['hospital', 'clinic']);
const MASK = '******';

/** Creates or edits an institution. On create, possible duplicates are shown before anything is saved. */
export function InstitutionForm({
  fields,
  territories,
  institution,
}: {
  fields: CustomFieldView[];
  territories: { id: string; label: string }[];
  institution?: InstitutionProfile;
}) {
  const t = useT('institutions');
  const tc = useT('customers');
  const l = useLabels();
  const router = useRouter();
  const editing = !!institution;
  const i = institution;

  const [name, setName] = useState(i?.name ?? '');
  const [type, setType] = useState<InstitutionType>(i?.type ?? 'hospital');
  const [level, setLevel] = useState<string>(i?.hospitalLevel ?? '');
  const [territoryId, setTerritoryId] = useState(i?.territory?.id ?? (territories.length === 1 ? territories[0]!.id : ''));
  const [parent, setParentState] = useState<Picked | null>(i?.parent ?? null);
  const [mainContact, setMainContactState] = useState<Picked | null>(i?.mainContact ? { id: i.mainContact.id, name: i.mainContact.name } : null);
  // A head office or main contact outside the user's territories is not shown, and stays unless changed here.
  const [touched, setTouched] = useState({ parent: false, mainContact: false });
  const setParent = (v: Picked | null) => {
    setParentState(v);
    setTouched((x) => ({ ...x, parent: true }));
  };
  const setMainContact = (v: Picked | null) => {
    setMainContactState(v);
    setTouched((x) => ({ ...x, mainContact: true }));
  };
  const [address, setAddress] = useState({ province: i?.province ?? '', city: i?.city ?? '', district: i?.district ?? '', street: i?.street ?? '' });
  const [org, setOrg] = useState({ legalRepresentative: i?.legalRepresentative ?? '', registeredPlace: i?.registeredPlace ?? '', procurementScale: i?.procurementScale ?? '', budgetRange: i?.budgetRange ?? '', procurementCycle: i?.procurementCycle ?? '' });
  const [externalId, setExternalId] = useState(i?.externalId ?? '');
  const [tier, setTier] = useState<string>(i?.tier ?? '');
  const [stage, setStage] = useState<LifecycleStage>(i?.stage ?? 'identified');
  const [reason, setReason] = useState('');
  const [contacts, setContacts] = useState<ContactDraft[]>(() => (i ? i.contacts.map((c) => ({ kind: c.kind, value: c.value, label: c.label ?? '' })) : [{ kind: 'phone', value: '', label: '' }]));
  const [custom, setCustom] = useState<Record<string, CustomValue>>(() =>
    Object.fromEntries(fields.filter((d) => i && !d.sensitive && i.custom[d.key] !== undefined).map((d) => [d.key, i!.custom[d.key] as CustomValue])),
  );
  const [duplicates, setDuplicates] = useState<DuplicateResult | null>(null);

  const create = trpc.customers.institutions.create.useMutation({
    onSuccess: (r) => {
      if (r.status === 'duplicates') {
        setDuplicates(r.duplicates);
        window.scrollTo({ top: 0, behavior: 'smooth' });
      } else router.push(`/customers/institutions/${r.id}`);
    },
  });
  const update = trpc.customers.institutions.update.useMutation({
    onSuccess: () => {
      router.push(`/customers/institutions/${i!.id}`);
      router.refresh();
    },
  });
  const mutation = editing ? update : create;
  const keptContacts = contacts.map((c, n) => (c.value.trim() ? n : -1)).filter((n) => n >= 0);
  const errors = remapErrors(fieldErrorsOf(mutation.error), 'contacts', keptContacts);
  const lifecycleChanged = editing && ((i!.tier ?? '') !== tier || i!.stage !== stage);
  const text = (v: string) => v.trim() || null;

  const submit = (allowDuplicate = false) => {
    const customPayload: Record<string, CustomValue> = {};
    for (const d of fields) {
      const v = custom[d.key];
      if (d.sensitive && (v === undefined || v === '' || v === null)) continue;
      customPayload[d.key] = v === undefined || v === '' || (Array.isArray(v) && !v.length) ? null : v;
    }
    const payload = {
      name: name.trim(),
      type,
      hospitalLevel: LEVELLED.has(type) && level ? (level as HospitalLevel) : null,
      territoryId: territoryId || null,
      parentId: !editing || touched.parent ? (parent?.id ?? null) : undefined,
      mainContactId: !editing || touched.mainContact ? (mainContact?.id ?? null) : undefined,
      province: text(address.province),
      city: text(address.city),
      district: text(address.district),
      street: text(address.street),
      legalRepresentative: text(org.legalRepresentative),
      registeredPlace: text(org.registeredPlace),
      procurementScale: text(org.procurementScale),
      budgetRange: text(org.budgetRange),
      procurementCycle: text(org.procurementCycle),
      externalId: text(externalId),
      tier: (tier || null) as Tier | null,
      stage,
      contacts: keptContacts.map((n) => ({ kind: contacts[n]!.kind, value: contacts[n]!.value.trim(), label: contacts[n]!.label.trim() || null })),
      custom: customPayload,
    };
    if (editing) update.mutate({ id: i!.id, ...payload, lifecycleReason: lifecycleChanged ? reason.trim() || null : null });
    else create.mutate({ ...payload, allowDuplicate });
  };

  const orgField = (key: keyof typeof org, max: number) => (
    <FormField label={t(`fields.${key}`)} htmlFor={key} error={errors[key]}>
      <input id={key} className="input" value={org[key]} maxLength={max} onChange={(e) => setOrg((o) => ({ ...o, [key]: e.target.value }))} placeholder={t(`placeholders.${key}`)} />
    </FormField>
  );

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setDuplicates(null);
        submit(false);
      }}
      data-testid="institution-form"
      noValidate
    >
      {duplicates && <DuplicatesPanel result={duplicates} pending={create.isPending} onBack={() => setDuplicates(null)} onCreateAnyway={() => submit(true)} />}
      {mutation.error && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert" data-testid="form-error">
          {Object.keys(errors).length ? tc('form.fixErrors') : mutation.error.message}
        </p>
      )}

      <FormSection title={t('sections.basic')}>
        <FormField label={t('fields.name')} htmlFor="name" required error={errors.name} className="sm:col-span-2">
          <input id="name" className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoComplete="off" data-testid="institution-name" />
        </FormField>
        <FormField label={t('fields.type')} htmlFor="type">
          <select id="type" className="input" value={type} onChange={(e) => setType(e.target.value as InstitutionType)} data-testid="institution-type">
            <CodeOptions codes={INSTITUTION_TYPES} label={l.institutionType} />
          </select>
        </FormField>
        {LEVELLED.has(type) && (
          <FormField label={t('fields.hospitalLevel')} htmlFor="level">
            <select id="level" className="input" value={level} onChange={(e) => setLevel(e.target.value)} data-testid="institution-level">
              <CodeOptions codes={HOSPITAL_LEVELS} label={l.hospitalLevel} empty={tc('form.none')} />
            </select>
          </FormField>
        )}
        <FormField label={t('fields.territory')} htmlFor="territoryId" error={errors.territoryId} required={territories.length > 0}>
          <select id="territoryId" className="input" value={territoryId} onChange={(e) => setTerritoryId(e.target.value)} data-testid="institution-territory">
            <option value="">{tc('form.choose')}</option>
            {territories.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('fields.parent')} error={errors.parentId} hint={t('parentHint')}>
          <CustomerPicker kind="institution" value={parent} onChange={setParent} excludeId={i?.id} testId="institution-parent" />
        </FormField>
      </FormSection>

      <FormSection title={t('sections.address')}>
        {(['province', 'city', 'district'] as const).map((k) => (
          <FormField key={k} label={t(`fields.${k}`)} htmlFor={k} error={errors[k]}>
            <input id={k} className="input" value={address[k]} maxLength={50} onChange={(e) => setAddress((a) => ({ ...a, [k]: e.target.value }))} data-testid={`institution-${k}`} />
          </FormField>
        ))}
        <FormField label={t('fields.street')} htmlFor="street" error={errors.street}>
          <input id="street" className="input" value={address.street} maxLength={200} onChange={(e) => setAddress((a) => ({ ...a, street: e.target.value }))} />
        </FormField>
      </FormSection>

      <FormSection title={t('sections.contacts')}>
        {editing && (
          <FormField label={t('fields.mainContact')} error={errors.mainContactId} className="sm:col-span-2">
            <CustomerPicker kind="person" value={mainContact} onChange={setMainContact} testId="institution-main-contact" />
          </FormField>
        )}
        <ContactsEditor value={contacts} onChange={setContacts} errors={errors} defaultKind="phone" />
      </FormSection>

      <FormSection title={t('sections.organisation')}>
        {orgField('legalRepresentative', 100)}
        {orgField('registeredPlace', 200)}
        {orgField('procurementScale', 100)}
        {orgField('budgetRange', 100)}
        {orgField('procurementCycle', 100)}
      </FormSection>

      <FormSection title={t('sections.lifecycle')}>
        <FormField label={t('fields.tier')} htmlFor="tier">
          <select id="tier" className="input" value={tier} onChange={(e) => setTier(e.target.value)} data-testid="institution-tier">
            <CodeOptions codes={TIERS} label={l.tier} empty={l.tier(null)} />
          </select>
        </FormField>
        <FormField label={t('fields.stage')} htmlFor="stage">
          <select id="stage" className="input" value={stage} onChange={(e) => setStage(e.target.value as LifecycleStage)}>
            <CodeOptions codes={LIFECYCLE_STAGES} label={l.stage} />
          </select>
        </FormField>
        {lifecycleChanged && (
          <FormField label={tc('form.lifecycleReason')} htmlFor="reason" className="sm:col-span-2" hint={tc('form.lifecycleReasonHint')}>
            <input id="reason" className="input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </FormField>
        )}
      </FormSection>

      {fields.length > 0 && (
        <FormSection title={tc('form.customSection')} testId="custom-section">
          {fields.map((d) => (
            <div key={d.key} className={d.type === 'longtext' || d.type === 'multiselect' ? 'sm:col-span-2' : undefined}>
              <CustomFieldInput def={d} value={custom[d.key]} onChange={(v) => setCustom((c) => ({ ...c, [d.key]: v }))} error={errors[`custom.${d.key}`]} storedSensitive={!!i && i.custom[d.key] === MASK} />
            </div>
          ))}
        </FormSection>
      )}

      <FormSection title={tc('form.other')}>
        <FormField label={tc('form.externalId')} htmlFor="externalId" error={errors.externalId} hint={tc('form.externalIdHint')}>
          <input id="externalId" className="input" value={externalId} maxLength={100} onChange={(e) => setExternalId(e.target.value)} />
        </FormField>
      </FormSection>

      <div className="sticky bottom-0 -mx-3 flex gap-2 border-t border-slate-200 bg-white/95 px-3 py-3 backdrop-blur sm:static sm:mx-0 sm:justify-end sm:border-0 sm:bg-transparent sm:p-0">
        <button type="button" className="btn-secondary flex-1 sm:flex-none" onClick={() => router.back()} disabled={mutation.isPending}>
          {tc('form.cancel')}
        </button>
        <button type="submit" className="btn-primary flex-1 sm:flex-none" disabled={mutation.isPending || !name.trim()} data-testid="institution-save">
          {mutation.isPending ? tc('saving') : editing ? tc('form.save') : t('create')}
        </button>
      </div>
    </form>
  );
}
