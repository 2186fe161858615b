/**
 * `npm run worker`: consumes every queue (core and plugins) from Redis. Run as many as needed;
 * each closes its workers gracefully on SIGTERM / SIGINT so in-flight jobs finish or are retried.
 */
import { closeOrm } from '@/server/db/orm';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { closeQueue, getQueue } from './queue';

async function main() {
  if (!env().REDIS_URL) {
    log.error('REDIS_URL is not set: the worker process needs Redis (without it, jobs run inside the web process).');
    process.exit(1);
  }
  await getQueue().startWorkers();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('worker stopping', { signal });
    await closeQueue();
    await closeOrm();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
