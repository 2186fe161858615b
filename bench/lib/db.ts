/**
 * The raw drivers (better-sqlite3 / pg), no ORM: for setup look-ups and for the raw-SQL floor —
 * replaying the exact statements the server sent for one request.
 */
import { createRequire } from 'node:module';
import type { Database } from './types';

const require = createRequire(import.meta.url);

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface Db {
  kind: Database;
  /** Rows of a query; `?` placeholders on SQLite, `$1…` on PostgreSQL. */
  all<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A statement without rows (committed at once). */
  run(sql: string, params?: unknown[]): Promise<void>;
  /**
   * Runs the statements one after another inside a transaction that is rolled back, and answers
   * the milliseconds they took. When they write, the rows the captured request created are first
   * deleted inside the same transaction (untimed; append-only triggers are dropped for it too, and
   * come back with the rollback), so the INSERTs replay without colliding with the committed rows.
   */
  replay(statements: Statement[]): Promise<number>;
  close(): Promise<void>;
}

/** Statements that open or close the server's own transactions (the replay wraps its own). */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set\s+transaction|pragma)\b/i;

function restore(params: unknown[]): unknown[] {
  return params.map((p) => (p && typeof p === 'object' && '$buffer' in (p as Record<string, unknown>) ? Buffer.from(String((p as { $buffer: string }).$buffer), 'base64') : p));
}

interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
  reader: boolean;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(p: string): unknown;
  close(): void;
}

export function openSqlite(file: string): Db {
  const BetterSqlite = require('better-sqlite3') as new (file: string, opts?: object) => SqliteDatabase;
  const db = new BetterSqlite(file);
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, SqliteStatement>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    kind: 'sqlite',
    async all<R>(sql: string, params: unknown[] = []) {
      return prepared(sql).all(...params) as R[];
    },
    async run(sql: string, params: unknown[] = []) {
      prepared(sql).run(...params);
    },
    async replay(statements) {
      db.exec('begin');
      try {
        const created = createdRows(statements);
        for (const table of new Set(created.map((c) => c.table))) {
          const triggers = db.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = ?`).all(table) as { name: string }[];
          for (const t of triggers) db.exec(`drop trigger "${t.name}"`);
        }
        for (const c of created.reverse()) prepared(`delete from "${c.table}" where id = ?`).run(c.id);
        const started = performance.now();
        for (const s of statements) {
          if (TRANSACTION_CONTROL.test(s.sql)) continue;
          const stmt = prepared(s.sql);
          const params = restore(s.params);
          if (stmt.reader) stmt.all(...params);
          else stmt.run(...params);
        }
        return performance.now() - started;
      } finally {
        db.exec('rollback');
      }
    },
    async close() {
      db.close();
    },
  };
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}

export async function openPg(url: string): Promise<Db> {
  const pg = require('pg') as { Client: new (config: { connectionString: string }) => PgClient };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    kind: 'postgres',
    async all<R>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as R[];
    },
    async run(sql: string, params: unknown[] = []) {
      await client.query(sql, params);
    },
    async replay(statements) {
      await client.query('begin');
      try {
        const created = createdRows(statements);
        if (created.length) {
          // Triggers (append-only audit) off for this transaction only; the throwaway server's user is a superuser.
          await client.query('set local session_replication_role = replica');
          for (const c of created.reverse()) await client.query(`delete from "${c.table}" where id = $1`, [c.id]);
          await client.query('set local session_replication_role = origin');
        }
        const started = performance.now();
        for (const s of statements) {
          if (TRANSACTION_CONTROL.test(s.sql)) continue;
          await client.query(s.sql, restore(s.params));
        }
        return performance.now() - started;
      } finally {
        await client.query('rollback');
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** `?` → `$n` so setup queries are written once for both databases. */
export function sqlFor(kind: Database, sql: string): string {
  if (kind === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Rows a captured request created: ids that first appear in an INSERT (table, id). A write is
 * replayed after these rows are deleted once, so its INSERTs do not collide with what the server
 * already committed (the copy of the data set is thrown away after the run).
 */
export function createdRows(statements: Statement[]): { table: string; id: string }[] {
  const seen = new Set<string>();
  const created: string[] = [];
  const tables: string[] = [];
  for (const s of statements) {
    const insert = /^\s*insert\s+into\s+[`"]?(\w+)[`"]?/i.exec(s.sql);
    if (insert && !tables.includes(insert[1]!)) tables.push(insert[1]!);
    for (const id of `${s.sql} ${JSON.stringify(s.params)}`.match(UUID) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (insert) created.push(id);
    }
  }
  // An id may first show up as a reference (a participant row naming its new interaction): try every inserted table.
  return tables.flatMap((table) => created.map((id) => ({ table, id })));
}
