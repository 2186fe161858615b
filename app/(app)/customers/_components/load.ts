import 'server-only';
import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';

/** A record the user may not see answers NOT_FOUND, exactly like one that does not exist: a 404 page. */
export async function orNotFound<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) notFound();
    throw err;
  }
}
