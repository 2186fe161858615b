import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { errorFields, log } from '@/server/log';
import type { JobDefinition } from './define';
import type { EnqueueOptions, FailedJobInfo, QueueCounts, QueueDriver } from './driver';
import { ALL_TENANTS, fanOutJobId, InvalidJobPayload, queueNameFor, runJob } from './runner';

/**
 * BullMQ on Redis: one queue per owner (`rapport-core`, `rapport-<pluginId>`), workers in the
 * worker process, recurring jobs through job schedulers (one per scheduled job definition).
 */
export class BullMqDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly connection: IORedis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** BullMQ does not close connections it is given: close() does. */
  private readonly workerConnections: IORedis[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly definitions: () => JobDefinition[],
  ) {
    // Producers fail fast when Redis is down; workers get their own connection with retries forever.
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.connection.on('error', (err) => log.warn('redis connection error', errorFields(err)));
  }

  private defs(): Map<string, JobDefinition> {
    return new Map(this.definitions().map((d) => [d.name, d]));
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection });
      this.queues.set(name, q);
    }
    return q;
  }

  private queueNames(): string[] {
    return [...new Set(this.definitions().map((d) => queueNameFor(d.name)))];
  }

  async enqueue(name: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<string> {
    const def = this.defs().get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    const job = await this.queue(queueNameFor(name)).add(name, payload, {
      // Not BullMQ's counter ("1", "2"…), which restarts when Redis loses its data: handlers use
      // the job id as their idempotency key. Same as the in-process driver.
      jobId: opts.jobId ?? randomUUID(),
      delay: opts.delayMs,
      attempts: def.attempts ?? 5,
      backoff: { type: 'exponential', delay: def.backoffMs ?? 1000 },
      removeOnComplete: { count: 1000, age: 7 * 24 * 3600 },
      removeOnFail: false,
    });
    return job.id ?? '';
  }

  async startWorkers(): Promise<void> {
    const defs = this.defs();
    for (const queueName of this.queueNames()) {
      const connection = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
      this.workerConnections.push(connection);
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const def = defs.get(job.name);
          if (!def) throw new UnrecoverableError(`no handler for job ${job.name}`);
          try {
            return await runJob(def, job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 }, (d, tenantId) =>
              this.enqueue(d.name, { tenantId }, { jobId: fanOutJobId(d, tenantId, job.id ?? '') }).then(() => undefined),
            );
          } catch (err) {
            if (err instanceof InvalidJobPayload) throw new UnrecoverableError(err.message);
            throw err;
          }
        },
        {
          connection,
          concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
        },
      );
      worker.on('failed', (job, err) => log.warn('job failed', { queue: queueName, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, error: err.message }));
      worker.on('error', (err) => log.error('worker error', { queue: queueName, ...errorFields(err) }));
      this.workers.push(worker);
    }
    // Recurring jobs: upsert is idempotent, so every worker process may do it at start.
    for (const def of defs.values()) {
      if (!def.schedule) continue;
      const repeat = def.schedule.cron ? { pattern: def.schedule.cron } : { every: def.schedule.everyMs ?? 60_000 };
      await this.queue(queueNameFor(def.name)).upsertJobScheduler(`schedule:${def.name}`, repeat, {
        name: def.name,
        data: { tenantId: ALL_TENANTS },
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      });
    }
    log.info('BullMQ workers started', { queues: this.queueNames() });
  }

  async counts(): Promise<QueueCounts[]> {
    const out: QueueCounts[] = [];
    for (const name of this.queueNames()) {
      const c = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
      out.push({
        queue: name,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
      });
    }
    return out;
  }

  async failed(limit: number): Promise<FailedJobInfo[]> {
    const out: FailedJobInfo[] = [];
    for (const name of this.queueNames()) {
      const jobs = await this.queue(name).getFailed(0, limit - 1);
      for (const job of jobs) {
        out.push({
          queue: name,
          id: job.id ?? '',
          name: job.name,
          tenantId: typeof job.data?.tenantId === 'string' ? job.data.tenantId : null,
          attemptsMade: job.attemptsMade,
          failedReason: job.failedReason ?? '',
          finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
        });
      }
    }
    return out.sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0)).slice(0, limit);
  }

  async retry(queue: string, jobId: string): Promise<boolean> {
    if (!this.queueNames().includes(queue)) return false;
    const job = await this.queue(queue).getJob(jobId);
    if (!job || !(await job.isFailed())) return false;
    // A fresh round of attempts, as the in-process driver does (handlers see attempt 1 again).
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const c of this.workerConnections) c.disconnect();
    this.connection.disconnect();
  }
}
