/**
 * The same handler tests against both queue drivers: the in-process driver and BullMQ on the
 * real (throwaway) Redis from globalSetup — each on SQLite and on PostgreSQL.
 *
 * The job definitions are the registry's (core + fixture plugin), run through the drivers and
 * the shared runner unchanged, except that this file wraps two handlers to record each attempt
 * (attempt number, time) and, for `fixture-notes.stamp`, to simulate a downstream outage; stamp
 * also gets 3 attempts with a 50 ms back-off instead of 5 × 1 s so exhausting it is quick, and
 * the heartbeat schedule becomes "every 300 ms" instead of hourly so a tick happens in the test.
 */
import IORedis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { BullMqDriver } from '@/server/jobs/bullmq-driver';
import type { JobContext, JobDefinition } from '@/server/jobs/define';
import type { QueueDriver } from '@/server/jobs/driver';
import { InProcessDriver } from '@/server/jobs/in-process-driver';
import { setQueue } from '@/server/jobs/queue';
import { ALL_TENANTS, runJob } from '@/server/jobs/runner';
import { allJobDefinitions } from '@/server/plugins/host';
import {
  callerFor,
  createTenantWithAdmin,
  enablePlugin,
  forEachDatabase,
  signIn,
  uid,
  waitFor,
  type Caller,
  notesApi,
} from '../support/db';

// Failing jobs are the point of several tests here; their warnings would only be noise.
process.env.LOG_LEVEL = process.env.QUEUE_TEST_LOG_LEVEL ?? 'error';

const PLUGIN = 'fixture-notes';
const QUEUE = `rapport-${PLUGIN}`;
const redisUrl = inject('redisUrl');

interface Attempt {
  job: string;
  jobId: string;
  tenantId: string;
  attempt: number;
  at: number;
}

const attempts: Attempt[] = [];
const outage = { on: false };
const record = (job: string, ctx: JobContext) => attempts.push({ job, jobId: ctx.jobId, tenantId: ctx.tenantId, attempt: ctx.attempt, at: Date.now() });
const attemptsOf = (jobId: string) => attempts.filter((a) => a.jobId === jobId);

function recorded(d: JobDefinition, payload: { tenantId: string }, ctx: JobContext): Promise<unknown> {
  record(d.name, ctx);
  return d.handle(payload, ctx);
}

function testDefinitions(): JobDefinition[] {
  return allJobDefinitions().map((d): JobDefinition => {
    switch (d.name) {
      case `${PLUGIN}.flaky`:
        return { ...d, handle: async (p, ctx) => recorded(d, p, ctx) };
      case `${PLUGIN}.stamp`:
        return {
          ...d,
          attempts: 3,
          backoffMs: 50,
          handle: async (p, ctx) => {
            record(d.name, ctx);
            if (outage.on) throw new Error('downstream outage');
            return d.handle(p, ctx);
          },
        };
      case `${PLUGIN}.heartbeat`:
        return { ...d, schedule: { everyMs: 300 }, handle: async (p, ctx) => recorded(d, p, ctx) };
      default:
        return d;
    }
  });
}

type Kind = 'in-process' | 'bullmq';
const kinds: Kind[] = redisUrl ? ['in-process', 'bullmq'] : ['in-process'];
let redisDb = 0;

forEachDatabase((db) => {
  let enabledTenant: string;
  let disabledTenant: string;
  let neverTenant: string;
  let enabledAdmin: Caller;

  const runsOf = (tenantId: string) =>
    db.sql<{ job_id: string; label: string }>('select job_id, label from fixture_notes_job_run where tenant_id = ? order by at', [tenantId]);
  const runsWithJobId = (jobId: string) => db.sql<{ job_id: string; label: string; tenant_id: string }>('select job_id, label, tenant_id from fixture_notes_job_run where job_id = ?', [jobId]);

  beforeAll(async () => {
    const enabled = await createTenantWithAdmin(`Jobs on ${db.driver}`, { plugins: [PLUGIN] });
    enabledTenant = enabled.tenant.id;
    enabledAdmin = callerFor(await signIn(enabled.admin.id, enabled.tenant.id));
    disabledTenant = (await createTenantWithAdmin(`Jobs off ${db.driver}`)).tenant.id;
    await enablePlugin(disabledTenant, PLUGIN, false);
    neverTenant = (await createTenantWithAdmin(`Jobs never ${db.driver}`)).tenant.id;
  });

  describe.each(kinds)('%s driver', (kind) => {
    const url = kind === 'bullmq' ? `${redisUrl}/${++redisDb}` : '';
    let driver: QueueDriver | undefined;
    let redis: IORedis | undefined;

    /** A fresh driver on an empty queue (BullMQ: a flushed Redis database of its own). */
    async function freshDriver(opts: { start?: boolean } = {}): Promise<QueueDriver> {
      if (kind === 'bullmq') {
        redis ??= new IORedis(url, { maxRetriesPerRequest: 1 });
        await redis.flushdb();
      }
      driver = kind === 'bullmq' ? new BullMqDriver(url, testDefinitions) : new InProcessDriver(testDefinitions);
      setQueue(driver);
      if (opts.start !== false) await driver.startWorkers();
      return driver;
    }

    const completed = async (d: QueueDriver) => (await d.counts()).find((c) => c.queue === QUEUE)?.completed ?? 0;

    afterEach(async () => {
      outage.on = false;
      setQueue(undefined);
      await driver?.close();
      driver = undefined;
    });

    afterAll(async () => {
      redis?.disconnect();
    });

    it('runs an enqueued job’s handler (and jobs enqueued by a mutation, after it commits)', async () => {
      const d = await freshDriver();
      expect(d.kind).toBe(kind);
      const label = uid('hello-');
      const jobId = await d.enqueue(`${PLUGIN}.stamp`, { tenantId: enabledTenant, label });
      const rows = await waitFor(async () => {
        const found = await runsWithJobId(jobId);
        return found.length ? found : null;
      }, { what: 'the stamp row' });
      expect(rows).toEqual([{ job_id: jobId, label, tenant_id: enabledTenant }]);

      const { id } = await notesApi(enabledAdmin).create({ title: 'queued after commit', body: '' });
      await waitFor(async () => (await runsOf(enabledTenant)).some((r) => r.label === `note:${id}`), { what: 'the note’s stamp row' });
    });

    it('retries a failing job with growing back-off until it succeeds', async () => {
      const d = await freshDriver();
      const jobId = await d.enqueue(`${PLUGIN}.flaky`, { tenantId: enabledTenant, failTimes: 2 });
      await waitFor(async () => (await runsWithJobId(jobId)).length > 0, { what: 'flaky to succeed', timeoutMs: 15_000 });
      expect((await runsWithJobId(jobId))[0]!.label).toBe('flaky:succeeded-at-3');

      const tries = attemptsOf(jobId);
      expect(tries.map((a) => a.attempt)).toEqual([1, 2, 3]);
      const [g1, g2] = [tries[1]!.at - tries[0]!.at, tries[2]!.at - tries[1]!.at];
      // flaky: backoffMs 200, doubling → ~200 ms, then ~400 ms (a little timer slack allowed).
      expect(g1).toBeGreaterThanOrEqual(190);
      expect(g2).toBeGreaterThanOrEqual(390);
      expect(g2).toBeGreaterThan(g1);
      expect(await d.failed(10)).toEqual([]);
    });

    it('keeps a job whose retries are exhausted in failed(), with its error; retry() runs it again', async () => {
      const d = await freshDriver();
      outage.on = true;
      const jobId = await d.enqueue(`${PLUGIN}.stamp`, { tenantId: enabledTenant, label: 'after-outage' }, { jobId: uid('outage-') });
      const failed = await waitFor(async () => (await d.failed(50)).find((f) => f.id === jobId), { what: 'the job to fail' });
      expect(failed).toMatchObject({ queue: QUEUE, name: `${PLUGIN}.stamp`, tenantId: enabledTenant, attemptsMade: 3, failedReason: 'downstream outage' });
      expect(attemptsOf(jobId).map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(await runsWithJobId(jobId)).toEqual([]);
      expect((await d.counts()).find((c) => c.queue === QUEUE)?.failed).toBe(1);

      // The admin Jobs page shows it to its tenant…
      const overview = await enabledAdmin.admin.jobs.overview();
      expect(overview.driver).toBe(kind);
      expect(overview.failed.map((f) => [f.id, f.failedReason])).toEqual([[jobId, 'downstream outage']]);

      // …and a retry while the outage lasts gets a fresh round of attempts with back-off.
      await enabledAdmin.admin.jobs.retry({ queue: QUEUE, jobId });
      await waitFor(async () => attemptsOf(jobId).length === 6 && (await d.failed(50)).some((f) => f.id === jobId), { what: 'the retried job to fail again' });
      expect(attemptsOf(jobId).map((a) => a.attempt)).toEqual([1, 2, 3, 1, 2, 3]);

      // Once the outage is over, retry() runs it to completion and it leaves the failed list.
      outage.on = false;
      expect(await d.retry(QUEUE, jobId)).toBe(true);
      await waitFor(async () => (await runsWithJobId(jobId)).length === 1, { what: 'the retried job to succeed' });
      await waitFor(async () => !(await d.failed(50)).some((f) => f.id === jobId), { what: 'the job to leave the failed list' });
      expect(await d.retry(QUEUE, jobId)).toBe(false); // not failed any more
      expect(await d.retry(QUEUE, 'no-such-job')).toBe(false);
      expect(await d.retry('rapport-unknown', jobId)).toBe(false);
    });

    it('skips, at run time, a job of a plugin disabled for its tenant after it was queued', async () => {
      const { tenant, admin } = await createTenantWithAdmin(`Skip ${kind} ${db.driver}`, { plugins: [PLUGIN] });
      const d = await freshDriver({ start: false });
      const skipped = await d.enqueue(`${PLUGIN}.stamp`, { tenantId: tenant.id, label: 'must-not-run' });
      const control = await d.enqueue(`${PLUGIN}.stamp`, { tenantId: enabledTenant, label: 'control' });
      // Disabled between enqueue and run, through the admin procedure.
      await callerFor(await signIn(admin.id, tenant.id)).admin.modules.setEnabled({ pluginId: PLUGIN, enabled: false });

      await d.startWorkers();
      await waitFor(async () => (await completed(d)) >= 2, { what: 'both jobs to finish' });
      expect(await runsWithJobId(control)).toHaveLength(1);
      expect(await runsWithJobId(skipped)).toEqual([]);
      expect(attemptsOf(skipped)).toEqual([]); // the handler never ran
      expect(await d.failed(10)).toEqual([]); // skipped is not failed: nothing to retry
    });

    it('fans a scheduled job out only to the tenants with the plugin enabled', async () => {
      const from = attempts.length;
      const heartbeats = () => attempts.slice(from).filter((a) => a.job === `${PLUGIN}.heartbeat`);
      const d = await freshDriver();
      // The scheduler's own tick (every 300 ms in this file)…
      const scheduled = await waitFor(() => heartbeats().find((a) => a.tenantId === enabledTenant), { what: 'a scheduled heartbeat', timeoutMs: 8_000 });
      await waitFor(async () => (await runsWithJobId(scheduled.jobId)).length === 1, { what: 'the heartbeat row' });
      // …and a tick enqueued by hand, as the scheduler does.
      const tick = uid('tick-');
      await d.enqueue(`${PLUGIN}.heartbeat`, { tenantId: ALL_TENANTS }, { jobId: tick });
      const manual = await waitFor(() => heartbeats().find((a) => a.jobId.endsWith(tick)), { what: 'the manual tick' });
      expect(manual.tenantId).toBe(enabledTenant);
      await waitFor(async () => (await runsWithJobId(manual.jobId)).length === 1, { what: 'the manual tick’s row' });

      const tenants = new Set(heartbeats().map((a) => a.tenantId));
      expect(tenants.has(enabledTenant)).toBe(true);
      expect(tenants.has(disabledTenant)).toBe(false);
      expect(tenants.has(neverTenant)).toBe(false);
      expect(tenants.has(ALL_TENANTS)).toBe(false); // the tick itself never reaches the handler
      expect(await runsOf(disabledTenant)).toEqual([]);
      expect(await runsOf(neverTenant)).toEqual([]);
      expect(await d.failed(10)).toEqual([]);
    });

    it('is idempotent under at-least-once delivery: the same jobId twice makes one row', async () => {
      const d = await freshDriver();
      const jobId = uid('once-');
      const payload = { tenantId: enabledTenant, label: 'once' };
      const ids = await Promise.all([d.enqueue(`${PLUGIN}.stamp`, payload, { jobId }), d.enqueue(`${PLUGIN}.stamp`, payload, { jobId })]);
      expect(ids).toEqual([jobId, jobId]);
      await waitFor(async () => (await runsWithJobId(jobId)).length === 1, { what: 'the stamp row' });
      expect(await d.enqueue(`${PLUGIN}.stamp`, payload, { jobId })).toBe(jobId); // again, after it ran
      await waitFor(async () => (await completed(d)) >= 1);
      expect(await runsWithJobId(jobId)).toHaveLength(1);
      expect(attemptsOf(jobId)).toHaveLength(1);

      // A real redelivery (the worker died after the handler committed): the handler itself dedupes.
      const stamp = testDefinitions().find((x) => x.name === `${PLUGIN}.stamp`)!;
      const redelivered = await runJob(stamp, payload, { jobId, attempt: 2 }, async () => {});
      expect(redelivered).toEqual({ status: 'done', result: { duplicate: true } });
      expect(await runsWithJobId(jobId)).toHaveLength(1);
    });

    it.runIf(kind === 'bullmq')('close() waits for the workers and releases every Redis connection', async () => {
      const admin = new IORedis(url, { maxRetriesPerRequest: 1 });
      try {
        const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
        const baseline = await clients();
        const d = await freshDriver();
        expect(await clients()).toBeGreaterThan(baseline);
        await d.enqueue(`${PLUGIN}.stamp`, { tenantId: enabledTenant, label: 'before close' });
        driver = undefined;
        await d.close();
        await waitFor(async () => (await clients()) <= baseline, { what: 'connections to close', timeoutMs: 3_000 });
      } finally {
        admin.disconnect();
      }
    });

    it('fails, without retrying, a job whose payload can never be valid', async () => {
      const d = await freshDriver();
      const jobId = await d.enqueue(`${PLUGIN}.stamp`, { tenantId: enabledTenant, label: 42 });
      const failed = await waitFor(async () => (await d.failed(10)).find((f) => f.id === jobId), { what: 'the invalid job to fail' });
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toMatch(/invalid payload/);
      expect(attemptsOf(jobId)).toEqual([]);
      await expect(d.enqueue('fixture-notes.no-such-job', { tenantId: enabledTenant })).rejects.toThrow(/unknown job/);
    });
  });
});
