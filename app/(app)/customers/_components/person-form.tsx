'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { GENDERS, HCP_TITLES, LIFECYCLE_STAGES, PERSON_KINDS, TIERS, type Gender, type HcpTitle, type LifecycleStage, type PersonKind, type Tier } from '@/server/db/entities/customer-enums';
import type { CustomFieldView } from '@/server/services/customers/custom-field-admin';
import type { DuplicateResult } from '@/server/services/customers/duplicates';
import type { PersonProfile } from '@/server/services/customers/people';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { ContactsEditor, type ContactDraft } from './contacts-editor';
import { ContactList } from './profile-ui';
import { CustomFieldInput, type CustomValue } from './custom-fields';
import { CustomerPicker, type Picked } from './customer-picker';
import { DuplicatesPanel } from './duplicates-panel';
import { CodeOptions, FormField, FormSection } from './form-ui';
import { useLabels } from './labels';

interface AffiliationDraft {
  institution: Picked | null;
  departmentId: string;
  /** The stored department's name, shown until the institution's departments have loaded. */
  departmentName?: string;
  position: string;
  isPrimary: boolean;
}

const MASK = '******';

/** Error keys point at positions in the submitted lists; the form skips empty rows, so map them back. */
export function remapErrors(errors: Record<string, string>, list: string, kept: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const m = new RegExp(`^${list}\\.(\\d+)(\\..*)?$`).exec(k);
    out[m ? `${list}.${kept[Number(m[1])] ?? m[1]}${m[2] ?? ''}` : k] = v;
  }
  return out;
}

/** Creates or edits a person (HCP or other contact). On create, possible duplicates are shown before anything is saved. */
export function PersonForm({
  fields,
  territories,
  person,
  initialInstitution,
}: {
  fields: CustomFieldView[];
  territories: { id: string; label: string }[];
  /** Edit mode: the current profile. */
  person?: PersonProfile;
  /** Create mode: start with this institution as the primary workplace. */
  initialInstitution?: Picked | null;
}) {
  const t = useT('people');
  const tc = useT('customers');
  const l = useLabels();
  const router = useRouter();
  const editing = !!person;

  const [name, setName] = useState(person?.name ?? '');
  const [kind, setKind] = useState<PersonKind>(person?.kind ?? 'hcp');
  const [gender, setGender] = useState<Gender>(person?.gender ?? 'unknown');
  const [title, setTitle] = useState<string>(person?.title ?? '');
  const [adminRole, setAdminRole] = useState(person?.adminRole ?? '');
  const [specialty, setSpecialty] = useState(person?.specialty ?? '');
  // Fields compliance marked sensitive arrive masked for members who may not unmask them: shown
  // read-only and left out of the update, so the stored values stay as they are.
  const birthdayMasked = !!person?.maskedFields.includes('birthday');
  const contactsMasked = !!person?.contacts.some((c) => c.masked);
  const [birthday, setBirthday] = useState(birthdayMasked ? '' : (person?.birthday ?? ''));
  const [idNumber, setIdNumber] = useState('');
  const [externalId, setExternalId] = useState(person?.externalId ?? '');
  const [tier, setTier] = useState<string>(person?.tier ?? '');
  const [stage, setStage] = useState<LifecycleStage>(person?.stage ?? 'identified');
  const [reason, setReason] = useState('');
  const [territoryId, setTerritoryId] = useState(person?.territory?.id ?? (territories.length === 1 ? territories[0]!.id : ''));
  const [affs, setAffs] = useState<AffiliationDraft[]>(() =>
    person
      ? person.affiliations.map((a) => ({ institution: { id: a.institutionId, name: a.institutionName }, departmentId: a.departmentId ?? '', departmentName: a.departmentName ?? undefined, position: a.position ?? '', isPrimary: a.isPrimary }))
      : [{ institution: initialInstitution ?? null, departmentId: '', position: '', isPrimary: true }],
  );
  const [contacts, setContacts] = useState<ContactDraft[]>(() =>
    person ? person.contacts.map((c) => ({ kind: c.kind, value: c.value, label: c.label ?? '' })) : [{ kind: 'mobile', value: '', label: '' }],
  );
  const [custom, setCustom] = useState<Record<string, CustomValue>>(() =>
    Object.fromEntries(fields.filter((d) => person && !d.sensitive && person.custom[d.key] !== undefined && person.custom[d.key] !== MASK).map((d) => [d.key, person!.custom[d.key] as CustomValue])),
  );
  const [duplicates, setDuplicates] = useState<DuplicateResult | null>(null);

  const create = trpc.customers.people.create.useMutation({
    onSuccess: (r) => {
      if (r.status === 'duplicates') {
        setDuplicates(r.duplicates);
        window.scrollTo({ top: 0, behavior: 'smooth' });
      } else router.push(`/customers/people/${r.id}`);
    },
  });
  const update = trpc.customers.people.update.useMutation({
    onSuccess: () => {
      router.push(`/customers/people/${person!.id}`);
      router.refresh();
    },
  });
  const mutation = editing ? update : create;

  const keptAffs = affs.map((a, i) => (a.institution ? i : -1)).filter((i) => i >= 0);
  const keptContacts = contacts.map((c, i) => (c.value.trim() ? i : -1)).filter((i) => i >= 0);
  const errors = remapErrors(remapErrors(fieldErrorsOf(mutation.error), 'affiliations', keptAffs), 'contacts', keptContacts);
  const lifecycleChanged = editing && ((person!.tier ?? '') !== tier || person!.stage !== stage);

  const submit = (allowDuplicate = false) => {
    const customPayload: Record<string, CustomValue> = {};
    for (const d of fields) {
      const v = custom[d.key];
      const storedMasked = d.sensitive || (!!person && person.custom[d.key] === MASK);
      if (storedMasked && (v === undefined || v === '' || v === null)) continue; // untouched: keep what is stored
      customPayload[d.key] = v === undefined || v === '' || (Array.isArray(v) && !v.length) ? null : v;
    }
    const payload = {
      name: name.trim(),
      kind,
      gender,
      title: (title || null) as HcpTitle | null,
      adminRole: adminRole.trim() || null,
      specialty: specialty.trim() || null,
      ...(birthdayMasked ? {} : { birthday: birthday || null }),
      externalId: externalId.trim() || null,
      affiliations: keptAffs.map((i) => ({ institutionId: affs[i]!.institution!.id, departmentId: affs[i]!.departmentId || null, position: affs[i]!.position.trim() || null, isPrimary: affs[i]!.isPrimary })),
      territoryId: keptAffs.length ? null : territoryId || null,
      tier: (tier || null) as Tier | null,
      stage,
      ...(contactsMasked ? {} : { contacts: keptContacts.map((i) => ({ kind: contacts[i]!.kind, value: contacts[i]!.value.trim(), label: contacts[i]!.label.trim() || null })) }),
      custom: customPayload,
      ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
    };
    if (editing) update.mutate({ id: person!.id, ...payload, lifecycleReason: lifecycleChanged ? reason.trim() || null : null });
    else create.mutate({ ...payload, allowDuplicate });
  };

  const setAff = (i: number, patch: Partial<AffiliationDraft>) => setAffs((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : patch.isPrimary ? { ...a, isPrimary: false } : a)));

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setDuplicates(null);
        submit(false);
      }}
      data-testid="person-form"
      noValidate
    >
      {duplicates && <DuplicatesPanel result={duplicates} pending={create.isPending} onBack={() => setDuplicates(null)} onCreateAnyway={() => submit(true)} />}
      {mutation.error && !Object.keys(errors).length && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert">
          {mutation.error.message}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-700" role="alert" data-testid="form-error">
          {tc('form.fixErrors')}
        </p>
      )}

      <FormSection title={t('sections.basic')}>
        <FormField label={t('fields.name')} htmlFor="name" required error={errors.name}>
          <input id="name" className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="off" data-testid="person-name" required />
        </FormField>
        <FormField label={t('fields.kind')} htmlFor="kind">
          <select id="kind" className="input" value={kind} onChange={(e) => setKind(e.target.value as PersonKind)} data-testid="person-kind">
            <CodeOptions codes={PERSON_KINDS} label={l.personKind} />
          </select>
        </FormField>
        <FormField label={t('fields.title')} htmlFor="title">
          <select id="title" className="input" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="person-title">
            <CodeOptions codes={HCP_TITLES} label={l.title} empty={tc('form.none')} />
          </select>
        </FormField>
        <FormField label={t('fields.gender')} htmlFor="gender">
          <select id="gender" className="input" value={gender} onChange={(e) => setGender(e.target.value as Gender)}>
            <CodeOptions codes={GENDERS} label={l.gender} />
          </select>
        </FormField>
        <FormField label={t('fields.specialty')} htmlFor="specialty" error={errors.specialty}>
          <input id="specialty" className="input" value={specialty} maxLength={100} onChange={(e) => setSpecialty(e.target.value)} placeholder={t('placeholders.specialty')} />
        </FormField>
        <FormField label={t('fields.adminRole')} htmlFor="adminRole" error={errors.adminRole}>
          <input id="adminRole" className="input" value={adminRole} maxLength={100} onChange={(e) => setAdminRole(e.target.value)} placeholder={t('placeholders.adminRole')} />
        </FormField>
      </FormSection>

      <FormSection title={t('sections.affiliations')} testId="affiliations-editor">
        <div className="space-y-3 sm:col-span-2">
          {affs.map((a, i) => (
            <AffiliationRow key={i} index={i} value={a} errors={errors} onChange={(patch) => setAff(i, patch)} onRemove={() => setAffs((list) => list.filter((_, j) => j !== i))} canRemove={affs.length > 0} />
          ))}
          {errors.affiliations && <p className="text-xs text-red-700">{errors.affiliations}</p>}
          <button type="button" className="btn-secondary" onClick={() => setAffs((list) => [...list, { institution: null, departmentId: '', position: '', isPrimary: list.length === 0 }])} data-testid="affiliation-add">
            {t('addAffiliation')}
          </button>
        </div>
        {keptAffs.length === 0 && (
          <FormField label={t('fields.territory')} htmlFor="territoryId" error={errors.territoryId} hint={t('territoryHint')} className="sm:col-span-2">
            <select id="territoryId" className="input" value={territoryId} onChange={(e) => setTerritoryId(e.target.value)} data-testid="person-territory">
              <option value="">{tc('form.choose')}</option>
              {territories.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </FormField>
        )}
      </FormSection>

      <FormSection title={t('sections.contacts')}>
        {contactsMasked ? (
          <div className="sm:col-span-2" data-testid="contacts-masked">
            <ContactList contacts={person!.contacts} label={l.contactKind} />
            <p className="mt-2 text-xs text-slate-500">{tc('form.maskedReadOnly')}</p>
          </div>
        ) : (
          <ContactsEditor value={contacts} onChange={setContacts} errors={errors} defaultKind="mobile" />
        )}
      </FormSection>

      <FormSection title={t('sections.lifecycle')}>
        <FormField label={t('fields.tier')} htmlFor="tier">
          <select id="tier" className="input" value={tier} onChange={(e) => setTier(e.target.value)} data-testid="person-tier">
            <CodeOptions codes={TIERS} label={l.tier} empty={l.tier(null)} />
          </select>
        </FormField>
        <FormField label={t('fields.stage')} htmlFor="stage">
          <select id="stage" className="input" value={stage} onChange={(e) => setStage(e.target.value as LifecycleStage)} data-testid="person-stage">
            <CodeOptions codes={LIFECYCLE_STAGES} label={l.stage} />
          </select>
        </FormField>
        {lifecycleChanged && (
          <FormField label={tc('form.lifecycleReason')} htmlFor="reason" className="sm:col-span-2" hint={tc('form.lifecycleReasonHint')}>
            <input id="reason" className="input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="person-reason" />
          </FormField>
        )}
      </FormSection>

      {fields.length > 0 && (
        <FormSection title={tc('form.customSection')} testId="custom-section">
          {fields.map((d) => (
            <div key={d.key} className={d.type === 'longtext' || d.type === 'multiselect' ? 'sm:col-span-2' : undefined}>
              <CustomFieldInput def={d} value={custom[d.key]} onChange={(v) => setCustom((c) => ({ ...c, [d.key]: v }))} error={errors[`custom.${d.key}`]} storedSensitive={!!person && person.custom[d.key] === MASK} />
            </div>
          ))}
        </FormSection>
      )}

      <FormSection title={t('sections.private')}>
        <FormField label={t('fields.birthday')} htmlFor="birthday" error={errors.birthday} hint={birthdayMasked ? tc('form.maskedReadOnly') : undefined}>
          {birthdayMasked ? (
            <input id="birthday" className="input font-mono" value={person!.birthday ?? ''} disabled readOnly data-testid="birthday-masked" />
          ) : (
            <input id="birthday" className="input" type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} />
          )}
        </FormField>
        <FormField label={t('fields.idNumber')} htmlFor="idNumber" error={errors.idNumber} hint={person?.idNumberMasked ? t('idNumberKeep', { masked: person.idNumberMasked }) : t('idNumberHint')}>
          <input id="idNumber" className="input font-mono" value={idNumber} maxLength={30} onChange={(e) => setIdNumber(e.target.value)} autoComplete="off" data-testid="person-id-number" />
        </FormField>
        <FormField label={tc('form.externalId')} htmlFor="externalId" error={errors.externalId} hint={tc('form.externalIdHint')}>
          <input id="externalId" className="input" value={externalId} maxLength={100} onChange={(e) => setExternalId(e.target.value)} />
        </FormField>
      </FormSection>

      <div className="sticky bottom-0 -mx-3 flex gap-2 border-t border-slate-200 bg-white/95 px-3 py-3 backdrop-blur sm:static sm:mx-0 sm:justify-end sm:border-0 sm:bg-transparent sm:p-0">
        <button type="button" className="btn-secondary flex-1 sm:flex-none" onClick={() => router.back()} disabled={mutation.isPending}>
          {tc('form.cancel')}
        </button>
        <button type="submit" className="btn-primary flex-1 sm:flex-none" disabled={mutation.isPending || !name.trim()} data-testid="person-save">
          {mutation.isPending ? tc('saving') : editing ? tc('form.save') : t('create')}
        </button>
      </div>
    </form>
  );
}

function AffiliationRow({ index, value, errors, onChange, onRemove, canRemove }: { index: number; value: AffiliationDraft; errors: Record<string, string>; onChange: (p: Partial<AffiliationDraft>) => void; onRemove: () => void; canRemove: boolean }) {
  const t = useT('people');
  const tc = useT('customers');
  const institutionId = value.institution?.id ?? '';
  const departments = trpc.customers.institutions.departments.useQuery({ institutionId }, { enabled: !!institutionId });
  const [newDept, setNewDept] = useState<string | null>(null);
  const addDept = trpc.customers.departments.create.useMutation({
    onSuccess: async (d) => {
      setNewDept(null);
      await departments.refetch();
      onChange({ departmentId: d.id });
    },
  });
  return (
    <div className="rounded-md border border-slate-200 p-3" data-testid={`affiliation-${index}`}>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label={t('fields.institution')} error={errors[`affiliations.${index}.institutionId`]}>
          <CustomerPicker kind="institution" value={value.institution} onChange={(v) => onChange({ institution: v, departmentId: '', departmentName: undefined })} testId={`affiliation-institution-${index}`} invalid={!!errors[`affiliations.${index}.institutionId`]} />
        </FormField>
        <FormField label={t('fields.department')} error={errors[`affiliations.${index}.departmentId`]}>
          {newDept === null ? (
            <div className="flex gap-2">
              <select className="input" value={value.departmentId} onChange={(e) => onChange({ departmentId: e.target.value })} disabled={!institutionId} data-testid={`affiliation-department-${index}`}>
                <option value="">{tc('form.none')}</option>
                {!departments.data && value.departmentId && value.departmentName && <option value={value.departmentId}>{value.departmentName}</option>}
                {(departments.data ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
              {institutionId && (
                <button type="button" className="btn-secondary shrink-0" onClick={() => setNewDept('')} data-testid={`affiliation-new-department-${index}`}>
                  {t('newDepartment')}
                </button>
              )}
            </div>
          ) : (
            <div className="flex gap-2">
              <input className="input" value={newDept} maxLength={100} onChange={(e) => setNewDept(e.target.value)} placeholder={t('placeholders.department')} autoFocus data-testid={`affiliation-department-name-${index}`} />
              <button type="button" className="btn-primary shrink-0" disabled={!newDept.trim() || addDept.isPending} onClick={() => addDept.mutate({ institutionId, name: newDept.trim() })}>
                {tc('form.add')}
              </button>
              <button type="button" className="btn-secondary shrink-0" onClick={() => setNewDept(null)}>
                {tc('form.cancel')}
              </button>
            </div>
          )}
          {addDept.error && <p className="mt-1 text-xs text-red-700">{fieldErrorsOf(addDept.error).name ?? addDept.error.message}</p>}
        </FormField>
        <FormField label={t('fields.position')}>
          <input className="input" value={value.position} maxLength={100} onChange={(e) => onChange({ position: e.target.value })} placeholder={t('placeholders.position')} />
        </FormField>
        <div className="flex items-end justify-between gap-2">
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="radio" name="primary-affiliation" checked={value.isPrimary} onChange={() => onChange({ isPrimary: true })} />
            {t('primary')}
          </label>
          {canRemove && (
            <button type="button" className="text-sm text-red-700 hover:underline" onClick={onRemove}>
              {tc('form.remove')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
