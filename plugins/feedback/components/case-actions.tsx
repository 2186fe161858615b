'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fieldErrorsOf } from '@/app/_lib/form-errors';
import { useT } from '@/app/_lib/i18n';
import { callPluginQuery, usePluginMutation } from '@/app/_lib/plugin-client';
import type { CaseStatus } from '../settings';

const ACTIONS: Record<CaseStatus, ('assign' | 'start' | 'resolve' | 'close' | 'reopen')[]> = {
  new: ['assign', 'start'],
  assigned: ['assign', 'start', 'resolve'],
  in_progress: ['assign', 'resolve'],
  resolved: ['close', 'reopen'],
  closed: ['reopen'],
};

/** The triage buttons of a case; what the server allows decides (a refused step shows its translated reason). */
export function CaseActions({ id, status, canManage, isOwner, assignees }: { id: string; status: CaseStatus; canManage: boolean; isOwner: boolean; assignees: { id: string; name: string }[] }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const transition = usePluginMutation<Record<string, unknown>, unknown>('feedback', 'cases.transition');
  const [ownerId, setOwnerId] = useState('');
  const [resolution, setResolution] = useState('');
  const errors = fieldErrorsOf(transition.error);
  const allowed = ACTIONS[status].filter((a) => canManage || (isOwner && (a === 'start' || a === 'resolve')));
  if (!allowed.length) return null;
  const run = async (action: string) => {
    const ok = await transition.mutateAsync({ id, action, ownerId: ownerId || null, resolution: resolution || null }).then(
      () => true,
      () => false,
    );
    if (ok) {
      setResolution('');
      router.refresh();
    }
  };
  return (
    <div className="space-y-3" data-testid="feedback-case-actions">
      {allowed.includes('assign') && (
        <div className="flex flex-wrap items-end gap-2">
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('assignTo')}</span>
            <select className="input" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} data-testid="feedback-assignee">
              <option value="">—</option>
              {assignees.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn-secondary" disabled={transition.isPending || !ownerId} onClick={() => run('assign')} data-testid="feedback-action-assign">
            {t('actions.assign')}
          </button>
        </div>
      )}
      {allowed.includes('resolve') && (
        <label className="block text-sm">
          <span className="mb-1 block text-slate-600">{t('fields.resolution')}</span>
          <textarea className="input" rows={2} value={resolution} onChange={(e) => setResolution(e.target.value)} data-testid="feedback-resolution" />
          {errors.resolution && <span className="text-xs text-red-700">{errors.resolution}</span>}
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        {allowed
          .filter((a) => a !== 'assign')
          .map((a) => (
            <button key={a} type="button" className={a === 'close' ? 'btn-primary' : 'btn-secondary'} disabled={transition.isPending} onClick={() => run(a)} data-testid={`feedback-action-${a}`}>
              {t(`actions.${a}`)}
            </button>
          ))}
      </div>
      {transition.error && !Object.keys(errors).length && (
        <p className="text-sm text-red-700" role="alert">
          {transition.error.message}
        </p>
      )}
    </div>
  );
}

/** Upload (base64 through the plugin's procedure, stored encrypted) and download of case attachments. */
export function Attachments({ caseId, files }: { caseId: string; files: { id: string; fileName: string; size: number }[] }) {
  const t = useT('plugins.feedback');
  const router = useRouter();
  const attach = usePluginMutation<Record<string, unknown>, unknown>('feedback', 'cases.attach');
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-2" data-testid="feedback-attachments">
      <ul className="space-y-1 text-sm">
        {files.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="text-brand-700 hover:underline"
              onClick={async () => {
                const file = await callPluginQuery<{ id: string }, { fileName: string; mimeType: string; dataBase64: string }>('feedback', 'cases.attachment', { id: f.id });
                const bytes = Uint8Array.from(atob(file.dataBase64), (ch) => ch.charCodeAt(0));
                const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
                const a = document.createElement('a');
                a.href = url;
                a.download = file.fileName;
                a.click();
                URL.revokeObjectURL(url);
              }}
            >
              {f.fileName}
            </button>{' '}
            <span className="text-xs text-slate-400">{Math.ceil(f.size / 1024)} KB</span>
          </li>
        ))}
      </ul>
      <label className="block text-sm">
        <span className="mb-1 block text-slate-600">{t('upload')}</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,application/pdf,text/plain"
          disabled={busy}
          data-testid="feedback-attachment-input"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setBusy(true);
            const buffer = new Uint8Array(await file.arrayBuffer());
            let binary = '';
            for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
            await attach.mutateAsync({ caseId, fileName: file.name.slice(0, 200), mimeType: file.type, dataBase64: btoa(binary) }).catch(() => null);
            setBusy(false);
            e.target.value = '';
            router.refresh();
          }}
        />
        <span className="text-xs text-slate-500">{t('uploadHint')}</span>
      </label>
      {attach.error && (
        <p className="text-sm text-red-700" role="alert">
          {attach.error.message}
        </p>
      )}
    </div>
  );
}
