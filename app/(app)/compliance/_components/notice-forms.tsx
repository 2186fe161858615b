'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CONSENT_PURPOSES, type ConsentPurpose } from '@/server/db/entities/compliance-enums';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

/** Starts the next version of a purpose's notice in one language (a draft until published). */
export function NoticeDraftForm() {
  const t = useT('consent');
  const tn = useT('consent.notices');
  const tc = useT('common');
  const router = useRouter();
  const [purpose, setPurpose] = useState<ConsentPurpose>('promotional');
  const [locale, setLocale] = useState<'zh-CN' | 'en'>('zh-CN');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const create = trpc.compliance.notices.create.useMutation({ onSuccess: (r) => router.push(`/compliance/notices/${r.id}`) });
  const errors = fieldErrorsOf(create.error);
  return (
    <form
      className="space-y-3"
      data-testid="notice-draft-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ purpose, locale, title, body });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tn('purpose')}</span>
          <select className="input" value={purpose} onChange={(e) => setPurpose(e.target.value as ConsentPurpose)} data-testid="notice-purpose">
            {CONSENT_PURPOSES.map((p) => (
              <option key={p} value={p}>
                {t(`purpose.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{tn('language')}</span>
          <select className="input" value={locale} onChange={(e) => setLocale(e.target.value as 'zh-CN' | 'en')} data-testid="notice-locale">
            <option value="zh-CN">{t('locale.zh-CN')}</option>
            <option value="en">{t('locale.en')}</option>
          </select>
        </label>
      </div>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{tn('titleField')}</span>
        <input className="input" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} required data-testid="notice-title" />
        {errors.title && <span className="text-xs text-red-700">{errors.title}</span>}
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{tn('body')}</span>
        <textarea className="input min-h-40" value={body} maxLength={20000} onChange={(e) => setBody(e.target.value)} required placeholder={tn('bodyPlaceholder')} data-testid="notice-body-input" />
        {errors.body && <span className="text-xs text-red-700">{errors.body}</span>}
      </label>
      {create.error && !Object.keys(errors).length && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {create.error.message}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={create.isPending} data-testid="notice-create">
        {create.isPending ? tc('saving') : tn('createDraft')}
      </button>
    </form>
  );
}

/** Editing, publishing or discarding a draft. Publishing freezes the text for good. */
export function NoticeDraftActions({ notice }: { notice: { id: string; title: string; body: string; version: number; purpose: string; locale: string } }) {
  const tn = useT('consent.notices');
  const tc = useT('common');
  const router = useRouter();
  const [title, setTitle] = useState(notice.title);
  const [body, setBody] = useState(notice.body);
  const [reconsent, setReconsent] = useState(true);
  const [confirm, setConfirm] = useState<'activate' | 'discard' | null>(null);
  const [saved, setSaved] = useState(false);
  const update = trpc.compliance.notices.update.useMutation({ onSuccess: () => setSaved(true) });
  const activate = trpc.compliance.notices.activate.useMutation({
    onSuccess: () => {
      setConfirm(null);
      router.refresh();
    },
  });
  const discard = trpc.compliance.notices.discard.useMutation({ onSuccess: () => router.push('/compliance/notices') });
  const dirty = title !== notice.title || body !== notice.body;
  return (
    <section className="card space-y-3 p-4" data-testid="notice-draft-actions">
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{tn('titleField')}</span>
        <input
          className="input"
          value={title}
          maxLength={200}
          onChange={(e) => {
            setTitle(e.target.value);
            setSaved(false);
          }}
        />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{tn('body')}</span>
        <textarea
          className="input min-h-64"
          value={body}
          maxLength={20000}
          onChange={(e) => {
            setBody(e.target.value);
            setSaved(false);
          }}
        />
      </label>
      {(update.error ?? activate.error ?? discard.error) && (
        <p className="rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert">
          {(update.error ?? activate.error ?? discard.error)!.message}
        </p>
      )}
      {saved && !dirty && (
        <p className="text-sm text-emerald-700" role="status">
          {tc('saved')}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" disabled={!dirty || update.isPending} onClick={() => update.mutate({ id: notice.id, title, body }, { onSuccess: () => router.refresh() })}>
          {update.isPending ? tc('saving') : tc('save')}
        </button>
        <button type="button" className="btn-primary" disabled={dirty} onClick={() => setConfirm('activate')} data-testid="notice-activate">
          {tn('activate')}
        </button>
        <button type="button" className="btn-danger" onClick={() => setConfirm('discard')}>
          {tn('discard')}
        </button>
      </div>
      {dirty && <p className="text-xs text-slate-500">{tn('saveFirst')}</p>}
      <ConfirmDialog
        open={confirm === 'activate'}
        title={tn('activateTitle', { version: notice.version })}
        confirmLabel={tn('activate')}
        pending={activate.isPending}
        error={activate.error?.message}
        onConfirm={() => activate.mutate({ id: notice.id, reconsentRequired: reconsent })}
        onCancel={() => setConfirm(null)}
        testId="notice-activate-dialog"
      >
        <p>{tn('activateBody')}</p>
        {notice.version > 1 && (
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-1" checked={reconsent} onChange={(e) => setReconsent(e.target.checked)} data-testid="notice-reconsent" />
            <span>
              <b>{tn('reconsentLabel')}</b>
              <br />
              {tn('reconsentHelp')}
            </span>
          </label>
        )}
      </ConfirmDialog>
      <ConfirmDialog open={confirm === 'discard'} title={tn('discardTitle')} confirmLabel={tn('discard')} danger pending={discard.isPending} onConfirm={() => discard.mutate({ id: notice.id })} onCancel={() => setConfirm(null)} />
    </section>
  );
}
