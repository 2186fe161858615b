/**
 * bench/results/<db>-<scale>.json (everything) and .md (the table people read). Targets are
 * compared here, in the report — never in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './http';
import type { JobResult, Targets } from './types';

export type ScenarioResult =
  | ({ kind: 'latency'; id: string; title: string; targets: Targets; serverRssPeakMb: number; raw: (LoadResult & { statements: number }) | null; sql: string[] } & LoadResult)
  | ({ kind: 'job'; id: string; title: string; targets: Targets } & JobResult)
  | { kind: 'failed'; id: string; title: string; targets: Targets; error: string };

export interface Report {
  db: string;
  scale: string;
  date: string;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
  settings: Record<string, unknown>;
  dataSizes: Record<string, number>;
  server: { rssAtStartMb: number; rssAfterRunMb: number };
  scenarios: ScenarioResult[];
}

export const SERVER_RSS_TARGET_MB = 600;

const fmt = (n: number | undefined | null, digits = 1) => (n === undefined || n === null || Number.isNaN(n) ? '–' : n.toLocaleString('en', { maximumFractionDigits: digits }));

/** Endpoint p95 ÷ (framework floor p95 + raw SQL p95). */
export function floorRatio(r: Extract<ScenarioResult, { kind: 'latency' }>, floorP95: number | undefined): number | null {
  if (!r.raw || floorP95 === undefined || !r.raw.requests) return null;
  return Math.round((r.p95 / (floorP95 + r.raw.p95)) * 100) / 100;
}

function verdict(r: ScenarioResult, floorP95: number | undefined): { met: boolean | null; missed: string[] } {
  const missed: string[] = [];
  const t = r.targets;
  if (r.kind === 'failed') return { met: false, missed: ['failed'] };
  if (r.kind === 'latency') {
    if (t.p95Ms !== undefined && !(r.p95 <= t.p95Ms)) missed.push(`p95 > ${t.p95Ms} ms`);
    if (t.p95Ms !== undefined && r.errors > 0) missed.push('errors');
    const ratio = floorRatio(r, floorP95);
    if (t.floorRatio !== undefined && ratio !== null && ratio > t.floorRatio) missed.push(`> ${t.floorRatio}× floors`);
  } else {
    if (t.rowsPerSecond !== undefined && !(r.rowsPerSecond >= t.rowsPerSecond)) missed.push(`< ${t.rowsPerSecond} rows/s`);
    if (t.rssGrowthMb !== undefined && !(r.rssGrowthMb <= t.rssGrowthMb)) missed.push(`RSS +${r.rssGrowthMb} > ${t.rssGrowthMb} MB`);
    if (r.errors > 0) missed.push('errors');
  }
  const any = Object.keys(t).length > 0;
  return { met: any ? missed.length === 0 : null, missed };
}

export function writeReport(dir: string, report: Report): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${report.db}-${report.scale}`);
  const floor = report.scenarios.find((s) => s.id === 'framework-floor');
  const floorP95 = floor?.kind === 'latency' ? floor.p95 : undefined;
  const withVerdicts = report.scenarios.map((s) => ({ ...s, ...(s.kind === 'latency' ? { floorRatio: floorRatio(s, floorP95) } : {}), verdict: verdict(s, floorP95) }));
  fs.writeFileSync(`${base}.json`, JSON.stringify({ ...report, scenarios: withVerdicts }, null, 2) + '\n');

  const lines: string[] = [];
  lines.push(`# Benchmark: ${report.db}, ${report.scale} scale`);
  lines.push('');
  lines.push(`${report.date.slice(0, 16).replace('T', ' ')} UTC · ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB · Node ${report.versions.node}, Next ${report.versions.next}, MikroORM ${report.versions.mikroOrm}, ${report.db === 'sqlite' ? 'SQLite' : ''} ${report.versions.database} · commit ${report.versions.commit}`);
  lines.push('');
  lines.push(`${report.settings.connections} concurrent clients, ${report.settings.seconds} s per scenario after ${report.settings.warmupSeconds} s warm-up. Data: ${Object.entries(report.dataSizes).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')} (all companies).`);
  lines.push('');
  lines.push('| Scenario | Requests | Errors | p50 ms | p95 ms | p99 ms | req/s | Raw SQL p95 ms (stmts) | p95 ÷ floors | Server RSS peak MB | Target | Met |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|');
  for (const s of withVerdicts) {
    if (s.kind !== 'latency') continue;
    const target = [s.targets.p95Ms !== undefined ? `p95 ≤ ${s.targets.p95Ms}` : '', s.targets.floorRatio !== undefined ? `≤ ${s.targets.floorRatio}× floors` : ''].filter(Boolean).join(', ') || 'floor';
    const met = s.verdict.met === null ? '' : s.verdict.met ? 'yes' : `**no** (${s.verdict.missed.join(', ')})`;
    lines.push(
      `| ${s.title} | ${fmt(s.requests, 0)} | ${s.errors} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.throughput)} | ${s.raw ? `${fmt(s.raw.p95, 2)} (${s.raw.statements})${s.raw.errors ? ' ⚠' : ''}` : '–'} | ${fmt(s.floorRatio ?? null, 2)} | ${s.serverRssPeakMb} | ${target} | ${met} |`,
    );
  }
  const jobs = withVerdicts.filter((s) => s.kind === 'job');
  if (jobs.length) {
    lines.push('');
    lines.push('| Job | Rows | Seconds | Rows/s | Server RSS before → peak MB | RSS growth MB | Target | Met | Note |');
    lines.push('|---|--:|--:|--:|--:|--:|---|---|---|');
    for (const s of jobs) {
      if (s.kind !== 'job') continue;
      const met = s.verdict.met ? 'yes' : `**no** (${s.verdict.missed.join(', ')})`;
      lines.push(`| ${s.title} | ${fmt(s.rows, 0)} | ${fmt(s.seconds)} | ${fmt(s.rowsPerSecond, 0)} | ${s.rssBeforeMb} → ${s.rssPeakMb} | ${s.rssGrowthMb} | ≥ ${fmt(s.targets.rowsPerSecond, 0)} rows/s, ≤ ${s.targets.rssGrowthMb} MB | ${met} | ${s.note ?? ''} |`);
    }
  }
  for (const s of withVerdicts) if (s.kind === 'failed') lines.push('', `**${s.title} failed:** ${s.error}`);
  lines.push('');
  const rssMet = report.server.rssAfterRunMb <= SERVER_RSS_TARGET_MB;
  lines.push(`Server RSS: ${report.server.rssAtStartMb} MB after start, ${report.server.rssAfterRunMb} MB after the run (target ≤ ${SERVER_RSS_TARGET_MB} MB: ${rssMet ? 'met' : '**missed**'}).`);
  lines.push('');
  lines.push('"Raw SQL" replays the statements the server sent for one request (captured from the driver) through better-sqlite3 / pg, one request at a time, no ORM and no HTTP. "Floors" = framework floor p95 + raw SQL p95. Numbers are this machine\'s, on this run; compare ratios across machines, not milliseconds.');
  fs.writeFileSync(`${base}.md`, lines.join('\n') + '\n');
  return [`${base}.json`, `${base}.md`];
}
