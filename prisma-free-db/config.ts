import fs from 'node:fs';
import path from 'node:path';
import type { Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { coreEntities } from '@/server/db/entities';
import { TenantGuard } from '@/server/db/tenant-scope';
import { dbDriver, env } from '@/server/env';
import { allPlugins } from '@/plugins/registry';

/** Every entity: core first, then each registered plugin's own. Listed, never discovered. */
export function allEntities() {
  return [...coreEntities, ...allPlugins().flatMap((p) => p.server.entities ?? [])];
}

/** ORM options for the configured database: PostgreSQL when DATABASE_URL is set, else a SQLite file. */
export function ormOptions(overrides: Partial<Options> = {}): Options {
  const common: Partial<Options> = {
    entities: allEntities(),
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // Flush-time lookups by class name would break on minified bundles: schemas carry explicit names.
    debug: process.env.ORM_DEBUG === '1',
    // Filters on joined relations stay on, so a join never leaks another tenant's row.
    filtersOnRelations: true,
    // Inserts and updates of tenant-owned rows must stay in the EntityManager's tenant.
    subscribers: [new TenantGuard()],
  };
  if (dbDriver() === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: env().DATABASE_URL,
      pool: { min: 0, max: Number(process.env.DB_POOL_MAX ?? 10) },
      ...overrides,
    } as Options;
  }
  const file = path.resolve(env().SQLITE_PATH);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    ...common,
    driver: BetterSqliteDriver,
    dbName: file,
    pool: { min: 1, max: 1 },
    ...overrides,
  } as Options;
}
