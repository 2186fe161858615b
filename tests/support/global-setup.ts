/**
 * Vitest globalSetup: one throwaway PostgreSQL and one Redis for the whole run.
 *
 * Tests read the URLs with `inject('pgAdminUrl')` / `inject('redisUrl')`. `pgAdminUrl` is a
 * superuser URL (database `rapport_test`); suites that need isolation create their own
 * database with createDatabase(pgAdminUrl, name) from ./services.
 *
 * RAPPORT_TEST_SKIP_SERVICES=1 skips starting the servers (quick unit runs); both URLs are
 * then empty strings and service-backed tests should skip themselves.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis, type RunningService } from './services';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    redisUrl: string;
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  if (process.env.RAPPORT_TEST_SKIP_SERVICES === '1') {
    provide('pgAdminUrl', '');
    provide('redisUrl', '');
    return async () => {};
  }

  const started = Date.now();
  const results = await Promise.allSettled([startPostgres(), startRedis()]);
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    await Promise.allSettled(running.map((s) => s.stop()));
    const message = failures.map((e) => (e instanceof Error ? e.message : String(e))).join('\n\n');
    throw new Error(
      `Could not start the test services (set RAPPORT_TEST_SKIP_SERVICES=1 to run without them):\n${message}`,
    );
  }
  const [postgres, redis] = running as [RunningService, RunningService];
  if (process.env.LOG_LEVEL === 'debug') {
    console.log(`[global-setup] postgres ${postgres.url}, redis ${redis.url} (${Date.now() - started} ms)`);
  }

  provide('pgAdminUrl', postgres.url);
  provide('redisUrl', redis.url);

  return async () => {
    await Promise.allSettled([postgres.stop(), redis.stop()]);
  };
}
