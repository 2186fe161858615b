/**
 * Test harness: the real app (ORM, migrations, tRPC context, HTTP endpoint) on a throwaway
 * database, once per driver.
 *
 *   forEachDatabase((db) => {
 *     it('…', async () => {
 *       const tenant = await createTenant('Acme');
 *       const admin = await createUser('admin@acme.test');
 *       await addMember(tenant.id, admin.id, ['admin']);
 *       const api = callerFor(await signIn(admin.id, tenant.id));
 *       expect(await api.admin.users.list()).toHaveLength(1);
 *     });
 *   });
 *
 * Each `forEachDatabase` block gets its own database (SQLite: a temp file; PostgreSQL: a new
 * database on the throwaway server from globalSetup). The app keeps one ORM per process and
 * caches its env, so switching database means: set env → resetEnvCache() → closeOrm() → getOrm()
 * → migrateUp(). Vitest runs every file in its own fork, so blocks of one file switch in turn.
 *
 * RAPPORT_TEST_DATABASES=sqlite (or postgresql) limits the drivers for a quick local run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { encode } from 'next-auth/jwt';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { ZodError } from 'zod';
import { migrateUp } from '@/prisma-free-db/migrate';
import { authSecret } from '@/server/auth/options';
import { hashPassword } from '@/server/auth/password';
import { createUserSession } from '@/server/auth/sessions';
import {
  MembershipSchema,
  RepFilingSchema,
  TenantPluginSchema,
  TenantSchema,
  UserSchema,
  UserSessionSchema,
  type Membership,
  type Tenant,
  type User,
} from '@/server/db/entities';
import { closeOrm, forkEm, getOrm } from '@/server/db/orm';
import { newId } from '@/server/db/tenant-scope';
import { resetEnvCache } from '@/server/env';
import { DomainError } from '@/server/errors';
import { findPlugin } from '@/server/plugins/host';
import type { Role } from '@/server/permissions';
import { createContext } from '@/server/trpc/context';
import { handleTrpc } from '@/server/trpc/http';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';
import { FIXTURE_ID } from '../fixture-plugin/manifest';
import type { listNotes } from '../fixture-plugin/service';
import { connectPg, createDatabase, dropDatabase } from './services';

export type Driver = 'sqlite' | 'postgresql';

/** The drivers this run tests: both, unless PostgreSQL is unavailable or RAPPORT_TEST_DATABASES narrows it. */
export function databases(): Driver[] {
  const wanted = (process.env.RAPPORT_TEST_DATABASES ?? 'sqlite,postgresql').split(',').map((s) => s.trim());
  const out: Driver[] = [];
  if (wanted.includes('sqlite')) out.push('sqlite');
  if (wanted.includes('postgresql') && inject('pgAdminUrl')) out.push('postgresql');
  return out;
}

let sequence = 0;

/** One throwaway database, made current for the process while it is open. */
export class TestDatabase {
  private sqliteDir: string | undefined;
  private pgName: string | undefined;
  /** PostgreSQL: the database URL (superuser, so tests may alter triggers). */
  url: string | undefined;

  constructor(readonly driver: Driver) {}

  /** Creates the database, points the app at it and (by default) applies every migration. */
  async open(opts: { migrate?: boolean } = {}): Promise<MikroORM> {
    await closeOrm();
    delete process.env.REDIS_URL; // jobs stay in-process unless a test installs another driver
    if (this.driver === 'sqlite') {
      this.sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
      delete process.env.DATABASE_URL;
      process.env.SQLITE_PATH = path.join(this.sqliteDir, 'test.sqlite');
    } else {
      const admin = inject('pgAdminUrl');
      if (!admin) throw new Error('PostgreSQL is not available (RAPPORT_TEST_SKIP_SERVICES=1?)');
      this.pgName = `rapport_t${process.pid}_${++sequence}_${Math.random().toString(36).slice(2, 8)}`;
      this.url = await createDatabase(admin, this.pgName);
      process.env.DATABASE_URL = this.url;
    }
    resetEnvCache();
    const orm = await getOrm();
    if (opts.migrate !== false) await migrateUp(orm);
    return orm;
  }

  async close(): Promise<void> {
    await closeOrm();
    if (this.sqliteDir) fs.rmSync(this.sqliteDir, { recursive: true, force: true });
    if (this.pgName) await dropDatabase(inject('pgAdminUrl'), this.pgName);
    this.sqliteDir = undefined;
    this.pgName = undefined;
  }

  orm(): Promise<MikroORM> {
    return getOrm();
  }

  /** A fresh EntityManager, armed with the tenant filter when a tenant is given. */
  em(tenantId?: string): Promise<EntityManager> {
    return forkEm(tenantId);
  }

  /** Raw SQL with `?` placeholders (outside the ORM, so no tenant filter). */
  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const orm = await getOrm();
    return orm.em.getConnection().execute<T[]>(query, params, 'all');
  }

  /** PostgreSQL only: runs SQL as the superuser on a separate connection (e.g. to disable a trigger). */
  async superuserSql(query: string): Promise<void> {
    if (!this.url) throw new Error('superuserSql is for PostgreSQL');
    const client = await connectPg(this.url);
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  }

  /** Names of the tables in the database (SQLite internals excluded). */
  async tables(): Promise<string[]> {
    const rows =
      this.driver === 'sqlite'
        ? await this.sql<{ name: string }>(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
        : await this.sql<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema()`);
    return rows.map((r) => r.name).sort();
  }
}

/**
 * Declares one describe block per driver; `fn` declares the tests and receives the database
 * handle. The database is created before the block's first test and dropped after its last.
 */
export function forEachDatabase(fn: (db: TestDatabase) => void, opts: { migrate?: boolean } = {}): void {
  describe.each(databases())('on %s', (driver) => {
    const db = new TestDatabase(driver);
    beforeAll(() => db.open(opts).then(() => undefined), 120_000);
    afterAll(() => db.close(), 60_000);
    fn(db);
  });
}

// ---------------------------------------------------------------------------------------------
// Factories
// ---------------------------------------------------------------------------------------------

export const TEST_PASSWORD = 'correct-horse-battery-staple';

const hashes = new Map<string, Promise<string>>();
/** argon2id is deliberately slow: one hash per distinct password per process. */
export function passwordHash(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

let unique = 0;
/** A short unique suffix for emails, slugs and names inside one process. */
export function uid(prefix = ''): string {
  return `${prefix}${process.pid.toString(36)}${(++unique).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function createTenant(name: string, settings: Partial<Tenant['settings']> = {}): Promise<Tenant> {
  const em = await forkEm();
  const tenant = em.create(TenantSchema, {
    id: newId(),
    slug: uid('t-'),
    name,
    settings: { defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai', ...settings },
  });
  await em.flush();
  return tenant;
}

export async function createUser(
  email: string,
  password = TEST_PASSWORD,
  opts: { name?: string; locale?: User['locale']; disabled?: boolean } = {},
): Promise<User> {
  const em = await forkEm();
  const user = em.create(UserSchema, {
    id: newId(),
    email: email.toLowerCase(),
    name: opts.name ?? email.split('@')[0]!,
    passwordHash: await passwordHash(password),
    locale: opts.locale ?? null,
    disabledAt: opts.disabled ? new Date() : null,
    lastSignInAt: null,
  });
  await em.flush();
  return user;
}

/**
 * Adds a member. A rep also gets a valid 医药代表备案 filing for every product (as in real life, a
 * rep who may promote is filed); pass `{ filed: false }` to test the unfiled case.
 */
export async function addMember(tenantId: string, userId: string, roles: Role[], opts: { filed?: boolean } = {}): Promise<Membership> {
  const em = await forkEm(tenantId);
  const m = em.create(MembershipSchema, { userId, roles, disabledAt: null });
  if (roles.includes('rep') && opts.filed !== false) {
    const year = new Date().getUTCFullYear();
    em.create(RepFilingSchema, {
      userId,
      filingNumber: `TEST-${userId.slice(0, 8)}`,
      authority: null,
      validFrom: `${year - 1}-01-01`,
      validUntil: `${year + 1}-12-31`,
      productIds: [],
      status: 'active',
      note: null,
      recordedBy: userId,
      revokedAt: null,
      revokedBy: null,
      revokedReason: null,
    });
  }
  await em.flush();
  return m;
}

/** Enables (or, with `enabled` false, records as disabled) a plugin for a tenant with its default settings. */
export async function enablePlugin(tenantId: string, pluginId: string, enabled = true): Promise<void> {
  const plugin = findPlugin(pluginId);
  if (!plugin) throw new Error(`plugin ${pluginId} is not registered`);
  const em = await forkEm(tenantId);
  const row = await em.findOne(TenantPluginSchema, { pluginId });
  if (row) row.enabled = enabled;
  else em.create(TenantPluginSchema, { pluginId, enabled, settings: { ...(plugin.manifest.settings.defaults as object) }, changedBy: null });
  await em.flush();
}

/** A tenant with an admin (and more members if asked), the usual start of a test. */
export async function createTenantWithAdmin(
  name: string,
  opts: { plugins?: string[]; adminLocale?: User['locale']; tenantLocale?: 'zh-CN' | 'en' } = {},
): Promise<{ tenant: Tenant; admin: User; membership: Membership }> {
  const tenant = await createTenant(name, opts.tenantLocale ? { defaultLocale: opts.tenantLocale } : {});
  const admin = await createUser(`${uid('admin-')}@example.test`, TEST_PASSWORD, { locale: opts.adminLocale ?? null });
  const membership = await addMember(tenant.id, admin.id, ['admin']);
  for (const p of opts.plugins ?? []) await enablePlugin(tenant.id, p);
  return { tenant, admin, membership };
}

// ---------------------------------------------------------------------------------------------
// Signing in and calling procedures
// ---------------------------------------------------------------------------------------------

export interface TestSession {
  /** The user_session row id (the JWT's `sid`). */
  id: string;
  userId: string;
  /** A `Cookie` header value carrying the next-auth session token. */
  cookie: string;
}

export async function sessionCookie(sid: string, secret = authSecret()): Promise<string> {
  const token = await encode({ token: { sid }, secret, maxAge: 3600 });
  return `next-auth.session-token=${token}`;
}

/**
 * Signs a user in the way the credentials provider does (a user_session row and a next-auth JWT
 * pointing at it), optionally straight into a tenant.
 */
export async function signIn(userId: string, tenantId?: string, meta: { ip?: string } = {}): Promise<TestSession> {
  const em = await forkEm();
  const user = await em.findOneOrFail(UserSchema, { id: userId });
  const session = await createUserSession(em, user, { ip: meta.ip ?? '127.0.0.1', userAgent: 'vitest' });
  if (tenantId && session.activeTenantId !== tenantId) {
    await em.nativeUpdate(UserSessionSchema, { id: session.id }, { activeTenantId: tenantId });
  }
  return { id: session.id, userId, cookie: await sessionCookie(session.id) };
}

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/**
 * A server-side caller as `session` (or anonymous). Every procedure call builds a fresh Context
 * from the headers, exactly like one HTTP request, so revocations apply at the next call.
 */
export function callerFor(session: TestSession | string | null, headers: Record<string, string> = {}): Caller {
  const cookie = typeof session === 'string' ? session : session?.cookie;
  return createCaller(() => createContext(new Headers({ ...headers, ...(cookie ? { cookie } : {}) })));
}

/** The fixture plugin's procedures, typed (plugin routers are mounted as AnyRouter). */
export interface FixtureNotesApi {
  list(): Promise<Awaited<ReturnType<typeof listNotes>>>;
  create(input: { title: string; body: string; subjectId?: string }): Promise<{ id: string }>;
}

export function notesApi(caller: Caller): FixtureNotesApi {
  return (caller.plugins as unknown as Record<string, FixtureNotesApi>)[FIXTURE_ID]!;
}

/** Calls a procedure by its dotted path ('plugins.fixture-notes.list'). */
export function callPath(caller: Caller, dottedPath: string, input?: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of dottedPath.split('.')) target = (target as Record<string, unknown>)[part];
  return (target as (input?: unknown) => Promise<unknown>)(input);
}

/** Every procedure of the app router: dotted path → 'query' | 'mutation'. */
export function allProcedures(): { path: string; type: 'query' | 'mutation' | 'subscription'; hasInput: boolean; inputs: unknown[] }[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] } }>;
  return Object.entries(procedures)
    .map(([p, proc]) => ({ path: p, type: proc._def.type, hasInput: proc._def.inputs.length > 0, inputs: proc._def.inputs }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The error code clients switch on: the DomainError's code, VALIDATION, or the tRPC code. */
export function appCodeOf(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: unknown };
  if (e?.cause instanceof DomainError) return e.cause.code;
  if (e?.cause instanceof ZodError) return 'VALIDATION';
  return e?.code;
}

/** Awaits a call that must fail; returns `{ code, appCode }` (tRPC code and app code). */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: string | undefined; appCode: string | undefined; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, appCode: appCodeOf(error), error };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

// ---------------------------------------------------------------------------------------------
// In-process HTTP (the real /api/trpc handler, no server)
// ---------------------------------------------------------------------------------------------

export interface HttpResult {
  status: number;
  /** Parsed JSON body (undefined when not JSON). */
  body: unknown;
  text: string;
  /** The tRPC error (`body.error.json`) when there is one. */
  error?: { message: string; code: number; data: { code: string; httpStatus: number; appCode?: string; fieldErrors?: Record<string, string> } };
  /** The deserialized result data on success. */
  data?: unknown;
}

export async function httpRaw(urlPath: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await handleTrpc(new Request(`http://localhost/api/trpc/${urlPath}`, init));
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const b = body as { error?: { json: HttpResult['error'] }; result?: { data: { json: unknown; meta?: unknown } } } | undefined;
  const data = b?.result?.data ? superjson.deserialize(b.result.data as Parameters<typeof superjson.deserialize>[0]) : undefined;
  return { status: res.status, body, text, error: b?.error?.json, data };
}

export interface HttpOptions {
  cookie?: string | null;
  headers?: Record<string, string>;
}

function headersFor(opts: HttpOptions, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.headers ?? {}) };
}

/** GET /api/trpc/<path>?input=… with a superjson-encoded input (omitted when undefined). */
export function httpQuery(procedurePath: string, input?: unknown, opts: HttpOptions = {}): Promise<HttpResult> {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  return httpRaw(`${procedurePath}${qs}`, { method: 'GET', headers: headersFor(opts) });
}

/** POST /api/trpc/<path> with a superjson-encoded JSON body. */
export function httpMutation(procedurePath: string, input?: unknown, opts: HttpOptions = {}): Promise<HttpResult> {
  return httpRaw(procedurePath, {
    method: 'POST',
    headers: headersFor(opts, { 'content-type': 'application/json' }),
    body: input === undefined ? undefined : JSON.stringify(superjson.serialize(input)),
  });
}

/** Polls `check` until it returns a truthy value (returned) or the timeout passes (throws). */
export async function waitFor<T>(check: () => Promise<T> | T, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'condition'} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}
