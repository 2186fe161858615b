'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import type { ImportEntity } from '@/server/db/entities';
import { useT } from '@/app/_lib/i18n';

const ACCEPT = '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Choose what to import and drop (or pick) the file. The file goes to POST /api/imports as the raw
 * body; the server reads it through once and answers with the new import, whose column mapping
 * opens next.
 */
export function UploadForm({ entities, initialEntity }: { entities: ImportEntity[]; initialEntity: ImportEntity | null }) {
  const t = useT('imports.ui');
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [entity, setEntity] = useState<ImportEntity | null>(initialEntity);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    if (!entity || !file) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/imports?entity=${entity}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { message: string } };
      if (!res.ok || !body.id) {
        setError(body.error?.message ?? t('uploadFailed'));
        setBusy(false);
        return;
      }
      router.push(`/imports/${body.id}`);
    } catch {
      setError(t('uploadFailed'));
      setBusy(false);
    }
  };

  if (!entities.length) return <p className="card p-6 text-sm text-slate-600">{t('nothingToImport')}</p>;

  return (
    <div className="space-y-4">
      <section className="card p-4">
        <h2 className="mb-3 text-base font-semibold">{t('chooseEntity')}</h2>
        <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label={t('chooseEntity')}>
          {entities.map((e) => (
            <label
              key={e}
              className={`flex cursor-pointer gap-3 rounded-md border p-3 ${entity === e ? 'border-brand-500 bg-brand-50' : 'border-slate-200 hover:bg-slate-50'}`}
              data-testid={`import-entity-${e}`}
            >
              <input type="radio" name="entity" className="mt-1" checked={entity === e} onChange={() => setEntity(e)} />
              <span>
                <span className="block font-medium">{t(`entity.${e}`)}</span>
                <span className="block text-xs text-slate-500">{t(`entityHelp.${e}`)}</span>
                <a href={`/api/imports/template?entity=${e}`} className="mt-1 inline-block text-xs text-brand-700 underline" onClick={(ev) => ev.stopPropagation()}>
                  {t('downloadTemplate')}
                </a>
              </span>
            </label>
          ))}
        </div>
      </section>

      <section className="card p-4">
        <h2 className="mb-1 text-base font-semibold">{t('chooseFile')}</h2>
        <p className="mb-3 text-xs text-slate-500">{t('fileHelp')}</p>
        <div
          className={`flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed p-8 text-center ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300'}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const dropped = e.dataTransfer.files[0];
            if (dropped) setFile(dropped);
          }}
        >
          <p className="text-sm text-slate-600">{file ? t('fileChosen', { name: file.name, size: Math.max(1, Math.round(file.size / 1024)) }) : t('dropHere')}</p>
          <button type="button" className="btn-secondary" onClick={() => input.current?.click()}>
            {file ? t('chooseAnother') : t('browse')}
          </button>
          <input ref={input} type="file" accept={ACCEPT} className="sr-only" data-testid="import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        {error && (
          <p className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-700" role="alert" data-testid="import-upload-error">
            {error}
          </p>
        )}
        <div className="mt-4 flex justify-end">
          <button type="button" className="btn-primary" disabled={!entity || !file || busy} onClick={send} data-testid="import-upload">
            {busy ? t('uploading') : t('upload')}
          </button>
        </div>
      </section>
    </div>
  );
}
