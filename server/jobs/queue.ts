import { env, queueDriver } from '@/server/env';
import { allJobDefinitions } from '@/server/plugins/host';
import { BullMqDriver } from './bullmq-driver';
import type { EnqueueOptions, QueueDriver } from './driver';
import { InProcessDriver } from './in-process-driver';

const holder = globalThis as unknown as { __rapportQueue?: QueueDriver };

/** The process's queue driver: BullMQ when REDIS_URL is set, else the in-process driver. */
export function getQueue(): QueueDriver {
  if (!holder.__rapportQueue) {
    holder.__rapportQueue =
      queueDriver() === 'bullmq' ? new BullMqDriver(env().REDIS_URL!, allJobDefinitions) : new InProcessDriver(allJobDefinitions);
  }
  return holder.__rapportQueue;
}

/** Replaces the driver (tests run the same handlers against both). */
export function setQueue(driver: QueueDriver | undefined): void {
  holder.__rapportQueue = driver;
}

export async function closeQueue(): Promise<void> {
  const q = holder.__rapportQueue;
  holder.__rapportQueue = undefined;
  await q?.close();
}

export function enqueue(name: string, payload: { tenantId: string } & Record<string, unknown>, opts?: EnqueueOptions): Promise<string> {
  return getQueue().enqueue(name, payload, opts);
}
