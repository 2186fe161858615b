/**
 * Runs once when a Next.js server starts. In single-machine mode (no REDIS_URL) the web process
 * also consumes the job queue; with Redis, `npm run worker` does and web servers only enqueue.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.REDIS_URL) return;
  const { getQueue } = await import('./server/jobs/queue');
  await getQueue().startWorkers();
}
