'use client';

import { useRouter } from 'next/navigation';
import { useT } from '@/app/_lib/i18n';
import { trpc } from '@/app/_lib/trpc';

function download(csv: string, name: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV of the register (current or a snapshot); the export is audited on the server. */
export function RegisterCsvButton({ snapshotId, label }: { snapshotId: string | null; label: string }) {
  const csv = trpc.compliance.register.csv.useMutation({ onSuccess: (r) => download(r.csv, `processing-register-${snapshotId ?? new Date().toISOString().slice(0, 10)}.csv`) });
  return (
    <button type="button" className="btn-secondary py-1" onClick={() => csv.mutate({ snapshotId })} disabled={csv.isPending} data-testid={`register-csv-${snapshotId ?? 'current'}`}>
      {label}
    </button>
  );
}

export function RegisterActions({ canManage }: { canManage: boolean }) {
  const tr = useT('privacy.register');
  const router = useRouter();
  const snap = trpc.compliance.register.takeSnapshot.useMutation({ onSuccess: () => router.refresh() });
  return (
    <div className="flex flex-wrap gap-2">
      <RegisterCsvButton snapshotId={null} label={tr('downloadCsv')} />
      {canManage && (
        <button type="button" className="btn-primary py-1" onClick={() => snap.mutate()} disabled={snap.isPending} data-testid="register-snapshot">
          {tr('takeSnapshot')}
        </button>
      )}
    </div>
  );
}
