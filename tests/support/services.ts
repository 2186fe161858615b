/**
 * Throwaway PostgreSQL and Redis servers for the test suite.
 *
 * Each server lives in its own temporary directory (under os.tmpdir()), listens only on
 * 127.0.0.1 on a free port, and is stopped and deleted by `stop()` — or, if the process
 * ends without calling it, by the exit/signal cleanup registered here.
 *
 * Nothing here touches the system PostgreSQL/Redis services: only the installed binaries
 * are used (Debian: `apt-get install postgresql redis-server`).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The `pg` driver (installed with @mikro-orm/postgresql). It ships no type declarations and
 * @types/pg is not a dependency, so it is loaded with require() and typed by the minimal
 * surface used here.
 */
export interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
  end(): Promise<void>;
}
interface PgClientConfig {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  connectionTimeoutMillis?: number;
}
const pg = createRequire(import.meta.url)('pg') as { Client: new (config: PgClientConfig) => PgClient };

/** Opens a connected `pg` client (call `end()` when done). */
export async function connectPg(url: string): Promise<PgClient> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return client;
}

export interface RunningService {
  /** Connection URL, e.g. postgres://postgres@127.0.0.1:54321/rapport_test or redis://127.0.0.1:6380 */
  url: string;
  /** Stops the server and deletes its temporary directory. Safe to call more than once. */
  stop(): Promise<void>;
}

const TEST_DATABASE = 'rapport_test';
const PG_START_TIMEOUT_S = 60;
const REDIS_START_TIMEOUT_MS = 20_000;
const PORT_ATTEMPTS = 3;

// ---------------------------------------------------------------------------------------------
// Generic helpers
// ---------------------------------------------------------------------------------------------

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close((err) => (err ? reject(err) : port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and collects its output. Resolves on exit (not on stream close),
 * because daemons started by the command (pg_ctl start) may inherit and keep the pipes open.
 */
function run(cmd: string, args: string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.once('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      // Give the pipes a moment to drain, but do not wait for grandchildren holding them.
      const done = () => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve({ code, signal, stdout, stderr });
      };
      const t = setTimeout(done, 200);
      child.once('close', () => {
        clearTimeout(t);
        done();
      });
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Looks a command up on PATH (plus the sbin directories, which root's PATH may lack). */
function which(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const extra of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (!dirs.includes(extra)) dirs.push(extra);
  }
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A daemon's exited process stays a zombie until its parent (often PID 1 in a container,
  // which may reap lazily) collects it: count zombies as gone.
  const stat = readFileQuietly(`/proc/${pid}/stat`);
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Direct children of `pid` (Linux /proc; empty elsewhere). */
function childPids(pid: number): number[] {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const stat = readFileQuietly(`/proc/${e}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid === pid ? [Number(e)] : [];
  });
}

/** SIGKILLs the postmaster and its backends (each backend runs in its own session). */
function killPostmaster(pid: number): void {
  const children = childPids(pid);
  killQuietly(pid, 'SIGKILL');
  for (const child of children) killQuietly(child, 'SIGKILL');
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** Environment for child processes without PG* variables that could redirect the tools. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = {} as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(process.env)) {
    if (/^PG[A-Z]/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function tail(text: string, lines = 30): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function readFileQuietly(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup on process exit / signals
// ---------------------------------------------------------------------------------------------

const exitCleanups = new Set<() => void>();
let exitHooksInstalled = false;

function runExitCleanups(): void {
  for (const fn of [...exitCleanups]) {
    exitCleanups.delete(fn);
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', runExitCleanups);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      runExitCleanups();
      // If nobody else handles this signal, restore the default behaviour (terminate).
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

interface PgBinaries {
  initdb: string;
  pgCtl: string;
  pgIsready?: string;
}

function compareVersionsDesc(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function pgBinariesIn(dir: string): PgBinaries | undefined {
  const initdb = path.join(dir, 'initdb');
  const pgCtl = path.join(dir, 'pg_ctl');
  if (!isExecutable(initdb) || !isExecutable(pgCtl)) return undefined;
  const pgIsready = path.join(dir, 'pg_isready');
  return { initdb, pgCtl, pgIsready: isExecutable(pgIsready) ? pgIsready : undefined };
}

/** PG_BIN, else the highest /usr/lib/postgresql/<version>/bin, else PATH. */
export function findPgBinaries(): PgBinaries {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    const found = pgBinariesIn(fromEnv);
    if (found) return found;
    throw new Error(
      `PG_BIN is set to "${fromEnv}" but initdb and pg_ctl are not there — point PG_BIN at the ` +
        'directory that holds the PostgreSQL server binaries, or unset it.',
    );
  }
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => /^\d+(\.\d+)*$/.test(v));
  } catch {
    /* not a Debian-style install */
  }
  for (const v of versions.sort(compareVersionsDesc)) {
    const found = pgBinariesIn(path.join(root, v, 'bin'));
    if (found) return found;
  }
  const initdb = which('initdb');
  const pgCtl = which('pg_ctl');
  if (initdb && pgCtl) return { initdb, pgCtl, pgIsready: which('pg_isready') };
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) not found — install them with: ' +
      'apt-get install postgresql (or set PG_BIN to the directory that contains them)',
  );
}

interface OsUser {
  uid: number;
  gid: number;
}

function lookupOsUser(name: string): OsUser | undefined {
  const res = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const resG = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (res.status !== 0 || resG.status !== 0) return undefined;
  return { uid: Number(res.stdout.trim()), gid: Number(resG.stdout.trim()) };
}

function chownRecursive(target: string, user: OsUser): void {
  fs.chownSync(target, user.uid, user.gid);
  if (!fs.statSync(target).isDirectory()) return;
  for (const entry of fs.readdirSync(target)) chownRecursive(path.join(target, entry), user);
}

/**
 * Builds the command line for a PostgreSQL tool. PostgreSQL refuses to run as root, so as
 * root the tool runs as the `postgres` OS user via runuser.
 */
interface PgRunner {
  cmd(bin: string, args: string[]): [string, string[]];
  syncRun(bin: string, args: string[], cwd: string): void;
  /** Hands a freshly created directory to the user running PostgreSQL (chown; root only). */
  prepareDir(dir: string): void;
}

function pgRunner(): PgRunner {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!asRoot) {
    return {
      cmd: (bin, args) => [bin, args],
      syncRun: (bin, args, cwd) => {
        spawnSync(bin, args, { cwd, env: cleanEnv(), stdio: 'ignore', timeout: 15_000 });
      },
      prepareDir: () => {},
    };
  }
  const runuser = which('runuser');
  if (!runuser) {
    throw new Error(
      'Running as root, PostgreSQL must be started as the `postgres` OS user, but `runuser` was ' +
        'not found — install it with: apt-get install util-linux',
    );
  }
  const user = lookupOsUser('postgres');
  if (!user) {
    throw new Error(
      'Running as root, PostgreSQL must be started as the `postgres` OS user, but that user does ' +
        'not exist — install PostgreSQL with: apt-get install postgresql (which creates it), or ' +
        'create it with: useradd --system --home-dir /var/lib/postgresql postgres',
    );
  }
  return {
    cmd: (bin, args) => [runuser, ['-u', 'postgres', '--', bin, ...args]],
    syncRun: (bin, args, cwd) => {
      spawnSync(runuser, ['-u', 'postgres', '--', bin, ...args], {
        cwd,
        env: cleanEnv(),
        stdio: 'ignore',
        timeout: 15_000,
      });
    },
    prepareDir: (dir) => chownRecursive(dir, user),
  };
}

/** Creates the temp dir; as root, makes sure the postgres user can actually reach it. */
async function makePgTempDir(runner: PgRunner): Promise<string> {
  const bases = [os.tmpdir()];
  if (!bases.includes('/tmp')) bases.push('/tmp');
  let lastError = '';
  for (const base of bases) {
    const dir = await fsp.mkdtemp(path.join(base, 'rapport-pg-'));
    runner.prepareDir(dir);
    // Can the (possibly different) user running PostgreSQL write here? (e.g. TMPDIR under /root)
    const [cmd, args] = runner.cmd('/bin/sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dir]);
    const res = await run(cmd, args, { cwd: '/', env: cleanEnv() });
    if (res.code === 0) return dir;
    lastError = `${dir} is not writable by the PostgreSQL user`;
    await fsp.rm(dir, { recursive: true, force: true });
  }
  throw new Error(`Could not create a temporary directory for PostgreSQL: ${lastError}`);
}

function readPostmasterPid(dataDir: string): number | undefined {
  const first = readFileQuietly(path.join(dataDir, 'postmaster.pid')).split('\n')[0];
  const pid = Number(first);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function initdb(runner: PgRunner, bins: PgBinaries, dir: string, dataDir: string): Promise<void> {
  const common = ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--no-sync'];
  const attempts: string[][] = [
    [...common, '--locale=C.UTF-8'],
    // C.UTF-8 is not available everywhere (older glibc, Alpine, macOS): plain C collation.
    [...common, '--no-locale'],
  ];
  const failures: string[] = [];
  for (const args of attempts) {
    const [cmd, cmdArgs] = runner.cmd(bins.initdb, args);
    const res = await run(cmd, cmdArgs, { cwd: dir, env: cleanEnv(), timeoutMs: 120_000 });
    if (res.code === 0) return;
    failures.push(`initdb ${args.slice(-1)[0]} exited with ${res.code ?? res.signal}:\n${tail(res.stderr || res.stdout)}`);
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
  throw new Error(`PostgreSQL initdb failed:\n${failures.join('\n---\n')}`);
}

async function waitForPgReady(bins: PgBinaries, port: number, dataDir: string): Promise<void> {
  const deadline = Date.now() + PG_START_TIMEOUT_S * 1000;
  let last = '';
  while (Date.now() < deadline) {
    if (bins.pgIsready) {
      const res = await run(bins.pgIsready, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres'], {
        env: cleanEnv(),
        timeoutMs: 10_000,
      });
      if (res.code === 0) return;
      last = (res.stdout + res.stderr).trim();
    } else {
      try {
        const client = await connectPg(`postgres://postgres@127.0.0.1:${port}/postgres`);
        await client.end().catch(() => {});
        return;
      } catch (err) {
        last = (err as Error).message;
      }
    }
    const pid = readPostmasterPid(dataDir);
    if (pid === undefined || !isAlive(pid)) break;
    await sleep(100);
  }
  throw new Error(`PostgreSQL on port ${port} did not become ready: ${last}`);
}

/**
 * Starts a throwaway PostgreSQL server (initdb into a temp dir, 127.0.0.1 only, fsync off) with
 * an empty database `rapport_test`. The URL points at that database as the superuser
 * `postgres` (trust auth, no password), so it also serves as the admin URL for
 * createDatabase/dropDatabase.
 */
export async function startPostgres(): Promise<RunningService> {
  const bins = findPgBinaries();
  const runner = pgRunner();
  const dir = await makePgTempDir(runner);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');

  let stopped = false;
  let postmasterPid: number | undefined;

  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    exitCleanups.delete(stopSync);
    if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
      runner.syncRun(bins.pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate', '-w', '-t', '10'], dir);
    }
    const pid = postmasterPid ?? readPostmasterPid(dataDir);
    if (pid !== undefined && isAlive(pid)) killPostmaster(pid);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  exitCleanups.add(stopSync);
  installExitHooks();

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    exitCleanups.delete(stopSync);
    if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
      const [cmd, args] = runner.cmd(bins.pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate', '-w', '-t', '10']);
      await run(cmd, args, { cwd: dir, env: cleanEnv(), timeoutMs: 20_000 }).catch(() => undefined);
    }
    const pid = postmasterPid ?? readPostmasterPid(dataDir);
    if (pid !== undefined) {
      for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
      if (isAlive(pid)) {
        killPostmaster(pid);
        for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
      }
    }
    await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await initdb(runner, bins, dir, dataDir);
    await fsp.appendFile(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        '# --- throwaway test server (tests/support/services.ts) ---',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir.replace(/'/g, "''")}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        "log_min_messages = 'warning'",
        '',
      ].join('\n'),
    );

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await findFreePort();
      const [cmd, args] = runner.cmd(bins.pgCtl, [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        `-p ${port}`,
        '-w',
        '-t',
        String(PG_START_TIMEOUT_S),
        'start',
      ]);
      const res = await run(cmd, args, { cwd: dir, env: cleanEnv(), timeoutMs: (PG_START_TIMEOUT_S + 15) * 1000 });
      if (res.code === 0) break;
      const log = readFileQuietly(logFile);
      if (attempt < PORT_ATTEMPTS && /could not bind|address already in use/i.test(log)) continue;
      throw new Error(
        `pg_ctl start failed (exit ${res.code ?? res.signal}):\n${tail(res.stderr || res.stdout)}\n` +
          `--- ${logFile} ---\n${tail(log)}`,
      );
    }
    postmasterPid = readPostmasterPid(dataDir);
    await waitForPgReady(bins, port, dataDir);

    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const url = await createDatabase(adminUrl, TEST_DATABASE);
    return { url, stop };
  } catch (err) {
    const log = readFileQuietly(logFile);
    await stop().catch(() => {});
    if (log && err instanceof Error && !err.message.includes(logFile)) {
      err.message += `\n--- postgres log ---\n${tail(log)}`;
    }
    throw err;
  }
}

function quoteIdent(name: string): string {
  if (!name || name.length > 63) throw new Error(`Invalid database name: "${name}"`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** URL of `database` on the same server as `url`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Runs `fn` with a client on the server's maintenance database (never the target database). */
async function withAdminClient<T>(adminUrl: string, avoid: string, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const current = decodeURIComponent(new URL(adminUrl).pathname.replace(/^\//, ''));
  const connUrl = !current || current === avoid ? withDatabase(adminUrl, 'postgres') : adminUrl;
  const client = await connectPg(connUrl);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates database `name` on the server of `adminUrl` (a superuser URL, e.g. the `pgAdminUrl`
 * provided by the global setup) and returns its URL. `template` clones an existing database
 * (which must have no open connections), e.g. one that is already migrated.
 */
export async function createDatabase(adminUrl: string, name: string, options: { template?: string } = {}): Promise<string> {
  await withAdminClient(adminUrl, name, async (c) => {
    const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : '';
    await c.query(`CREATE DATABASE ${quoteIdent(name)}${template}`);
  });
  return withDatabase(adminUrl, name);
}

/** Drops database `name` if it exists, disconnecting any remaining sessions. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, name, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------

export function findRedisServer(): string {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`REDIS_SERVER_BIN is set to "${fromEnv}" but that is not an executable file.`);
  }
  const found = which('redis-server');
  if (found) return found;
  throw new Error('Redis server binary (redis-server) not found — install it with: apt-get install redis-server');
}

/** Sends PING over a raw socket; resolves true on +PONG. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buf = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (d) => {
      buf += d.toString('utf8');
      if (buf.includes('\r\n')) finish(buf.startsWith('+PONG'));
    });
  });
}

/**
 * Starts a throwaway redis-server (127.0.0.1 only, no persistence, noeviction as BullMQ
 * requires) in a temp dir and returns redis://127.0.0.1:PORT.
 */
export async function startRedis(): Promise<RunningService> {
  const bin = findRedisServer();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'rapport-redis-'));
  const logFile = path.join(dir, 'redis.log');

  let child: ChildProcess | undefined;
  let stopped = false;

  const killGroup = (signal: NodeJS.Signals) => {
    const pid = child?.pid;
    if (pid === undefined) return;
    killQuietly(-pid, signal);
    killQuietly(pid, signal);
  };
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;

  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    exitCleanups.delete(stopSync);
    if (!exited()) killGroup('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  exitCleanups.add(stopSync);
  installExitHooks();

  const waitExit = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (!exited() && Date.now() < deadline) await sleep(50);
    return exited();
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    exitCleanups.delete(stopSync);
    if (!exited()) {
      killGroup('SIGTERM');
      if (!(await waitExit(5000))) {
        killGroup('SIGKILL');
        await waitExit(5000);
      }
    }
    await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const logFd = fs.openSync(logFile, 'a');
      try {
        child = spawn(
          bin,
          [
            '--port', String(port),
            '--bind', '127.0.0.1',
            '--save', '',
            '--appendonly', 'no',
            '--maxmemory-policy', 'noeviction',
            '--dir', dir,
            '--daemonize', 'no',
          ],
          { cwd: dir, detached: true, stdio: ['ignore', logFd, logFd], env: cleanEnv() },
        );
      } finally {
        fs.closeSync(logFd);
      }
      const startup: { error?: Error } = {};
      child.once('error', (e) => (startup.error = e));
      child.unref();

      const deadline = Date.now() + REDIS_START_TIMEOUT_MS;
      let ready = false;
      while (Date.now() < deadline) {
        if (startup.error) throw new Error(`Could not start ${bin}: ${startup.error.message}`);
        if (exited()) break;
        if (await redisPing(port)) {
          ready = true;
          break;
        }
        await sleep(50);
      }
      if (ready) return { url: `redis://127.0.0.1:${port}`, stop };

      const log = readFileQuietly(logFile);
      if (exited() && attempt < PORT_ATTEMPTS && /address already in use/i.test(log)) continue;
      throw new Error(
        exited()
          ? `redis-server exited (${child.exitCode ?? child.signalCode}) during startup:\n${tail(log)}`
          : `redis-server on port ${port} did not answer PING within ${REDIS_START_TIMEOUT_MS} ms:\n${tail(log)}`,
      );
    }
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
