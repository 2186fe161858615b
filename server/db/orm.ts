import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { ormOptions } from '@/prisma-free-db/config';
import { TENANT_FILTER } from './tenant-scope';

/**
 * The one ORM instance of this process. Kept on globalThis so Next's dev reloads and the
 * several server bundles of a production build share it.
 */
const holder = globalThis as unknown as { __rapportOrm?: Promise<MikroORM> };

export function getOrm(): Promise<MikroORM> {
  holder.__rapportOrm ??= MikroORM.init(ormOptions()).then(async (orm) => {
    if (orm.config.get('driver')?.name === 'BetterSqliteDriver') {
      // WAL lets readers run while the single writer commits; busy_timeout queues writers instead of failing.
      await orm.em.getConnection().execute('PRAGMA journal_mode = WAL');
      await orm.em.getConnection().execute('PRAGMA busy_timeout = 5000');
      // WAL's recommended durability: a commit is not fsynced (a checkpoint is), so the database
      // stays consistent and survives a process crash; only a power loss may drop the last commits.
      // With FULL, every commit blocked the (synchronous) driver, and so the whole server, for an
      // fsync: ≈ 4 ms per write on the benchmark machine, 0.1 ms without (issue 8).
      await orm.em.getConnection().execute('PRAGMA synchronous = NORMAL');
      await orm.em.getConnection().execute('PRAGMA foreign_keys = ON');
    }
    return orm;
  });
  return holder.__rapportOrm;
}

export async function closeOrm(): Promise<void> {
  const pending = holder.__rapportOrm;
  holder.__rapportOrm = undefined;
  if (pending) await (await pending).close(true);
}

/** A fresh EntityManager for one request or one job. With a tenant, the tenant filter is armed. */
export async function forkEm(tenantId?: string | null): Promise<EntityManager> {
  const orm = await getOrm();
  const em = orm.em.fork({ clear: true, useContext: false });
  if (tenantId) em.setFilterParams(TENANT_FILTER, { tenantId });
  return em;
}

/** Same EntityManager, scoped to another tenant (used when a request's tenant is only known later). */
export function scopeToTenant(em: EntityManager, tenantId: string): EntityManager {
  em.setFilterParams(TENANT_FILTER, { tenantId });
  return em;
}
