'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DSR_RECEIVED_VIA, DSR_TYPES, IDENTITY_METHODS, type DsrReceivedVia, type DsrType, type IdentityMethod } from '@/server/db/entities/compliance-enums';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { PersonSearch, type PickedPerson } from './person-search';

/** Logging a request as it arrives (email, phone, letter…); the due date follows the tenant setting. */
export function NewDsrForm() {
  const td = useT('dsr');
  const tc = useT('common');
  const router = useRouter();
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [type, setType] = useState<DsrType>('access');
  const [via, setVia] = useState<DsrReceivedVia>('email');
  const [requesterName, setRequesterName] = useState('');
  const [contact, setContact] = useState('');
  const [details, setDetails] = useState('');
  const [receivedAt, setReceivedAt] = useState('');
  const create = trpc.compliance.dsr.create.useMutation({ onSuccess: (r) => router.push(`/compliance/dsr/${r.id}`) });
  const errors = fieldErrorsOf(create.error);
  return (
    <form
      className="space-y-3"
      data-testid="dsr-new-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (person) create.mutate({ personId: person.id, type, receivedVia: via, requesterName, requesterContact: contact || null, details: details || null, receivedAt: receivedAt ? new Date(receivedAt) : null });
      }}
    >
      {person ? (
        <p className="text-sm">
          {td('field.person')}: <b>{person.name}</b>{' '}
          <button type="button" className="text-xs text-brand-700 underline" onClick={() => setPerson(null)}>
            {td('changePerson')}
          </button>
        </p>
      ) : (
        <div>
          <span className="mb-1 block text-sm font-medium">{td('field.person')}</span>
          <PersonSearch
            onPick={(p) => {
              setPerson(p);
              if (!requesterName) setRequesterName(p.name);
            }}
            testId="dsr-person"
          />
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{td('field.type')}</span>
          <select className="input" value={type} onChange={(e) => setType(e.target.value as DsrType)} data-testid="dsr-type">
            {DSR_TYPES.map((x) => (
              <option key={x} value={x}>
                {td(`type.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{td('field.receivedVia')}</span>
          <select className="input" value={via} onChange={(e) => setVia(e.target.value as DsrReceivedVia)}>
            {DSR_RECEIVED_VIA.map((x) => (
              <option key={x} value={x}>
                {td(`via.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{td('field.receivedAt')}</span>
          <input type="datetime-local" className="input" value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} />
          <span className="text-xs text-slate-500">{td('receivedAtHelp')}</span>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{td('field.requester')}</span>
          <input className="input" value={requesterName} onChange={(e) => setRequesterName(e.target.value)} required maxLength={100} data-testid="dsr-requester" />
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="mb-1 block font-medium">{td('field.contact')}</span>
          <input className="input" value={contact} onChange={(e) => setContact(e.target.value)} maxLength={200} />
        </label>
      </div>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{td('field.details')}</span>
        <textarea className="input" value={details} onChange={(e) => setDetails(e.target.value)} maxLength={5000} placeholder={td('detailsPlaceholder')} />
        {errors.details && <span className="text-xs text-red-700">{errors.details}</span>}
      </label>
      {create.error && !Object.keys(errors).length && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {create.error.message}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={!person || create.isPending} data-testid="dsr-create">
        {create.isPending ? tc('saving') : td('create')}
      </button>
    </form>
  );
}

/** The next steps of an open request: assign, verify identity, carry out, close or refuse with a reason. */
export function DsrActions({
  request,
  assignable,
}: {
  request: { id: string; type: DsrType; status: string; identityVerified: boolean; executed: boolean; hasBundle: boolean; assigneeUserId: string | null };
  assignable: { id: string; name: string }[];
}) {
  const td = useT('dsr');
  const router = useRouter();
  const [method, setMethod] = useState<IdentityMethod>('id_document');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const [refusing, setRefusing] = useState(false);
  const refresh = () => router.refresh();
  const assign = trpc.compliance.dsr.assign.useMutation({ onSuccess: refresh });
  const verify = trpc.compliance.dsr.verifyIdentity.useMutation({ onSuccess: refresh });
  const execute = trpc.compliance.dsr.execute.useMutation({ onSuccess: refresh });
  const complete = trpc.compliance.dsr.complete.useMutation({ onSuccess: refresh });
  const refuse = trpc.compliance.dsr.refuse.useMutation({ onSuccess: refresh });
  const error = assign.error ?? verify.error ?? execute.error ?? complete.error ?? refuse.error;
  const open = request.status === 'received' || request.status === 'in_progress';
  return (
    <section className="card space-y-4 p-4" data-testid="dsr-actions">
      <h2 className="text-sm font-semibold text-slate-700">{td('actionsTitle')}</h2>
      {error && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {error.message}
        </p>
      )}
      {open && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-500">{td('field.assignee')}</span>
          <select className="input w-auto" value={request.assigneeUserId ?? ''} onChange={(e) => e.target.value && assign.mutate({ id: request.id, assigneeUserId: e.target.value })} disabled={assign.isPending}>
            <option value="">—</option>
            {assignable.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {open && !request.identityVerified && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">{td('step.verify')}</span>
          <select className="input w-auto" value={method} onChange={(e) => setMethod(e.target.value as IdentityMethod)} data-testid="dsr-identity-method">
            {IDENTITY_METHODS.map((m) => (
              <option key={m} value={m}>
                {td(`identity.${m}`)}
              </option>
            ))}
          </select>
          <button type="button" className="btn-primary" disabled={verify.isPending} onClick={() => verify.mutate({ id: request.id, method })} data-testid="dsr-verify">
            {td('verify')}
          </button>
        </div>
      )}
      {open && request.identityVerified && (!request.executed || request.type === 'access' || request.type === 'portability' || request.type === 'correction') && (
        <div className="space-y-2 text-sm">
          <span className="font-medium">{td(`step.execute.${request.type}`)}</span>
          <p className="text-xs text-slate-500">{td(`executeHelp.${request.type}`)}</p>
          {request.type === 'correction' && <textarea className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder={td('correctionPlaceholder')} maxLength={5000} />}
          <button type="button" className={request.type === 'deletion' ? 'btn-danger' : 'btn-primary'} disabled={execute.isPending} onClick={() => execute.mutate({ id: request.id, note: note || null })} data-testid="dsr-execute">
            {execute.isPending ? td('working') : request.executed ? td('regenerate') : td(`execute.${request.type}`)}
          </button>
        </div>
      )}
      {request.hasBundle && (
        <a href={`/api/compliance/dsr/${request.id}/bundle`} className="btn-secondary" data-testid="dsr-download">
          {td('download')}
        </a>
      )}
      {open && request.executed && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            complete.mutate({ id: request.id, outcome });
          }}
        >
          <label className="block text-sm">
            <span className="mb-1 block font-medium">{td('step.complete')}</span>
            <textarea className="input" value={outcome} onChange={(e) => setOutcome(e.target.value)} required maxLength={5000} placeholder={td('outcomePlaceholder')} data-testid="dsr-outcome" />
          </label>
          <button type="submit" className="btn-primary" disabled={complete.isPending} data-testid="dsr-complete">
            {td('complete')}
          </button>
        </form>
      )}
      {open && (
        <div>
          {refusing ? (
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                refuse.mutate({ id: request.id, reason });
              }}
            >
              <label className="block text-sm">
                <span className="mb-1 block font-medium">{td('refuseReason')}</span>
                <textarea className="input" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={5000} placeholder={td('refusePlaceholder')} />
              </label>
              <div className="flex gap-2">
                <button type="submit" className="btn-danger" disabled={refuse.isPending}>
                  {td('refuse')}
                </button>
                <button type="button" className="btn-secondary" onClick={() => setRefusing(false)}>
                  {td('cancel')}
                </button>
              </div>
            </form>
          ) : (
            <button type="button" className="text-sm text-red-700 underline" onClick={() => setRefusing(true)}>
              {td('refuseOpen')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
