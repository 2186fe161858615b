/** Plain SVG / CSS charts (server-rendered, no chart library): print as they show. */

export function LineChart({ points, min, max, testId, label }: { points: { x: string; y: number | null }[]; min: number; max: number; testId?: string; label: string }) {
  const w = 320;
  const h = 120;
  const pad = 24;
  const step = points.length > 1 ? (w - pad * 2) / (points.length - 1) : 0;
  const yOf = (v: number) => h - pad - ((v - min) / (max - min)) * (h - pad * 2);
  const xy = points.map((p, i) => (p.y === null ? null : { x: pad + i * step, y: yOf(p.y), v: p.y, label: p.x }));
  const path = xy
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className="h-auto w-full" role="img" aria-label={label} data-testid={testId}>
      <line x1={pad} x2={w - pad} y1={yOf(0)} y2={yOf(0)} stroke="#cbd5e1" strokeDasharray="3 3" />
      {path && <path d={path} fill="none" stroke="#2563eb" strokeWidth={2} />}
      {xy.map((p, i) =>
        p ? (
          <g key={i}>
            <circle cx={p.x} cy={p.y} r={3} fill="#2563eb" />
            <text x={p.x} y={p.y - 6} fontSize={9} textAnchor="middle" fill="#1e293b">
              {p.v}
            </text>
          </g>
        ) : null,
      )}
      {points.map((p, i) => (
        <text key={p.x} x={pad + i * step} y={h - 6} fontSize={9} textAnchor="middle" fill="#64748b">
          {p.x.slice(2)}
        </text>
      ))}
    </svg>
  );
}

export function Bars({ rows, max, format = (v) => String(v), testId }: { rows: { label: string; value: number | null; note?: string }[]; max: number; format?: (v: number) => string; testId?: string }) {
  return (
    <ul className="space-y-1.5" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.label} className="grid grid-cols-[8rem_1fr_4rem] items-center gap-2 text-sm">
          <span className="truncate text-slate-700" title={r.label}>
            {r.label}
          </span>
          <span className="h-3 rounded bg-slate-100 print:border print:border-slate-300">
            <span className="block h-3 rounded bg-brand-600" style={{ width: `${r.value === null ? 0 : Math.max(2, (Math.max(0, r.value) / max) * 100)}%` }} />
          </span>
          <span className="text-right tabular-nums text-slate-700">
            {r.value === null ? '—' : format(r.value)}
            {r.note && <span className="block text-[10px] text-slate-400">{r.note}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
