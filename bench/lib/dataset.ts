/**
 * The scale data set (prisma-free-db/seeds/scale.ts), generated once per database and scale and
 * cached under bench/.cache (git-ignored): the SQLite file, or a PostgreSQL custom-format dump.
 * Each run works on a fresh copy, so the mutations and the import a run makes never pile up.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Scale } from './types';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CACHE = path.join(ROOT, 'bench/.cache');

export const SIZES: Record<Scale, { customers: number; institutions: number; interactions: number; orders: number; tenants: number }> = {
  small: { customers: 10_000, institutions: 1_000, interactions: 100_000, orders: 10_000, tenants: 2 },
  large: { customers: 100_000, institutions: 10_000, interactions: 1_000_000, orders: 100_000, tenants: 2 },
};

/** One key for the data set and the server, so encrypted fields written by the generator read back. */
export const DATA_KEY = Buffer.alloc(32, 8).toString('base64');

/** Bumped when the generator's output changes in a way a cached set must not survive. */
const CACHE_VERSION = 1;

export function cacheName(db: Database, scale: Scale): string {
  return path.join(CACHE, `${db}-${scale}-v${CACHE_VERSION}.${db === 'sqlite' ? 'sqlite' : 'dump'}`);
}

/** Runs the scale generator (niced: it is long and others share the machine). */
export function generate(scale: Scale, env: Record<string, string>, log: (l: string) => void): Promise<void> {
  const s = SIZES[scale];
  const args = [
    '-n',
    '15',
    process.execPath,
    '--max-semi-space-size=64',
    '--import',
    'tsx',
    'prisma-free-db/seeds/scale.ts',
    '--customers',
    String(s.customers),
    '--institutions',
    String(s.institutions),
    '--interactions',
    String(s.interactions),
    '--orders',
    String(s.orders),
    '--tenants',
    String(s.tenants),
  ];
  log(`Generating the ${scale} data set (nice -n 15) — this runs once and is cached in bench/.cache…`);
  return new Promise((resolve, reject) => {
    const child = spawn('nice', args, { cwd: ROOT, env: { ...process.env, ...env, RAPPORT_DATA_KEY: DATA_KEY, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scale generator exited with ${code}`))));
  });
}

/** The cached SQLite file for this scale, generated if missing. */
export async function sqliteDataset(scale: Scale, log: (l: string) => void): Promise<string> {
  const file = cacheName('sqlite', scale);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE, { recursive: true });
  const building = `${file}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) fs.rmSync(f, { force: true });
  await generate(scale, { SQLITE_PATH: building, DATABASE_URL: '' }, log);
  fs.renameSync(building, file);
  return file;
}

/** Copies a SQLite database (with no WAL left behind by a clean close) to `target`. */
export function copySqlite(source: string, target: string): void {
  fs.copyFileSync(source, target);
  for (const ext of ['-wal', '-shm']) if (fs.existsSync(source + ext)) fs.copyFileSync(source + ext, target + ext);
}

function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  if (process.env.PG_BIN) return path.join(process.env.PG_BIN, name);
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (fs.existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
  }
  return name;
}

/** Fills the (empty) database at `url`: from the cached dump, else generated and then dumped. */
export async function postgresDataset(scale: Scale, url: string, log: (l: string) => void): Promise<void> {
  const dump = cacheName('postgres', scale);
  if (fs.existsSync(dump)) {
    log(`Restoring ${path.relative(ROOT, dump)}…`);
    const r = spawnSync(pgTool('pg_restore'), ['--no-owner', '-j', '2', '-d', url, dump], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('pg_restore failed');
    spawnSync(pgTool('pg_dump'), ['--version']);
    return;
  }
  fs.mkdirSync(CACHE, { recursive: true });
  await generate(scale, { DATABASE_URL: url }, log);
  log('Dumping the data set for the next run…');
  const r = spawnSync(pgTool('pg_dump'), ['-Fc', '-Z', '1', '-f', `${dump}.building`, url], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('pg_dump failed');
  fs.renameSync(`${dump}.building`, dump);
}

/** Applies pending migrations (core and plugins) — a cached set may predate newer ones. */
export function migrate(env: Record<string, string | undefined>, log: (l: string) => void): boolean {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'prisma-free-db/cli.ts', 'migrate'], { cwd: ROOT, env: { ...process.env, ...env, RAPPORT_DATA_KEY: DATA_KEY, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`migrate failed: ${r.stdout}`);
  log(r.stdout.trim());
  return r.stdout.includes('Applied');
}
