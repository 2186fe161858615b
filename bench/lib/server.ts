/**
 * The production server under test (`next start` on the existing build), its memory, and the SQL
 * capture switch (bench/lib/capture.cjs is preloaded into it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Statement } from './db';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Newest modification time under the build's inputs (app, server, plugins, config…). */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      const base = path.basename(p);
      if (base === 'node_modules' || base.startsWith('.') || base === 'tests' || base === 'bench' || base === 'data') return;
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else if (/\.(tsx?|mjs|cjs|js|json|css)$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const d of ['app', 'server', 'plugins', 'prisma-free-db', 'instrumentation.ts', 'next.config.ts', 'package.json', 'postcss.config.mjs']) walk(path.join(ROOT, d));
  return newest;
}

/** True when .next holds a production build newer than every source file. */
export function buildIsFresh(): boolean {
  const id = path.join(ROOT, '.next', 'BUILD_ID');
  if (!fs.existsSync(id)) return false;
  return fs.statSync(id).mtimeMs > newestSource();
}

export function nextBuild(log: (l: string) => void): void {
  log('Building (next build)…');
  const r = spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('next build failed');
}

/** Pids of a process and all its descendants. */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(Number(c));
      } catch {
        /* gone */
      }
    }
  }
  return out;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class Server {
  private child: ChildProcess | null = null;
  private sampler: NodeJS.Timeout | null = null;
  /** Peak RSS since the last resetPeak(). */
  peak = 0;
  readonly captureFile: string;
  readonly base: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string | undefined>,
    private readonly workDir: string,
  ) {
    this.captureFile = path.join(workDir, 'captured.jsonl');
    this.base = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const logFile = fs.openSync(path.join(this.workDir, 'server.log'), 'a');
    this.child = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(this.port), '-H', '127.0.0.1'], {
      cwd: ROOT,
      env: {
        ...this.env,
        // BENCH_SERVER_NODE_OPTIONS: flags for the server only (e.g. --max-old-space-size=384).
        NODE_OPTIONS: `${this.env.NODE_OPTIONS ?? ''} ${this.env.BENCH_SERVER_NODE_OPTIONS ?? ''} --require ${path.join(ROOT, 'bench/lib/capture.cjs')}`.trim(),
        BENCH_CAPTURE_FILE: this.captureFile,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', logFile, logFile],
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`server exited (${this.child.exitCode}); see ${path.join(this.workDir, 'server.log')}`);
      try {
        const res = await fetch(`${this.base}/api/health`);
        if (res.ok) break;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error('server did not answer /api/health within 90 s');
      await new Promise((r) => setTimeout(r, 300));
    }
    this.sampler = setInterval(() => {
      this.peak = Math.max(this.peak, this.rss());
    }, 100);
  }

  rss(): number {
    if (!this.child?.pid) return 0;
    return tree(this.child.pid).reduce((sum, p) => sum + rssOf(p), 0);
  }

  resetPeak(): void {
    this.peak = this.rss();
  }

  /** Records the SQL the server sends while `fn` runs (one request at a time, please). */
  async capture(fn: () => Promise<unknown>): Promise<Statement[]> {
    fs.writeFileSync(this.captureFile, '');
    // Only processes that preloaded capture.cjs (it handles SIGUSR2; for others it would be fatal).
    const pids = (this.child?.pid ? tree(this.child.pid) : []).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/environ`, 'utf8').includes('BENCH_CAPTURE_FILE=');
      } catch {
        return false;
      }
    });
    const flag = `${this.captureFile}.on`;
    const signal = () => pids.forEach((p) => process.kill(p, 'SIGUSR2'));
    fs.writeFileSync(flag, '');
    signal();
    await new Promise((r) => setTimeout(r, 100));
    try {
      await fn();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      fs.rmSync(flag, { force: true });
      signal();
      await new Promise((r) => setTimeout(r, 100));
    }
    return fs
      .readFileSync(this.captureFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Statement);
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    const child = this.child;
    if (!child || child.exitCode !== null || !child.pid) return;
    const pids = tree(child.pid);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}
