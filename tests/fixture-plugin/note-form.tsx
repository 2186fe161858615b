'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useT } from '@/app/_lib/i18n';
import { usePluginMutation } from '@/app/_lib/plugin-client';
import { FIXTURE_ID } from './manifest';

export function NoteForm() {
  const t = useT(`plugins.${FIXTURE_ID}`);
  const router = useRouter();
  const create = usePluginMutation<{ title: string; body: string }, { id: string }>(FIXTURE_ID, 'create');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        await create.mutateAsync({ title, body });
        setTitle('');
        setBody('');
        router.refresh();
      }}
    >
      <h2 className="text-sm font-semibold">{t('add')}</h2>
      <input className="input" placeholder={t('titleLabel')} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="fixture-note-title" />
      <textarea className="input" rows={3} placeholder={t('bodyLabel')} value={body} onChange={(e) => setBody(e.target.value)} data-testid="fixture-note-body" />
      {create.error && (
        <p className="text-sm text-red-700" role="alert">
          {create.error.message}
        </p>
      )}
      <button className="btn-primary" disabled={create.isPending || !title.trim()} data-testid="fixture-note-save">
        {t('save')}
      </button>
    </form>
  );
}
