import type { MikroORM } from '@mikro-orm/core';
import { pluginsInDependencyOrder } from '@/server/plugins/host';
import { log } from '@/server/log';
import { coreMigrations } from './migrations/core';
import type { Dialect, Migration } from './migrations/types';

export interface MigrationScope {
  /** 'core' or a plugin id. */
  scope: string;
  migrations: Migration[];
}

/** Core first, then every registered plugin in dependency order. */
export function migrationScopes(): MigrationScope[] {
  return [
    { scope: 'core', migrations: coreMigrations },
    ...pluginsInDependencyOrder().map((p) => ({ scope: p.manifest.id, migrations: p.server.migrations ?? [] })),
  ];
}

export function dialectOf(orm: MikroORM): Dialect {
  return orm.config.get('driver')?.name === 'PostgreSqlDriver' ? 'postgresql' : 'sqlite';
}

const LOCK_KEY = 7_270_001;

async function ensureLedger(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  const type = dialectOf(orm) === 'postgresql' ? 'timestamptz' : 'datetime';
  await conn.execute(`create table if not exists rapport_migration (scope varchar(64) not null, name varchar(200) not null, applied_at ${type} not null, primary key (scope, name))`);
}

export async function appliedMigrations(orm: MikroORM): Promise<Set<string>> {
  await ensureLedger(orm);
  const rows: { scope: string; name: string }[] = await orm.em.getConnection().execute('select scope, name from rapport_migration');
  return new Set(rows.map((r) => `${r.scope}/${r.name}`));
}

/** Runs fn while holding the migration lock (PostgreSQL: an advisory lock, so two deploys never race). */
async function withLock<T>(orm: MikroORM, fn: () => Promise<T>): Promise<T> {
  if (dialectOf(orm) !== 'postgresql') return fn();
  const conn = orm.em.getConnection();
  await conn.execute(`select pg_advisory_lock(${LOCK_KEY})`);
  try {
    return await fn();
  } finally {
    await conn.execute(`select pg_advisory_unlock(${LOCK_KEY})`);
  }
}

/**
 * Applies every pending migration, each in its own transaction together with its ledger row.
 * `only` limits the run to some scopes; `until` stops a scope before the named migration.
 */
export async function migrateUp(orm: MikroORM, opts: { only?: string[]; until?: Record<string, string> } = {}): Promise<string[]> {
  return withLock(orm, async () => {
    const applied = await appliedMigrations(orm);
    const dialect = dialectOf(orm);
    const done: string[] = [];
    for (const { scope, migrations } of migrationScopes()) {
      if (opts.only && !opts.only.includes(scope)) continue;
      for (const m of migrations) {
        if (opts.until?.[scope] === m.name) break;
        const key = `${scope}/${m.name}`;
        if (applied.has(key)) continue;
        await orm.em.fork().transactional(async (em) => {
          const conn = em.getConnection();
          const trx = em.getTransactionContext();
          for (const statement of m.up[dialect]) await conn.execute(statement, [], 'run', trx);
          await conn.execute('insert into rapport_migration (scope, name, applied_at) values (?, ?, ?)', [scope, m.name, new Date()], 'run', trx);
        });
        log.info('migration applied', { migration: key, dialect });
        done.push(key);
      }
    }
    return done;
  });
}

/** Reverts the last `steps` applied migrations of one scope (tests and rollbacks). */
export async function migrateDown(orm: MikroORM, scope: string, steps = 1): Promise<string[]> {
  return withLock(orm, async () => {
    const applied = await appliedMigrations(orm);
    const dialect = dialectOf(orm);
    const entry = migrationScopes().find((s) => s.scope === scope);
    if (!entry) throw new Error(`unknown migration scope ${scope}`);
    const toRevert = entry.migrations.filter((m) => applied.has(`${scope}/${m.name}`)).reverse().slice(0, steps);
    const done: string[] = [];
    for (const m of toRevert) {
      await orm.em.fork().transactional(async (em) => {
        const conn = em.getConnection();
        const trx = em.getTransactionContext();
        for (const statement of m.down[dialect]) await conn.execute(statement, [], 'run', trx);
        await conn.execute('delete from rapport_migration where scope = ? and name = ?', [scope, m.name], 'run', trx);
      });
      done.push(`${scope}/${m.name}`);
    }
    return done;
  });
}
