'use client';

import type { inferRouterOutputs } from '@trpc/server';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { INTERACTION_CHANNELS, INTERACTION_OUTCOMES, type InteractionChannel, type InteractionOutcome } from '@/server/db/entities/work-enums';
import { DUE_TIME, zonedDate, zonedDaysFromNow, zonedInstant, zonedTime } from '@/server/services/work/dates';
import type { AppRouter } from '@/server/trpc/root';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { CustomFieldInputs, type CustomValue } from '../_work/custom-field-inputs';
import { Chip, ErrorNote, Field } from '../_work/ui';

type FormContext = inferRouterOutputs<AppRouter>['interactions']['formContext'];
type PersonCard = FormContext['people'][number];

export interface VisitInitial {
  id: string;
  channel: InteractionChannel;
  occurredAt: Date;
  institutionId: string | null;
  departmentId: string | null;
  productIds: string[];
  keyMessages: string[];
  notes: string | null;
  outcome: InteractionOutcome | null;
  nextStep: string | null;
  nextStepDue: Date | null;
  custom: Record<string, CustomValue>;
}

interface Place {
  key: string;
  institutionId: string;
  departmentId: string | null;
  label: string;
}

/** How many product chips show before "all products". */
const PRODUCT_CHIPS = 8;

const placeKey = (institutionId: string, departmentId: string | null) => `${institutionId}|${departmentId ?? ''}`;

/** Where the visit can have happened: the chosen people's places of work (and the institution it was opened for). */
function placesOf(people: PersonCard[], institution: FormContext['institution']): Place[] {
  const out = new Map<string, Place>();
  for (const p of people) {
    for (const a of p.affiliations) {
      if (!a.visible || (institution && a.institutionId !== institution.id)) continue;
      const key = placeKey(a.institutionId, a.departmentId);
      if (!out.has(key)) out.set(key, { key, institutionId: a.institutionId, departmentId: a.departmentId, label: a.departmentName ? `${a.institutionName} · ${a.departmentName}` : a.institutionName });
    }
  }
  if (institution && !out.has(placeKey(institution.id, null))) {
    out.set(placeKey(institution.id, null), { key: placeKey(institution.id, null), institutionId: institution.id, departmentId: null, label: institution.name });
  }
  return [...out.values()];
}

/**
 * Logging a visit on a phone in under a minute: pick the HCPs (prefilled when opened from a
 * customer), tap a channel, products and key messages, add a next step, save. Everything else
 * has a sensible default (now, the first person's place of work).
 */
export function VisitForm({ context, timeZone, initial }: { context: FormContext; timeZone: string; initial?: VisitInitial }) {
  const t = useT('interactions');
  const tw = useT('work');
  const router = useRouter();
  const now = useMemo(() => new Date(), []);
  const [people, setPeople] = useState<PersonCard[]>(context.people);
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [chosenPlace, setChosenPlace] = useState<string | null>(initial?.institutionId ? placeKey(initial.institutionId, initial.departmentId) : null);
  const [channel, setChannel] = useState<InteractionChannel>(initial?.channel ?? 'visit');
  const [date, setDate] = useState(zonedDate(initial?.occurredAt ?? now, timeZone));
  const [time, setTime] = useState(zonedTime(initial?.occurredAt ?? now, timeZone));
  const [productIds, setProductIds] = useState<string[]>(initial?.productIds ?? []);
  const [messages, setMessages] = useState<string[]>(initial?.keyMessages ?? []);
  const [draft, setDraft] = useState('');
  const [outcome, setOutcome] = useState<InteractionOutcome | null>(initial?.outcome ?? null);
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [nextStep, setNextStep] = useState(initial?.nextStep ?? '');
  const [dueDate, setDueDate] = useState(initial?.nextStepDue ? zonedDate(initial.nextStepDue, timeZone) : '');
  const [custom, setCustom] = useState<Record<string, CustomValue>>(initial?.custom ?? {});
  const [allProducts, setAllProducts] = useState(false);
  const [touchedCustom, setTouchedCustom] = useState<string[]>([]);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(timer);
  }, [q]);
  const institutionId = context.institution?.id ?? null;
  const search = trpc.interactions.findPeople.useQuery({ q: debounced, institutionId, limit: 8 }, { enabled: debounced.length > 0 || institutionId !== null, placeholderData: (prev) => prev });
  const candidates = (search.data ?? []).filter((c) => !people.some((p) => p.id === c.id));

  // A long catalogue folds away: the user's usual products (or the first few) and the chosen ones show.
  const usualCount = context.products.filter((p) => p.usual).length;
  const shownProducts = allProducts || context.products.length <= PRODUCT_CHIPS ? context.products : context.products.filter((p, i) => productIds.includes(p.id) || (usualCount ? p.usual : i < PRODUCT_CHIPS));

  const places = placesOf(people, context.institution);
  const defaultPlace = (() => {
    const first = people[0];
    const own = first?.affiliations.filter((a) => a.visible) ?? [];
    const primary = own.find((a) => (institutionId ? a.institutionId === institutionId : a.isPrimary)) ?? own[0];
    if (primary && (!institutionId || primary.institutionId === institutionId)) return placeKey(primary.institutionId, primary.departmentId);
    return institutionId ? placeKey(institutionId, null) : (places[0]?.key ?? null);
  })();
  const placeValue = chosenPlace && places.some((p) => p.key === chosenPlace) ? chosenPlace : defaultPlace;
  const place = places.find((p) => p.key === placeValue) ?? null;

  const save = trpc.interactions.log.useMutation({ onSuccess: ({ id }) => router.push(`/interactions/${id}?saved=1`) });
  const update = trpc.interactions.update.useMutation({ onSuccess: ({ id }) => router.push(`/interactions/${id}?saved=1`) });
  const pending = save.isPending || update.isPending;
  const error = save.error ?? update.error;
  const errors = fieldErrorsOf(error);

  const addMessage = () => {
    const m = draft.trim();
    if (m && !messages.includes(m)) setMessages([...messages, m]);
    setDraft('');
  };
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const quickDue = [
    { key: 'tomorrow', date: zonedDaysFromNow(1, timeZone) },
    { key: 'inThreeDays', date: zonedDaysFromNow(3, timeZone) },
    { key: 'nextWeek', date: zonedDaysFromNow(7, timeZone) },
  ];

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const sentCustom = initial ? Object.fromEntries(touchedCustom.map((k) => [k, custom[k] ?? null])) : Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== null));
    const input = {
      channel,
      occurredAt: zonedInstant(date, time, timeZone),
      personIds: people.map((p) => p.id),
      institutionId: place?.institutionId ?? null,
      departmentId: place?.departmentId ?? null,
      productIds,
      keyMessages: draft.trim() ? [...messages, draft.trim()] : messages,
      notes,
      outcome,
      nextStep,
      nextStepDue: nextStep.trim() && dueDate ? zonedInstant(dueDate, DUE_TIME, timeZone) : null,
      custom: sentCustom,
    };
    if (initial) update.mutate({ id: initial.id, ...input });
    else save.mutate(input);
  };

  return (
    <form className="space-y-5 pb-24" onSubmit={submit} noValidate data-testid="visit-form">
      <section className="card space-y-3 p-4">
        <Field label={t('form.people')} error={errors.personIds}>
          {people.length > 0 && (
            <ul className="mb-2 flex flex-wrap gap-2" data-testid="visit-people">
              {people.map((p) => (
                <li key={p.id} className="flex items-center gap-1 rounded-full bg-brand-50 py-1 pr-1 pl-3 text-sm text-brand-700">
                  <span>{p.name}</span>
                  <button type="button" className="flex h-7 w-7 items-center justify-center rounded-full hover:bg-brand-100" aria-label={t('form.removePerson', { name: p.name })} onClick={() => setPeople(people.filter((x) => x.id !== p.id))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <input
            className="input"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('form.searchPeople')}
            autoComplete="off"
            enterKeyHint="search"
            data-testid="visit-person-search"
          />
          {candidates.length > 0 && (
            <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="visit-person-results">
              {candidates.map((c) => {
                const primary = c.affiliations.find((a) => a.isPrimary) ?? c.affiliations[0];
                return (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="flex min-h-11 w-full items-center justify-between gap-2 px-3 py-2 text-left hover:bg-slate-50"
                      onClick={() => {
                        setPeople([...people, c]);
                        setQ('');
                      }}
                      data-testid={`visit-person-option-${c.id}`}
                    >
                      <span className="font-medium">{c.name}</span>
                      <span className="truncate text-xs text-slate-500">{primary ? [primary.departmentName, primary.institutionName].filter(Boolean).join(' · ') : ''}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {debounced && search.data?.length === 0 && <p className="mt-2 text-xs text-slate-500">{t('form.noPeople')}</p>}
        </Field>
        {places.length > 0 && (
          <Field label={t('form.place')} error={errors.departmentId ?? errors.institutionId}>
            <select className="input" value={placeValue ?? ''} onChange={(e) => setChosenPlace(e.target.value)} data-testid="visit-place">
              {places.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          </Field>
        )}
      </section>

      <section className="card space-y-4 p-4">
        <Field label={t('form.channel')} error={errors.channel}>
          <div className="flex flex-wrap gap-2" data-testid="visit-channels">
            {INTERACTION_CHANNELS.map((c) => (
              <Chip key={c} on={channel === c} onClick={() => setChannel(c)} testId={`visit-channel-${c}`}>
                {t(`channel.${c}`)}
              </Chip>
            ))}
          </div>
        </Field>
        <Field label={t('form.when')} error={errors.occurredAt}>
          <div className="flex gap-2">
            <input type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} required data-testid="visit-date" />
            <input type="time" className="input w-32" value={time} onChange={(e) => setTime(e.target.value)} required data-testid="visit-time" />
          </div>
        </Field>
        {context.products.length > 0 && (
          <Field label={t('form.products')} error={errors.productIds}>
            <div className="flex flex-wrap gap-2" data-testid="visit-products">
              {shownProducts.map((p) => (
                <Chip key={p.id} on={productIds.includes(p.id)} onClick={() => setProductIds(toggle(productIds, p.id))} testId={`visit-product-${p.id}`}>
                  {p.name}
                </Chip>
              ))}
              {shownProducts.length < context.products.length && (
                <button type="button" className="min-h-10 px-2 text-sm text-brand-700 underline" onClick={() => setAllProducts(true)} data-testid="visit-products-all">
                  {t('form.allProducts', { count: context.products.length })}
                </button>
              )}
            </div>
          </Field>
        )}
        <Field label={t('form.keyMessages')} error={errors.keyMessages} hint={t('form.keyMessagesHint')}>
          {messages.length > 0 && (
            <div className="mb-2 flex flex-wrap gap-2" data-testid="visit-messages">
              {messages.map((m) => (
                <Chip key={m} on onClick={() => setMessages(messages.filter((x) => x !== m))}>
                  {m} ×
                </Chip>
              ))}
            </div>
          )}
          <div className="flex gap-2">
            <input
              className="input"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addMessage();
                }
              }}
              maxLength={200}
              enterKeyHint="done"
              placeholder={t('form.keyMessagePlaceholder')}
              data-testid="visit-message-input"
            />
            <button type="button" className="btn-secondary shrink-0" onClick={addMessage} disabled={!draft.trim()} data-testid="visit-message-add">
              {t('form.addMessage')}
            </button>
          </div>
        </Field>
        <Field label={t('form.outcome')} error={errors.outcome}>
          <div className="flex flex-wrap gap-2">
            {INTERACTION_OUTCOMES.map((o) => (
              <Chip key={o} on={outcome === o} onClick={() => setOutcome(outcome === o ? null : o)} testId={`visit-outcome-${o}`}>
                {t(`outcome.${o}`)}
              </Chip>
            ))}
          </div>
        </Field>
        <Field label={t('form.notes')} error={errors.notes}>
          <textarea className="input min-h-24" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={5000} data-testid="visit-notes" />
        </Field>
      </section>

      <section className="card space-y-3 p-4">
        <Field label={t('form.nextStep')} error={errors.nextStep} hint={t('form.nextStepHint')}>
          <input className="input" value={nextStep} onChange={(e) => setNextStep(e.target.value)} maxLength={500} placeholder={t('form.nextStepPlaceholder')} data-testid="visit-next-step" />
        </Field>
        {nextStep.trim() && (
          <Field label={t('form.nextStepDue')} error={errors.nextStepDue}>
            <div className="flex flex-wrap items-center gap-2">
              {quickDue.map((d) => (
                <Chip key={d.key} on={dueDate === d.date} onClick={() => setDueDate(dueDate === d.date ? '' : d.date)} testId={`visit-due-${d.key}`}>
                  {t(`form.due.${d.key}`)}
                </Chip>
              ))}
              <input type="date" className="input w-auto" value={dueDate} onChange={(e) => setDueDate(e.target.value)} aria-label={t('form.nextStepDue')} data-testid="visit-due-date" />
            </div>
          </Field>
        )}
      </section>

      {context.customFields.length > 0 && (
        <section className="card p-4">
          <CustomFieldInputs
            defs={context.customFields}
            values={custom}
            errors={errors}
            onChange={(key, value) => {
              setCustom({ ...custom, [key]: value });
              if (!touchedCustom.includes(key)) setTouchedCustom([...touchedCustom, key]);
            }}
          />
        </section>
      )}

      <div className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 p-3 backdrop-blur md:static md:border-0 md:bg-transparent md:p-0">
        <div className="mx-auto max-w-3xl space-y-2">
          <ErrorNote message={error?.message} testId="visit-error" />
          <button type="submit" className="btn-primary w-full py-3 text-base" disabled={pending || people.length === 0} data-testid="visit-save">
            {pending ? tw('saving') : initial ? t('form.saveChanges') : people.length === 0 ? t('form.pickPeopleFirst') : t('form.save', { count: people.length })}
          </button>
        </div>
      </div>
    </form>
  );
}
