'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';
import { PersonSearch, type PickedPerson } from './person-search';

/** Queue a retention run now, or a preview that changes nothing. */
export function RetentionRunButtons() {
  const tr = useT('privacy.retention');
  const router = useRouter();
  const run = trpc.compliance.retention.run.useMutation({ onSuccess: () => setTimeout(() => router.refresh(), 1500) });
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <button type="button" className="btn-secondary" disabled={run.isPending} onClick={() => run.mutate({ dryRun: true })} data-testid="retention-preview">
          {tr('runPreview')}
        </button>
        <button type="button" className="btn-primary" disabled={run.isPending} onClick={() => run.mutate({ dryRun: false })} data-testid="retention-run">
          {tr('runNow')}
        </button>
      </div>
      {run.isSuccess && <span className="text-xs text-emerald-700">{tr('queued')}</span>}
      {run.error && (
        <span className="text-xs text-red-700" role="alert">
          {run.error.message}
        </span>
      )}
    </div>
  );
}

export function LegalHoldForm() {
  const tl = useT('privacy.holds');
  const router = useRouter();
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const create = trpc.compliance.legalHolds.create.useMutation({
    onSuccess: () => {
      setPerson(null);
      setReason('');
      setUntil('');
      router.refresh();
    },
  });
  return (
    <details className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium text-brand-700">{tl('new')}</summary>
      <form
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (person) create.mutate({ personId: person.id, reason, until: until || null });
        }}
      >
        {person ? (
          <p className="text-sm">
            {tl('person')}: <b>{person.name}</b>{' '}
            <button type="button" className="text-xs text-brand-700 underline" onClick={() => setPerson(null)}>
              {tl('change')}
            </button>
          </p>
        ) : (
          <PersonSearch onPick={setPerson} testId="hold-person" />
        )}
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
          <input className="input" placeholder={tl('reason')} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
          <label className="text-sm">
            <span className="sr-only">{tl('untilLabel')}</span>
            <input type="date" className="input" value={until} onChange={(e) => setUntil(e.target.value)} title={tl('untilLabel')} />
          </label>
        </div>
        <p className="text-xs text-slate-500">{tl('help')}</p>
        {create.error && (
          <p className="text-sm text-red-700" role="alert">
            {create.error.message}
          </p>
        )}
        <button type="submit" className="btn-primary" disabled={!person || create.isPending}>
          {tl('create')}
        </button>
      </form>
    </details>
  );
}

export function ReleaseHoldButton({ id }: { id: string }) {
  const tl = useT('privacy.holds');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const release = trpc.compliance.legalHolds.release.useMutation({ onSuccess: () => router.refresh() });
  if (!open)
    return (
      <button type="button" className="btn-secondary py-1" onClick={() => setOpen(true)}>
        {tl('release')}
      </button>
    );
  return (
    <form
      className="flex w-full flex-wrap gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        release.mutate({ id, note });
      }}
    >
      <input className="input flex-1" placeholder={tl('releaseNote')} value={note} onChange={(e) => setNote(e.target.value)} required maxLength={500} autoFocus />
      <button type="submit" className="btn-danger" disabled={release.isPending}>
        {tl('confirmRelease')}
      </button>
      {release.error && <span className="text-xs text-red-700">{release.error.message}</span>}
    </form>
  );
}
