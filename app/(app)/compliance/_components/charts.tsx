/**
 * Small SVG charts for the console (no chart library): grouped bars over periods, with a y-axis
 * scale and a legend. Purely presentational; the numbers are also in the table beside it, so the
 * chart never is the only way to read them.
 */
export interface BarSeries {
  key: string;
  label: string;
  /** A Tailwind fill class, e.g. fill-emerald-500. */
  fill: string;
}

export function GroupedBars({ data, series, title, testId }: { data: { label: string; values: Record<string, number> }[]; series: BarSeries[]; title: string; testId?: string }) {
  const width = 720;
  const height = 220;
  const pad = { left: 36, right: 8, top: 12, bottom: 36 };
  const max = Math.max(1, ...data.flatMap((d) => series.map((s) => d.values[s.key] ?? 0)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const group = plotW / Math.max(1, data.length);
  const bar = Math.max(2, Math.min(18, (group - 6) / series.length));
  const y = (v: number) => pad.top + plotH - (v / top) * plotH;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const labelEvery = Math.ceil(data.length / 12);
  return (
    <figure data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="h-auto w-full">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} className="stroke-slate-200" strokeWidth={1} />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" className="fill-slate-400 text-[10px]">
              {v}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x0 = pad.left + i * group + (group - bar * series.length) / 2;
          return (
            <g key={d.label}>
              {series.map((s, j) => {
                const v = d.values[s.key] ?? 0;
                return (
                  <rect key={s.key} x={x0 + j * bar} y={y(v)} width={bar - 1} height={Math.max(0, pad.top + plotH - y(v))} className={s.fill}>
                    <title>{`${d.label} · ${s.label}: ${v}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text x={pad.left + i * group + group / 2} y={height - pad.bottom + 16} textAnchor="middle" className="fill-slate-500 text-[10px]">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={s.fill} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function niceStep(max: number): number {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag);
}

/** A horizontal share bar (e.g. people counted against a legal threshold). */
export function ThresholdBar({ value, threshold, label, testId }: { value: number; threshold: number; label: string; testId?: string }) {
  const share = Math.min(1, value / threshold);
  const tone = share >= 1 ? 'bg-red-500' : share >= 0.8 ? 'bg-amber-500' : 'bg-brand-500';
  return (
    <div data-testid={testId}>
      <div className="flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span>{Math.round(share * 1000) / 10}%</span>
      </div>
      <div className="mt-1 h-2 rounded-full bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={threshold} aria-valuenow={value} aria-label={label}>
        <div className={`h-2 rounded-full ${tone}`} style={{ width: `${Math.max(share > 0 ? 1 : 0, share * 100)}%` }} />
      </div>
    </div>
  );
}
