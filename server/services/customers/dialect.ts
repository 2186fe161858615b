import type { EntityManager } from '@mikro-orm/core';

/** The few places where SQLite and PostgreSQL differ for customer queries. */

export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('postgre');
}

/** Case-insensitive LIKE: SQLite's LIKE already is (for ASCII); PostgreSQL needs ILIKE. */
export function likeOp(em: EntityManager): '$like' | '$ilike' {
  return isPostgres(em) ? '$ilike' : '$like';
}
