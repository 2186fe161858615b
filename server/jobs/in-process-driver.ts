import { randomUUID } from 'node:crypto';
import { parseExpression } from 'cron-parser';
import { errorFields, log } from '@/server/log';
import type { JobDefinition } from './define';
import type { EnqueueOptions, FailedJobInfo, QueueCounts, QueueDriver } from './driver';
import { ALL_TENANTS, fanOutJobId, InvalidJobPayload, queueNameFor, runJob } from './runner';

type State = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

interface MemoryJob {
  id: string;
  name: string;
  queue: string;
  payload: Record<string, unknown>;
  state: State;
  attemptsMade: number;
  runAt: number;
  failedReason: string;
  finishedAt: number | null;
}

const KEEP_COMPLETED = 1000;

/**
 * Single-machine mode (no REDIS_URL): the same handlers, retries with exponential back-off and
 * schedules, run inside the web process. Jobs live in memory, so queued work is lost on restart —
 * production deployments set REDIS_URL and run `npm run worker`.
 */
export class InProcessDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  private readonly jobs = new Map<string, MemoryJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private started = false;
  private closed = false;
  private readonly concurrency = Number(process.env.WORKER_CONCURRENCY ?? 2);

  constructor(private readonly definitions: () => JobDefinition[]) {}

  private def(name: string): JobDefinition | undefined {
    return this.definitions().find((d) => d.name === name);
  }

  async enqueue(name: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<string> {
    if (!this.def(name)) throw new Error(`unknown job ${name}`);
    const id = opts.jobId ?? randomUUID();
    if (this.jobs.has(id)) return id;
    const delay = opts.delayMs ?? 0;
    this.jobs.set(id, {
      id,
      name,
      queue: queueNameFor(name),
      payload,
      state: delay > 0 ? 'delayed' : 'waiting',
      attemptsMade: 0,
      runAt: Date.now() + delay,
      failedReason: '',
      finishedAt: null,
    });
    this.wakeAt(delay);
    return id;
  }

  private wakeAt(delayMs: number): void {
    if (!this.started || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.pump();
    }, Math.max(0, delayMs));
    timer.unref?.();
    this.timers.add(timer);
  }

  private async pump(): Promise<void> {
    if (this.closed) return;
    const now = Date.now();
    let nextRunAt = Infinity;
    for (const job of this.jobs.values()) {
      if (job.state !== 'waiting' && job.state !== 'delayed') continue;
      if (job.runAt > now) {
        nextRunAt = Math.min(nextRunAt, job.runAt);
        continue;
      }
      if (this.running >= this.concurrency) return; // a finishing job pumps again
      void this.execute(job);
    }
    // A timer may fire a little before runAt: never leave a pending job without a wake-up.
    if (nextRunAt < Infinity) this.wakeAt(nextRunAt - now);
  }

  private async execute(job: MemoryJob): Promise<void> {
    const def = this.def(job.name);
    job.state = 'active';
    this.running++;
    try {
      if (!def) throw new InvalidJobPayload(`no handler for job ${job.name}`);
      await runJob(def, job.payload, { jobId: job.id, attempt: job.attemptsMade + 1 }, (d, tenantId) =>
        this.enqueue(d.name, { tenantId }, { jobId: fanOutJobId(d, tenantId, job.id) }).then(() => undefined),
      );
      job.attemptsMade++;
      job.state = 'completed';
      job.finishedAt = Date.now();
      this.trimCompleted();
    } catch (err) {
      job.attemptsMade++;
      job.failedReason = err instanceof Error ? err.message : String(err);
      const attempts = def?.attempts ?? 5;
      if (err instanceof InvalidJobPayload || job.attemptsMade >= attempts) {
        job.state = 'failed';
        job.finishedAt = Date.now();
        log.warn('job failed', { queue: job.queue, job: job.name, jobId: job.id, attempt: job.attemptsMade, ...errorFields(err) });
      } else {
        const delay = (def?.backoffMs ?? 1000) * 2 ** (job.attemptsMade - 1);
        job.state = 'delayed';
        job.runAt = Date.now() + delay;
        this.wakeAt(delay);
      }
    } finally {
      this.running--;
      this.wakeAt(0);
    }
  }

  private trimCompleted(): void {
    const completed = [...this.jobs.values()].filter((j) => j.state === 'completed');
    for (const j of completed.slice(0, Math.max(0, completed.length - KEEP_COMPLETED))) this.jobs.delete(j.id);
  }

  async startWorkers(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const def of this.definitions()) {
      if (def.schedule) this.scheduleNext(def);
    }
    log.info('jobs run in-process (single-machine mode: REDIS_URL is not set)', {});
    this.wakeAt(0);
  }

  private scheduleNext(def: JobDefinition): void {
    if (this.closed || !def.schedule) return;
    const delay = def.schedule.cron
      ? parseExpression(def.schedule.cron, { tz: 'UTC' }).next().getTime() - Date.now()
      : (def.schedule.everyMs ?? 60_000);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.enqueue(def.name, { tenantId: ALL_TENANTS }).finally(() => this.scheduleNext(def));
    }, Math.max(1000, delay));
    timer.unref?.();
    this.timers.add(timer);
  }

  async counts(): Promise<QueueCounts[]> {
    const queues = [...new Set(this.definitions().map((d) => queueNameFor(d.name)))];
    return queues.map((queue) => {
      const jobs = [...this.jobs.values()].filter((j) => j.queue === queue);
      const count = (s: State) => jobs.filter((j) => j.state === s).length;
      return { queue, waiting: count('waiting'), active: count('active'), delayed: count('delayed'), completed: count('completed'), failed: count('failed') };
    });
  }

  async failed(limit: number): Promise<FailedJobInfo[]> {
    return [...this.jobs.values()]
      .filter((j) => j.state === 'failed')
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
      .slice(0, limit)
      .map((j) => ({
        queue: j.queue,
        id: j.id,
        name: j.name,
        tenantId: typeof j.payload.tenantId === 'string' ? j.payload.tenantId : null,
        attemptsMade: j.attemptsMade,
        failedReason: j.failedReason,
        finishedAt: j.finishedAt ? new Date(j.finishedAt) : null,
      }));
  }

  async retry(queue: string, jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || job.queue !== queue || job.state !== 'failed') return false;
    job.state = 'waiting';
    job.attemptsMade = 0;
    job.runAt = Date.now();
    this.wakeAt(0);
    return true;
  }

  /** Test helper: resolves once nothing is waiting, delayed or running. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const busy = [...this.jobs.values()].some((j) => j.state === 'waiting' || j.state === 'active' || (j.state === 'delayed' && j.runAt <= end));
      if (!busy) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('in-process queue did not drain in time');
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
