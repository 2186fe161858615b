/**
 * Developer tool: prints the CREATE statements MikroORM derives from one scope's entities, per
 * dialect, as the starting point of a migration file. Usage:
 *   npx tsx prisma-free-db/tools/schema-sql.ts <core|pluginId> <sqlite|postgresql>
 */
import { MikroORM } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { coreEntities } from '@/server/db/entities';
import { allPlugins } from '@/plugins/registry';

async function main() {
  const [scope = 'core', dialect = 'sqlite'] = process.argv.slice(2);
  const entities = scope === 'core' ? coreEntities : allPlugins().find((p) => p.manifest.id === scope)?.server.entities;
  if (!entities) throw new Error(`unknown scope ${scope}`);
  const orm = MikroORM.initSync({
    entities,
    driver: dialect === 'postgresql' ? PostgreSqlDriver : BetterSqliteDriver,
    dbName: dialect === 'postgresql' ? 'x' : ':memory:',
    connect: false,
    discovery: { requireEntitiesArray: true },
  } as never);
  const sql = await orm.schema.getCreateSchemaSQL({ wrap: false });
  console.log(sql);
}

void main();
