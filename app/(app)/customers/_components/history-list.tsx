import type { Labels } from './label-fns';

type Row = { id: string; field: 'tier' | 'stage'; from: string | null; to: string | null; reason: string | null; by: string | null; at: Date };

/** Tier and stage history, newest first (server-rendered). */
export function HistoryList({ rows, l, t, dateTime }: { rows: Row[]; l: Labels; t: (k: string, v?: Record<string, string>) => string; dateTime: (d: Date) => string }) {
  if (!rows.length) return <p className="text-sm text-slate-500">{t('history.empty')}</p>;
  const label = (r: Row, v: string | null) => (r.field === 'tier' ? l.tier(v) : l.stage(v) || '—');
  return (
    <ul className="space-y-2 text-sm" data-testid="lifecycle-history">
      {rows.map((r) => (
        <li key={r.id}>
          <div className="text-slate-800">{t(r.field === 'tier' ? 'history.tier' : 'history.stage', { from: label(r, r.from), to: label(r, r.to) })}</div>
          <div className="text-xs text-slate-500">{[dateTime(r.at), r.by, r.reason].filter(Boolean).join(' · ')}</div>
        </li>
      ))}
    </ul>
  );
}
