/**
 * `npm run demo`: the whole product on one machine with demo data — SQLite file, jobs in-process,
 * no Redis or PostgreSQL. Migrates, seeds, builds when needed, serves on :3000 and prints logins.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, 'data');
fs.mkdirSync(dataDir, { recursive: true });

// The demo keeps its secrets in data/ (git-ignored), generated once, so sessions survive restarts.
function secret(file: string): string {
  const p = path.join(dataDir, file);
  if (!fs.existsSync(p)) fs.writeFileSync(p, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(p, 'utf8').trim();
}

const port = process.env.PORT ?? '3000';
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SQLITE_PATH: process.env.SQLITE_PATH ?? path.join(dataDir, 'demo.sqlite'),
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secret('.demo-auth-secret'),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  // The product's modules only; the fixture plugin (tests/fixture-plugin) stays in the tests.
  RAPPORT_FIXTURE_PLUGINS: process.env.RAPPORT_FIXTURE_PLUGINS ?? '0',
  // Sensitive customer fields are encrypted: the demo uses the generated key file in data/, not RAPPORT_DATA_KEY.
  RAPPORT_DEMO: '1',
  DATABASE_URL: '',
  REDIS_URL: '',
  NEXT_TELEMETRY_DISABLED: '1',
};
delete env.DATABASE_URL;
delete env.REDIS_URL;

const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const next = path.join(root, 'node_modules', '.bin', 'next');

console.log('Rapport demo: preparing the SQLite database…');
execFileSync(tsx, [path.join(root, 'prisma-free-db', 'cli.ts'), 'seed-demo'], { env, stdio: 'inherit', cwd: root });

/** Rebuild when no build exists or any source file is newer than it. */
function needsBuild(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      if (e.name === 'node_modules' || e.name.startsWith('.')) return false;
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : fs.statSync(p).mtimeMs > builtAt;
    });
  return ['app', 'server', 'plugins', 'tests/fixture-plugin', 'public'].some((d) => fs.existsSync(path.join(root, d)) && newer(path.join(root, d)));
}

if (needsBuild()) {
  console.log('Rapport demo: building the production app (first run takes a few minutes)…');
  execFileSync(next, ['build'], { env, stdio: 'inherit', cwd: root });
}

const server = spawn(next, ['start', '-p', port], { env, stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
let announced = false;
server.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server|Local:/i.test(chunk.toString())) {
    announced = true;
    console.log(`
────────────────────────────────────────────────────────────
 Rapport demo is running at http://localhost:${port}
 Demo logins (password for all: rapport-demo):
   admin@demo.rapport.local       管理员 Administrator (两家公司 / both companies)
   manager@demo.rapport.local     经理 Manager
   rep@demo.rapport.local         医药代表 Medical rep (两家公司 / both companies)
   trainer@demo.rapport.local     培训师 Trainer
   compliance@demo.rapport.local  合规专员 Compliance officer
 销售团队 Field team: zhanglei@demo.rapport.local … (same password)
 Jobs run in-process (single-machine mode). Data: ${env.SQLITE_PATH}
────────────────────────────────────────────────────────────`);
  }
});
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
