/** What the admin Jobs page and the health check read from whichever driver runs. */
export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface FailedJobInfo {
  queue: string;
  id: string;
  name: string;
  tenantId: string | null;
  attemptsMade: number;
  failedReason: string;
  finishedAt: Date | null;
}

export interface EnqueueOptions {
  /** Idempotency key: a second enqueue with the same id is ignored while the first is kept. */
  jobId?: string;
  delayMs?: number;
}

export interface QueueDriver {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(name: string, payload: Record<string, unknown>, opts?: EnqueueOptions): Promise<string>;
  /** Consume jobs in this process (the worker process, or the web process in single-machine mode). */
  startWorkers(): Promise<void>;
  counts(): Promise<QueueCounts[]>;
  failed(limit: number): Promise<FailedJobInfo[]>;
  retry(queue: string, jobId: string): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
