import type { Localized } from '../engine/schema';

export interface MapPersona {
  id: string;
  name: Localized;
  title: Localized;
  influence: 'H' | 'M' | 'L';
  /** Attitude now (−2…+2). */
  attitude: number;
  /** Attitude at the start, shown as a ghost marker when it differs. */
  start?: number;
}

const COLOURS: Record<string, string> = { '-2': 'bg-red-600', '-1': 'bg-orange-400', '0': 'bg-slate-400', '1': 'bg-emerald-400', '2': 'bg-emerald-600' };

/**
 * The stakeholder (attitude) map: one row per persona, influence as a badge, attitude on a −2…+2
 * scale; `start` shows where they began. Plain markup, usable from server and client components.
 */
export function AttitudeMap({ personas, locale, labels }: { personas: MapPersona[]; locale: string; labels: { influence: Record<string, string>; scale: string } }) {
  const pick = (t: Localized) => (locale === 'en' ? t.en : t['zh-CN']);
  return (
    <ul className="space-y-2" data-testid="sim-attitude-map" aria-label={labels.scale}>
      {personas.map((p) => {
        const pos = ((p.attitude + 2) / 4) * 100;
        const startPos = p.start !== undefined ? ((p.start + 2) / 4) * 100 : null;
        return (
          <li key={p.id} className="flex items-center gap-3 text-sm" data-testid={`sim-attitude-${p.id}`} data-attitude={p.attitude}>
            <div className="w-28 shrink-0">
              <div className="font-medium">{pick(p.name)}</div>
              <div className="truncate text-xs text-slate-500">{pick(p.title)}</div>
            </div>
            <span className="badge shrink-0" title={labels.influence[p.influence]}>
              {labels.influence[p.influence]}
            </span>
            <div className="relative h-2 flex-1 rounded-full bg-gradient-to-r from-red-100 via-slate-100 to-emerald-100">
              {startPos !== null && startPos !== pos && <span className="absolute top-1/2 h-3 w-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-slate-400 bg-white" style={{ left: `${startPos}%` }} />}
              <span className={`absolute top-1/2 h-4 w-4 -translate-x-1/2 -translate-y-1/2 rounded-full ring-2 ring-white ${COLOURS[String(p.attitude)]}`} style={{ left: `${pos}%` }} />
            </div>
            <span className="w-8 text-right font-mono text-xs" data-testid={`sim-attitude-value-${p.id}`}>
              {p.attitude > 0 ? `+${p.attitude}` : p.attitude}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
