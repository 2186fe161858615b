import type { EntityManager } from '@mikro-orm/core';
import { ProcessingRestrictionSchema, type ProcessingRestriction } from '@/server/db/entities';

/** The restriction in force for any of these person ids (erased, or erasure waiting for a hold), if any. */
export async function activeRestriction(em: EntityManager, personIds: string[]): Promise<ProcessingRestriction | null> {
  if (!personIds.length) return null;
  return em.findOne(ProcessingRestrictionSchema, { personId: { $in: personIds }, liftedAt: null }, { orderBy: { createdAt: 'desc' } });
}

/**
 * True when the person was anonymised by an erasure (DSR or retention). The customer pages must
 * not restore such a record from the archive: call this before un-archiving.
 */
export async function isPersonErased(em: EntityManager, personId: string): Promise<boolean> {
  return (await em.count(ProcessingRestrictionSchema, { personId, reason: 'erased' })) > 0;
}
