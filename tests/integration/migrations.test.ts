/**
 * Migrations per dialect: up creates every table and column the entities map to; up again is a
 * no-op; down (plugin, then core) leaves nothing but the migration ledger; up again works and the
 * app runs on the result, append-only triggers included.
 */
import type { MikroORM } from '@mikro-orm/core';
import { beforeAll, expect, it } from 'vitest';
import { appliedMigrations, migrateDown, migrateUp, migrationScopes } from '@/prisma-free-db/migrate';
import { callerFor, createTenantWithAdmin, forEachDatabase, notesApi, signIn, type TestDatabase } from '../support/db';

/** Every migration in run order: core first, then plugins in dependency order. */
const ALL = migrationScopes().flatMap(({ scope, migrations }) => migrations.map((m) => `${scope}/${m.name}`));
const CORE = ALL.filter((m) => m.startsWith('core/'));

async function columnsOf(db: TestDatabase, table: string): Promise<string[]> {
  const rows =
    db.driver === 'sqlite'
      ? await db.sql<{ name: string }>(`select name from pragma_table_info(?)`, [table])
      : await db.sql<{ name: string }>(`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ?`, [table]);
  return rows.map((r) => r.name).sort();
}

async function expectSchemaMatchesEntities(db: TestDatabase, orm: MikroORM) {
  const tables = await db.tables();
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    if (meta.virtual || meta.embeddable) continue;
    expect(tables, `table of ${meta.className}`).toContain(meta.tableName);
    const columns = await columnsOf(db, meta.tableName);
    const mapped = meta.props.filter((p) => p.persist !== false).flatMap((p) => p.fieldNames ?? []);
    expect(mapped.length).toBeGreaterThan(1);
    for (const c of mapped) expect(columns, `${meta.tableName}.${c}`).toContain(c);
  }
}

async function objectsLeft(db: TestDatabase): Promise<string[]> {
  if (db.driver === 'sqlite') {
    return (await db.sql<{ name: string }>(`select name from sqlite_master where type in ('trigger', 'index', 'view') and name not like 'sqlite_%'`)).map((r) => r.name);
  }
  return (await db.sql<{ name: string }>(`select proname as name from pg_proc where proname like 'rapport_%'`)).map((r) => r.name);
}

forEachDatabase(
  (db) => {
    let orm: MikroORM;
    beforeAll(async () => {
      orm = await db.orm();
    });

    it('starts empty', async () => {
      expect(await db.tables()).toEqual([]);
    });

    it('up applies core first, then the plugins, and creates every entity’s table and columns', async () => {
      expect(await migrateUp(orm)).toEqual(ALL);
      expect([...(await appliedMigrations(orm))].sort()).toEqual([...ALL].sort());
      await expectSchemaMatchesEntities(db, orm);
    });

    it('up again is a no-op', async () => {
      expect(await migrateUp(orm)).toEqual([]);
    });

    it('a plugin’s down/up leaves core data alone', async () => {
      const { tenant } = await createTenantWithAdmin(`Migrations ${db.driver}`);
      expect(await migrateDown(orm, 'fixture-notes')).toEqual(['fixture-notes/0001_notes']);
      expect((await db.tables()).filter((t) => t.startsWith('fixture_notes_'))).toEqual([]);
      expect(await migrateUp(orm)).toEqual(['fixture-notes/0001_notes']);
      expect(await db.sql('select id from tenant where id = ?', [tenant.id])).toHaveLength(1);
    });

    it('down every plugin (dependants first), then core, leaves no tables but the ledger, and an empty ledger', async () => {
      await db.sql('delete from membership');
      await db.sql('delete from app_user');
      await db.sql('delete from tenant');
      for (const { scope, migrations } of migrationScopes().filter((s) => s.scope !== 'core').reverse()) {
        expect(await migrateDown(orm, scope, migrations.length)).toEqual(migrations.map((m) => `${scope}/${m.name}`).reverse());
      }
      expect(await migrateDown(orm, 'core', CORE.length)).toEqual([...CORE].reverse());
      expect(await db.tables()).toEqual(['rapport_migration']);
      expect(await objectsLeft(db)).toEqual([]);
      expect(await appliedMigrations(orm)).toEqual(new Set());
      expect(await migrateDown(orm, 'core')).toEqual([]);
      await expect(migrateDown(orm, 'no-such-scope')).rejects.toThrow(/unknown migration scope/);
    });

    it('up again works, and the app runs on it', async () => {
      expect(await migrateUp(orm)).toEqual(ALL);
      await expectSchemaMatchesEntities(db, orm);
      const { tenant, admin } = await createTenantWithAdmin(`Again ${db.driver}`, { plugins: ['fixture-notes'] });
      const api = callerFor(await signIn(admin.id, tenant.id));
      await notesApi(api).create({ title: 'after re-migration', body: '' });
      expect(await notesApi(api).list()).toHaveLength(1);
      await api.admin.tenant.update({ name: 'Audited', defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai' });
      expect(await db.sql('select id from audit_entry')).toHaveLength(1);
      await expect(db.sql(`update audit_entry set action = 'x'`)).rejects.toThrow(/append-only/);
    });
  },
  { migrate: false },
);
