import { z } from 'zod';

/**
 * Configuration, read once from the environment. Every variable is documented in README.md.
 * Defaults are the embedded single-machine setup (SQLite file, in-process jobs).
 */
const schema = z.object({
  DATABASE_URL: z.string().optional(),
  SQLITE_PATH: z.string().default('data/rapport.sqlite'),
  REDIS_URL: z.string().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().optional(),
  /** Origins allowed to send mutations besides the request's own host (comma separated). */
  TRUSTED_ORIGINS: z.string().default(''),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  /** Loads the host-proving fixture plugin from tests/ (tests and the demo only). */
  RAPPORT_FIXTURE_PLUGINS: z.enum(['0', '1']).default('0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

/** Tests change the environment between suites; they call this to re-read it. */
export function resetEnvCache(): void {
  cached = undefined;
}

export type DbDriver = 'sqlite' | 'postgresql';

export function dbDriver(): DbDriver {
  return env().DATABASE_URL ? 'postgresql' : 'sqlite';
}

export function queueDriver(): 'bullmq' | 'in-process' {
  return env().REDIS_URL ? 'bullmq' : 'in-process';
}
