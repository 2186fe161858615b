/**
 * npm run bench -- [--db sqlite|postgres] [--scale small|large] [--seconds N] [--connections N]
 *                  [--only id,id] [--lock FILE] [--keep] [--prepare] [--results DIR]
 *
 * Issue 8's benchmark: the scale data set (cached), the production server, concurrent clients
 * through real HTTP, each scenario next to its floors (the same SQL through the raw driver, and a
 * trivial authenticated tRPC procedure). Writes bench/results/<db>-<scale>.json and .md.
 * See bench/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_KEY, SIZES, copySqlite, migrate, postgresDataset, sqliteDataset } from './lib/dataset';
import { openPg, openSqlite, sqlFor, type Db, type Statement } from './lib/db';
import { Http, defaultCheck, load, summarise, type LoadResult } from './lib/http';
import { writeReport, type ScenarioResult } from './lib/report';
import { Server, buildIsFresh, nextBuild } from './lib/server';
import type { BenchContext, DataFacts, Database, Scale } from './lib/types';
import { scenarios } from './scenarios';
import { findFreePort, startPostgres } from '../tests/support/services';

const ROOT = path.resolve(import.meta.dirname, '..');
const EMAIL_DOMAIN = 'scale.rapport.local';
const PASSWORD = 'rapport-scale';

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Holds an flock(1) lock (so heavy work on a shared machine takes turns) until release(). */
async function acquireLock(file: string): Promise<() => void> {
  log(`Waiting for the lock ${file}…`);
  // Its own process group: release() ends flock and the sleep that inherited the locked descriptor.
  const child: ChildProcess = spawn('flock', [file, '-c', 'echo locked; exec sleep 86400'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`flock exited with ${code}`)));
  });
  log('Lock held.');
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return () => {
    release();
    log('Lock released.');
  };
}

async function lookUpFacts(raw: Db): Promise<DataFacts> {
  const q = <R>(sql: string, params: unknown[] = []) => raw.all<R>(sqlFor(raw.kind, sql), params);
  const user = async (local: string) => {
    const [row] = await q<{ id: string }>('select id from app_user where email = ?', [`${local}@${EMAIL_DOMAIN}`]);
    if (!row) throw new Error(`no ${local}@${EMAIL_DOMAIN}: is this a scale data set?`);
    return row.id;
  };
  const repUserId = await user('rep1');
  const adminUserId = await user('admin1');
  const [m] = await q<{ tenant_id: string }>('select tenant_id from membership where user_id = ?', [repUserId]);
  const tenantId = m!.tenant_id;
  const repTerritoryIds = (await q<{ territory_id: string }>('select territory_id from territory_member where user_id = ? and tenant_id = ? order by territory_id', [repUserId, tenantId])).map((r) => r.territory_id);
  const paths = await q<{ path: string }>(`select path from territory where id in (${repTerritoryIds.map(() => '?').join(',')})`, repTerritoryIds);
  const below = await q<{ id: string }>(`select id from territory where tenant_id = ? and (${paths.map(() => 'path like ?').join(' or ')})`, [tenantId, ...paths.map((p) => `${p.path}%`)]);
  const scope = [...new Set([...repTerritoryIds, ...below.map((b) => b.id)])];
  const visiblePersonIds = (
    await q<{ id: string }>(`select id from person where tenant_id = ? and deleted_at is null and territory_id in (${scope.map(() => '?').join(',')}) order by id limit 500`, [tenantId, ...scope])
  ).map((r) => r.id);
  if (!visiblePersonIds.length) throw new Error('rep1 sees no people');
  const sizes: Record<string, number> = {};
  for (const table of ['tenant', 'app_user', 'territory', 'institution', 'person', 'affiliation', 'contact_point', 'interaction', 'interaction_participant', 'purchase_order', 'order_line', 'task', 'service_request', 'audit_entry']) {
    const [row] = await q<{ n: number | string }>(`select count(*) as n from ${table}`);
    sizes[table] = Number(row!.n);
  }
  return { tenantId, repUserId, adminUserId, repTerritoryIds, visiblePersonIds, sizes };
}

/** Requests whose SQL is captured per scenario; the raw floor replays them in turn. */
const CAPTURED_VARIANTS = 5;

/** Replays the captured requests' statements for a couple of seconds: per-request latency through the raw driver. */
async function rawFloor(raw: Db, requests: Statement[][], seconds: number): Promise<LoadResult & { statements: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline && latencies.length + errors < 2000) {
    try {
      latencies.push(await raw.replay(requests[(latencies.length + errors) % requests.length]!));
    } catch (err) {
      errors++;
      firstError ??= String(err).slice(0, 300);
      if (errors > 5) break;
    }
  }
  return { ...summarise(latencies, errors, (performance.now() - started) / 1000, firstError), statements: Math.round(requests.reduce((n, r) => n + r.length, 0) / requests.length) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      scale: { type: 'string', default: 'small' },
      seconds: { type: 'string' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '8' },
      only: { type: 'string' },
      lock: { type: 'string', default: process.env.BENCH_LOCK ?? '' },
      keep: { type: 'boolean', default: false },
      prepare: { type: 'boolean', default: false },
      results: { type: 'string', default: 'bench/results' },
    },
  });
  const db = (values.db === 'pg' ? 'postgres' : values.db) as Database;
  const scale = values.scale as Scale;
  if (!['sqlite', 'postgres'].includes(db)) throw new Error('--db must be sqlite or postgres');
  if (!['small', 'large'].includes(scale)) throw new Error('--scale must be small or large');
  const seconds = Number(values.seconds ?? (scale === 'large' ? 15 : 8));
  const warmup = Number(values.warmup);
  const connections = Number(values.connections);
  const only = values.only ? new Set(values.only.split(',')) : null;

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
  log(`${db} / ${scale}: work directory ${workDir}`);
  let pg: { url: string; stop(): Promise<void> } | null = null;
  let release: (() => void) | null = null;
  let server: Server | null = null;
  let raw: Db | null = null;
  const http: Http[] = [];
  try {
    // 1. The data set (outside the lock: long, and niced).
    const dbEnv: Record<string, string> = {};
    if (db === 'sqlite') {
      const source = await sqliteDataset(scale, log);
      const file = path.join(workDir, 'bench.sqlite');
      log(`Copying ${path.relative(ROOT, source)} (${mb(fs.statSync(source).size)} MB)…`);
      copySqlite(source, file);
      Object.assign(dbEnv, { SQLITE_PATH: file, DATABASE_URL: '' });
    } else {
      pg = await startPostgres();
      if (values.prepare) renicePostgres(pg.url);
      await postgresDataset(scale, pg.url, log);
      Object.assign(dbEnv, { DATABASE_URL: pg.url });
    }

    if (values.prepare) {
      log('Data set ready (--prepare: nothing measured).');
      return;
    }

    // 2. Everything measured holds the lock (others' heavy commands wait, and do not disturb ours).
    if (values.lock) release = await acquireLock(values.lock);
    const applied = migrate(dbEnv, log);
    raw = db === 'sqlite' ? openSqlite(dbEnv.SQLITE_PATH!) : await openPg(dbEnv.DATABASE_URL!);
    if (db === 'postgres' || applied) {
      log('ANALYZE…');
      await raw.run('analyze');
    }
    if (!buildIsFresh()) nextBuild(log);
    else log('Reusing the .next build (newer than the sources).');

    const facts = await lookUpFacts(raw);
    const port = await findFreePort();
    server = new Server(
      port,
      {
        ...process.env,
        ...dbEnv,
        REDIS_URL: '',
        NEXTAUTH_SECRET: `bench-${Date.now()}`,
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        RAPPORT_DATA_KEY: DATA_KEY,
        RAPPORT_DATA_DIR: path.join(workDir, 'files'),
        RAPPORT_FIXTURE_PLUGINS: '0',
        LOG_LEVEL: 'warn',
      },
      workDir,
    );
    log(`Starting the server on :${port}…`);
    await server.start();
    const rssAtStart = server.rss();
    const rep = new Http(server.base);
    const admin = new Http(server.base);
    http.push(rep, admin);
    await rep.signIn(`rep1@${EMAIL_DOMAIN}`, PASSWORD);
    await admin.signIn(`admin1@${EMAIL_DOMAIN}`, PASSWORD);
    log(`Signed in as rep1 and admin1; rep1 sees ${facts.visiblePersonIds.length}+ people in ${facts.repTerritoryIds.length} territories.`);

    const srv = server;
    const ctx: BenchContext = { db, scale, raw, rep, admin, facts, serverRss: () => srv.rss(), workDir, log };
    const results: ScenarioResult[] = [];
    for (const s of scenarios) {
      if (only && !only.has(s.id) && s.id !== 'framework-floor') continue;
      log(`${s.id}: ${s.title}`);
      try {
        if (s.kind === 'latency') {
          const next = await s.prepare(ctx);
          const check = s.check ?? defaultCheck;
          const clients = { rep, admin };
          await load(clients, next, { connections, seconds: warmup, check });
          // The SQL of a few different requests (variants cost differently: rare vs common names…).
          const captured: Statement[][] = [];
          for (let v = 0; v < CAPTURED_VARIANTS; v++) {
            const spec = next(v);
            captured.push(
              await srv.capture(async () => {
                const c = spec.as === 'admin' ? admin : rep;
                await c.request(spec.method, spec.path, spec.body, spec.headers);
              }),
            );
          }
          const statements = captured[0]!;
          srv.resetPeak();
          const measured = await load(clients, next, { connections, seconds, check });
          const rssPeak = srv.peak;
          const floor = s.noRawFloor ? null : await rawFloor(raw, captured, 2);
          results.push({ kind: 'latency', id: s.id, title: s.title, targets: s.targets, ...measured, serverRssPeakMb: mb(rssPeak), raw: floor, sql: statements.map((st) => st.sql) });
          log(`  ${measured.requests} requests, ${measured.errors} errors, p50 ${measured.p50} / p95 ${measured.p95} / p99 ${measured.p99} ms, ${measured.throughput} req/s` + (floor ? `; raw SQL (${floor.statements} statements) p95 ${floor.p95} ms` : '') + (measured.firstError ? `\n  first error: ${measured.firstError}` : ''));
        } else {
          await new Promise((r) => setTimeout(r, 1000));
          srv.resetPeak();
          const before = srv.rss();
          const r = await s.run(ctx);
          const peak = Math.max(srv.peak, srv.rss());
          results.push({ kind: 'job', id: s.id, title: s.title, targets: s.targets, ...r, seconds: Math.round(r.seconds * 100) / 100, rssBeforeMb: mb(before), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - before) });
          log(`  ${r.rows} rows in ${r.seconds.toFixed(1)} s = ${r.rowsPerSecond} rows/s; server RSS ${mb(before)} → peak ${mb(peak)} MB (+${mb(peak - before)}); ${r.note ?? ''}`);
        }
      } catch (err) {
        log(`  FAILED: ${err instanceof Error ? err.stack : String(err)}`);
        results.push({ kind: 'failed', id: s.id, title: s.title, targets: s.targets, error: String(err instanceof Error ? err.message : err) });
      }
    }
    await new Promise((r) => setTimeout(r, 3000));
    const rssAfter = srv.rss();

    const dbVersion = db === 'sqlite' ? (await raw.all<{ v: string }>('select sqlite_version() as v'))[0]!.v : (await raw.all<{ v: string }>('select version() as v'))[0]!.v;
    const pkg = (name: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    const files = writeReport(path.resolve(ROOT, values.results), {
      db,
      scale,
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 1024 ** 3), platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) },
      versions: { node: process.version, next: pkg('next'), mikroOrm: pkg('@mikro-orm/core'), trpc: pkg('@trpc/server'), database: dbVersion, commit: gitCommit() },
      settings: { connections, seconds, warmupSeconds: warmup, generated: SIZES[scale] },
      dataSizes: facts.sizes,
      server: { rssAtStartMb: mb(rssAtStart), rssAfterRunMb: mb(rssAfter) },
      scenarios: results,
    });
    log(`Wrote ${files.map((f) => path.relative(ROOT, f)).join(' and ')}; server RSS after the run ${mb(rssAfter)} MB.`);
  } finally {
    for (const h of http) h.close();
    await server?.stop();
    await raw?.close().catch(() => {});
    release?.();
    await pg?.stop();
    if (!values.keep) fs.rmSync(workDir, { recursive: true, force: true });
    else log(`Kept ${workDir}`);
  }
}

/** Lowers the priority of a throwaway PostgreSQL (its backends inherit it) while it only loads data. */
function renicePostgres(url: string): void {
  const port = new URL(url).port;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (/postgres/.test(cmd) && cmd.includes(`-p ${port}`)) os.setPriority(Number(pid), 15);
    } catch {
      /* gone, or not ours */
    }
  }
}

function gitCommit(): string {
  try {
    return fs.readFileSync(path.join(ROOT, '.git/HEAD'), 'utf8').startsWith('ref:')
      ? fs.readFileSync(path.join(ROOT, '.git', fs.readFileSync(path.join(ROOT, '.git/HEAD'), 'utf8').slice(5).trim()), 'utf8').trim().slice(0, 12)
      : fs.readFileSync(path.join(ROOT, '.git/HEAD'), 'utf8').trim().slice(0, 12);
  } catch {
    return '';
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
