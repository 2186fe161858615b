'use client';

import type { ScenarioContent } from '../engine/schema';

/**
 * The visual branch map: turns in columns by their distance from the start, an arrow per answer
 * (red when the answer carries a compliance blocker), unreachable turns and dead ends outlined in
 * red. Plain SVG.
 */
export function BranchMap({ content, problemTurns, onSelect, labels }: { content: ScenarioContent; problemTurns: Set<string>; onSelect: (turnId: string) => void; labels: { end: string; start: string } }) {
  const depth = new Map<string, number>();
  const queue: string[] = [];
  if (content.turns.some((t) => t.id === content.startTurnId)) {
    depth.set(content.startTurnId, 0);
    queue.push(content.startTurnId);
  }
  const byId = new Map(content.turns.map((t) => [t.id, t]));
  while (queue.length) {
    const id = queue.shift()!;
    for (const o of byId.get(id)?.options ?? []) {
      if (o.next && byId.has(o.next) && !depth.has(o.next)) {
        depth.set(o.next, depth.get(id)! + 1);
        queue.push(o.next);
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  for (const t of content.turns) if (!depth.has(t.id)) depth.set(t.id, maxDepth + 1); // unreachable: a column of their own
  const columns = new Map<number, string[]>();
  for (const t of content.turns) {
    const d = depth.get(t.id)!;
    columns.set(d, [...(columns.get(d) ?? []), t.id]);
  }
  const W = 120;
  const H = 44;
  const GX = 50;
  const GY = 18;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of columns) ids.forEach((id, i) => pos.set(id, { x: 10 + d * (W + GX), y: 10 + i * (H + GY) }));
  const cols = Math.max(...columns.keys(), 0) + 1;
  const rows = Math.max(...[...columns.values()].map((c) => c.length), 1);
  const endX = 10 + cols * (W + GX);
  const endY = 10;
  const width = endX + 70;
  const height = Math.max(rows * (H + GY) + 20, 80);
  const blockers = new Set(content.rubric.blockers);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="w-full min-w-[480px]" role="img" aria-label="branch map" data-testid="sim-branch-map">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b" />
        </marker>
      </defs>
      {content.turns.flatMap((t) =>
        t.options.map((o) => {
          const from = pos.get(t.id)!;
          const to = o.next ? pos.get(o.next) : { x: endX, y: endY };
          if (!to) return null;
          const bad = o.tags.some((tag) => blockers.has(tag));
          const x1 = from.x + W;
          const y1 = from.y + H / 2;
          const x2 = to.x;
          const y2 = to.y + H / 2;
          const back = x2 <= x1;
          const d = back ? `M ${x1} ${y1} C ${x1 + 40} ${y1 + 60}, ${x2 - 40} ${y2 + 60}, ${x2} ${y2}` : `M ${x1} ${y1} C ${x1 + 25} ${y1}, ${x2 - 25} ${y2}, ${x2} ${y2}`;
          return <path key={`${t.id}-${o.id}`} d={d} fill="none" stroke={bad ? '#dc2626' : '#94a3b8'} strokeWidth={bad ? 1.5 : 1} strokeDasharray={bad ? '4 2' : undefined} markerEnd="url(#arrow)" />;
        }),
      )}
      {content.turns.map((t) => {
        const p = pos.get(t.id)!;
        const problem = problemTurns.has(t.id);
        return (
          <g key={t.id} onClick={() => onSelect(t.id)} className="cursor-pointer" data-testid={`sim-map-node-${t.id}`}>
            <rect x={p.x} y={p.y} width={W} height={H} rx={6} fill={problem ? '#fef2f2' : '#f8fafc'} stroke={problem ? '#dc2626' : t.id === content.startTurnId ? '#16736b' : '#cbd5e1'} strokeWidth={problem || t.id === content.startTurnId ? 2 : 1} />
            <text x={p.x + 8} y={p.y + 18} fontSize="12" fontWeight="600" fill="#0f172a">
              {t.id}
              {t.id === content.startTurnId ? ` · ${labels.start}` : ''}
            </text>
            <text x={p.x + 8} y={p.y + 34} fontSize="10" fill="#64748b">
              {(content.personas.find((x) => x.id === t.personaId)?.name['zh-CN'] ?? t.personaId).slice(0, 10)} · {t.options.length}
            </text>
          </g>
        );
      })}
      <g>
        <circle cx={endX + 20} cy={endY + H / 2} r={18} fill="#ecfdf5" stroke="#059669" />
        <text x={endX + 20} y={endY + H / 2 + 4} fontSize="11" textAnchor="middle" fill="#065f46">
          {labels.end}
        </text>
      </g>
    </svg>
  );
}
