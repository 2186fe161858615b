import { getOrm } from '@/server/db/orm';
import { dbDriver } from '@/server/env';
import { getQueue } from '@/server/jobs/queue';
import { log } from '@/server/log';

export const dynamic = 'force-dynamic';

async function check(fn: () => Promise<unknown>, ms = 2000): Promise<string | null> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Liveness and readiness: 200 when the database and the queue answer, 503 naming what failed. */
export async function GET() {
  const queue = getQueue();
  const [dbError, queueError] = await Promise.all([
    check(async () => (await getOrm()).em.getConnection().execute('select 1')),
    check(() => queue.ping()),
  ]);
  const body = {
    status: dbError || queueError ? 'error' : 'ok',
    db: dbDriver(),
    queue: queue.kind,
    ...(dbError || queueError ? { failing: [dbError && 'db', queueError && 'queue'].filter(Boolean).join(',') } : {}),
  };
  if (dbError || queueError) log.warn('health check failing', { dbError, queueError });
  return Response.json(body, { status: dbError || queueError ? 503 : 200, headers: { 'Cache-Control': 'no-store' } });
}
