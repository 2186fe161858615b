/**
 * Fast inserts for seeds: rows are typed by the entity (every column must be given, so a new
 * column cannot be forgotten), converted the way the ORM stores them (SQLite: dates as epoch ms,
 * booleans as 0/1; JSON as text) and written as multi-row INSERTs through the driver's own
 * connection, taken from the ORM's pool. Nothing is kept after a batch is sent, so memory stays flat
 * whatever the size. On PostgreSQL the next batch is built while the previous one executes.
 */
import { JsonType, type EntitySchema, type MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import { dialectOf } from '../../migrate';
import type { Dialect } from '../../migrations/types';

/** Every property of the entity, none optional: what one inserted row must say. */
export type Row<T> = { [K in keyof T]-?: T[K] };

/** Where generated rows go: the database (BulkWriter) or, in tests, a collector. */
export interface RowSink {
  /** Queues a row; returns a promise only when the caller has to wait for a batch to be written. */
  add<T extends object>(schema: EntitySchema<T>, row: Row<T>): void | Promise<void>;
}

/** The driver connection, reduced to what seeds need. SQL uses `?` placeholders. */
export interface RawConnection {
  dialect: Dialect;
  /** Most bound parameters one statement may carry. */
  maxParams: number;
  run(sql: string, params?: unknown[]): Promise<void>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A prepared insert (`name` caches the statement); may return before it completes — see drain(). */
  insert(name: string | null, sql: string, params: unknown[]): void | Promise<void>;
  /** Waits until every insert sent so far has completed, and reports the first failure. */
  drain(): Promise<void>;
}

interface SqliteStatement {
  run(params: unknown[]): unknown;
  all(params: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}
interface PgClient {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

function toPgPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

class SqliteConnection implements RawConnection {
  readonly dialect = 'sqlite' as const;
  // SQLite's compiled-in limit (SQLITE_MAX_VARIABLE_NUMBER) is 32766 since 3.32.
  readonly maxParams = 32_000;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDatabase) {}

  async run(sql: string, params: unknown[] = []): Promise<void> {
    this.db.prepare(sql).run(params);
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(params) as T[];
  }

  insert(name: string | null, sql: string, params: unknown[]): void {
    let statement = name ? this.statements.get(name) : undefined;
    if (!statement) {
      statement = this.db.prepare(sql);
      if (name) this.statements.set(name, statement);
    }
    statement.run(params);
  }

  async drain(): Promise<void> {}
}

class PostgresConnection implements RawConnection {
  readonly dialect = 'postgresql' as const;
  readonly maxParams = 65_000;
  private inFlight: Promise<void>[] = [];
  private failure: unknown;

  constructor(private readonly client: PgClient) {}

  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.drain();
    await this.client.query({ text: toPgPlaceholders(sql), values: params });
  }

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    await this.drain();
    return (await this.client.query({ text: toPgPlaceholders(sql), values: params })).rows as T[];
  }

  insert(name: string | null, sql: string, params: unknown[]): void | Promise<void> {
    if (this.failure) throw this.failure;
    const text = toPgPlaceholders(sql);
    const sent = this.client.query(name ? { name, text, values: params } : { text, values: params }).then(
      () => undefined,
      (err: unknown) => {
        this.failure ??= err;
      },
    );
    this.inFlight.push(sent);
    // One statement executes while the caller builds the next batch; a third waits for the first.
    if (this.inFlight.length > 1) return this.inFlight.shift()!.then(() => this.rethrow());
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure;
  }
}

/**
 * Runs `fn` with a driver connection borrowed from the ORM's pool (the ORM must not be used
 * meanwhile: SQLite has a single connection).
 */
export async function withRawConnection<T>(orm: MikroORM, fn: (conn: RawConnection) => Promise<T>): Promise<T> {
  const knex = (orm.em.getConnection() as AbstractSqlConnection).getKnex();
  const client = knex.client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };
  const raw = await client.acquireConnection();
  try {
    const conn = dialectOf(orm) === 'postgresql' ? new PostgresConnection(raw as PgClient) : new SqliteConnection(raw as SqliteDatabase);
    return await fn(conn);
  } finally {
    await client.releaseConnection(raw);
  }
}

type ColumnKind = 'date' | 'boolean' | 'json' | 'plain';

interface TableBuffer {
  table: string;
  props: string[];
  /** Quoted column names, in the order of props. */
  columnNames: string[];
  kinds: ColumnKind[];
  /** PostgreSQL column types, for the unnest() casts. */
  types: string[];
  batchRows: number;
  /** The statement for a full batch (PostgreSQL: for any batch). */
  fullSql: string | undefined;
  /** SQLite: row after row (one placeholder per value). PostgreSQL: one array per column. */
  values: unknown[];
  columns: unknown[][];
  rows: number;
}

export interface BulkWriterOptions {
  /** Rows per INSERT statement, at most (lowered so a statement stays under the parameter limit). */
  batchRows?: number;
  /** Commit and begin a new transaction after this many rows (0: one transaction, committed by the caller). */
  commitEvery?: number;
}

/** Batches rows per table into multi-row INSERTs. Call flush() at the end. */
export class BulkWriter implements RowSink {
  /** Rows written per table. */
  readonly counts = new Map<string, number>();
  total = 0;
  private readonly buffers = new Map<string, TableBuffer>();
  private sinceCommit = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly conn: RawConnection,
    private readonly options: BulkWriterOptions = {},
  ) {}

  add<T extends object>(schema: EntitySchema<T>, row: Row<T>): void | Promise<void> {
    const buffer = this.buffers.get(schema.meta.className) ?? this.register(schema.meta.className);
    const record = row as Record<string, unknown>;
    const { props, kinds } = buffer;
    if (this.conn.dialect === 'sqlite') {
      const values = buffer.values;
      for (let i = 0; i < props.length; i++) {
        const v = record[props[i]!];
        values.push(v === null || v === undefined ? null : kinds[i] === 'date' ? (v as Date).getTime() : kinds[i] === 'boolean' ? (v ? 1 : 0) : kinds[i] === 'json' ? JSON.stringify(v) : v);
      }
    } else {
      const columns = buffer.columns;
      for (let i = 0; i < props.length; i++) {
        const v = record[props[i]!];
        columns[i]!.push(v === null || v === undefined ? null : kinds[i] === 'date' ? (v as Date).toISOString() : kinds[i] === 'json' ? JSON.stringify(v) : v);
      }
    }
    if (++buffer.rows >= buffer.batchRows) return this.send(buffer);
  }

  /** Writes every buffered row and waits for the database. */
  async flush(): Promise<void> {
    for (const buffer of this.buffers.values()) if (buffer.rows) await this.send(buffer);
    await this.conn.drain();
  }

  private register(entityName: string): TableBuffer {
    const meta = this.orm.getMetadata().get(entityName);
    const props = meta.props.filter((p) => p.persist !== false && p.kind === 'scalar' && p.fieldNames?.length === 1);
    const sqlite = this.conn.dialect === 'sqlite';
    const buffer: TableBuffer = {
      table: meta.tableName,
      props: props.map((p) => p.name),
      columnNames: props.map((p) => `"${p.fieldNames[0]}"`),
      kinds: props.map((p) => (p.runtimeType === 'Date' ? 'date' : p.runtimeType === 'boolean' ? 'boolean' : p.customType instanceof JsonType ? 'json' : 'plain')),
      types: props.map((p) => p.columnTypes[0]!),
      // SQLite binds one parameter per value (at most ~32k per statement); PostgreSQL one array per column.
      batchRows: Math.max(1, Math.min(this.options.batchRows ?? 5000, sqlite ? Math.floor(this.conn.maxParams / props.length) : Infinity)),
      fullSql: undefined,
      values: [],
      columns: sqlite ? [] : props.map(() => []),
      rows: 0,
    };
    buffer.fullSql = this.sql(buffer, buffer.batchRows);
    this.buffers.set(entityName, buffer);
    return buffer;
  }

  /**
   * The INSERT for `rows` rows. PostgreSQL: `insert … select * from unnest($1::type[], …)`, one
   * statement text whatever the row count, so it is prepared once and the server parses no tuples.
   */
  private sql(buffer: TableBuffer, rows: number): string {
    const head = `insert into "${buffer.table}" (${buffer.columnNames.join(', ')}) `;
    if (this.conn.dialect === 'postgresql') return `${head}select * from unnest(${buffer.types.map((t) => `?::${t}[]`).join(', ')})`;
    const tuple = `(${buffer.props.map(() => '?').join(', ')})`;
    return `${head}values ${new Array<string>(rows).fill(tuple).join(', ')}`;
  }

  private send(buffer: TableBuffer): void | Promise<void> {
    const { rows } = buffer;
    let params: unknown[];
    let name: string | null;
    let sql: string;
    if (this.conn.dialect === 'sqlite') {
      params = buffer.values;
      buffer.values = [];
      const full = rows === buffer.batchRows;
      name = full ? `seed_${buffer.table}` : null;
      sql = full ? buffer.fullSql! : this.sql(buffer, rows);
    } else {
      params = buffer.columns;
      buffer.columns = buffer.props.map(() => []);
      name = `seed_${buffer.table}`;
      sql = buffer.fullSql!;
    }
    buffer.rows = 0;
    this.counts.set(buffer.table, (this.counts.get(buffer.table) ?? 0) + rows);
    this.total += rows;
    const pending = this.conn.insert(name, sql, params);
    this.sinceCommit += rows;
    if (!this.options.commitEvery || this.sinceCommit < this.options.commitEvery) return pending;
    this.sinceCommit = 0;
    return Promise.resolve(pending)
      .then(() => this.conn.run('commit'))
      .then(() => this.conn.run('begin'));
  }
}

/**
 * Writes rows produced by `fn` through one BulkWriter inside a transaction (and, with
 * `commitEvery`, a new transaction every so many rows). Rolls back on failure.
 */
export async function loadRows(
  orm: MikroORM,
  options: BulkWriterOptions & { prepare?: (conn: RawConnection) => Promise<void> },
  fn: (writer: BulkWriter, conn: RawConnection) => Promise<void>,
): Promise<BulkWriter> {
  return withRawConnection(orm, async (conn) => {
    await options.prepare?.(conn);
    const writer = new BulkWriter(orm, conn, options);
    await conn.run('begin');
    try {
      await fn(writer, conn);
      await writer.flush();
      await conn.run('commit');
    } catch (err) {
      await conn.drain().catch(() => {});
      await conn.run('rollback').catch(() => {});
      throw err;
    }
    return writer;
  });
}
