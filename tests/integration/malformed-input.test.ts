/**
 * Malformed input to every procedure → 4xx with a translated message and a stable appCode,
 * never a 500 (issue 2, "Must show"); CSRF refusals; header tricks gain nothing.
 *
 * Every procedure of appRouter is enumerated from `appRouter._def.procedures`, so a procedure
 * added later is swept automatically. Requests go through the real /api/trpc handler in-process,
 * signed in as an admin of a tenant with the fixture plugin enabled.
 *
 * Procedures that declare no input ignore whatever input they are sent (tRPC never reads it):
 * for those the test asserts "never 5xx" and that the answer is either their normal result or a
 * proper 4xx. Every procedure that declares an input must answer 4xx to each malformed input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TenantSchema } from '@/server/db/entities';
import {
  addMember,
  allProcedures,
  createTenantWithAdmin,
  createUser,
  forEachDatabase,
  httpMutation,
  httpQuery,
  httpRaw,
  signIn,
  uid,
  type HttpResult,
} from '../support/db';

const PLUGIN = 'fixture-notes';
const HUGE = 'x'.repeat(300_000);
const CJK = /[\u3400-\u9fff]/;
/** A message that is really a catalogue key that failed to resolve, e.g. `admin.errors.lastAdmin`. */
const RAW_KEY = /^[\w-]+(\.[\w-]+)+$/;

type Locale = 'zh-CN' | 'en';
const ACCEPT: Record<Locale, string> = { 'zh-CN': 'zh-CN,zh;q=0.9', en: 'en-US,en;q=0.9' };

interface Variant {
  name: string;
  /** The raw JSON text sent as ?input= (queries) or as the body (mutations); undefined = none. */
  raw: string | undefined;
}

function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

function variantsFor(inputs: unknown[], full: boolean): Variant[] {
  const keys = inputs.flatMap(keysOf);
  const json = (v: unknown) => JSON.stringify({ json: v });
  const out: Variant[] = [
    { name: 'missing input', raw: undefined },
    { name: 'a number', raw: json(42) },
    { name: 'a string', raw: json('x') },
    { name: 'an own __proto__ key', raw: '{"json":{"__proto__":{}}}' },
    { name: 'broken JSON', raw: '{"json":' },
    { name: 'a huge string in every field', raw: json(Object.fromEntries((keys.length ? keys : ['value']).map((k) => [k, HUGE]))) },
  ];
  if (!full) return out;
  out.push(
    { name: 'null', raw: json(null) },
    { name: 'an array', raw: json([1, 2, 3]) },
    { name: 'not a superjson envelope', raw: '[{"a":1}]' },
    { name: 'superjson meta turning a field into a bigint', raw: JSON.stringify({ json: Object.fromEntries(keys.map((k) => [k, '1'])), meta: { values: Object.fromEntries(keys.map((k) => [k, ['bigint']])) } }) },
    { name: 'superjson meta with an unparsable bigint', raw: '{"json":"1e999","meta":{"values":["bigint"]}}' },
    { name: 'superjson meta aiming at the prototype', raw: '{"json":{},"meta":{"values":{"__proto__.polluted":["undefined"],"constructor.prototype.polluted":["undefined"]}}}' },
    { name: 'deep nesting', raw: json(JSON.parse('['.repeat(2000) + ']'.repeat(2000))) },
  );
  for (const k of keys) {
    out.push(
      { name: `${k}: a number`, raw: json({ [k]: 42 }) },
      { name: `${k}: an object`, raw: json({ [k]: { $ne: null } }) },
      { name: `${k}: a huge string`, raw: json({ [k]: HUGE }) },
    );
  }
  return out;
}

function send(path: string, type: string, raw: string | undefined, cookie: string, locale: Locale): Promise<HttpResult> {
  const headers = { cookie, 'accept-language': ACCEPT[locale] };
  if (type === 'query') {
    return httpRaw(raw === undefined ? path : `${path}?input=${encodeURIComponent(raw)}`, { method: 'GET', headers });
  }
  return httpRaw(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: raw });
}

/** A 4xx tRPC error, in the expected language, with a stable app code. */
function expectTranslatedClientError(res: HttpResult, locale: Locale, what: string) {
  expect(res.status, `${what}: status (body ${res.text.slice(0, 300)})`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: status (body ${res.text.slice(0, 300)})`).toBeLessThan(500);
  expect(res.error, `${what}: a JSON tRPC error`).toBeDefined();
  const { message, data } = res.error!;
  expect(typeof message, what).toBe('string');
  expect(message.length, what).toBeGreaterThan(0);
  expect(message, `${what}: message is not a raw key`).not.toMatch(RAW_KEY);
  if (locale === 'zh-CN') expect(message, `${what}: message in Chinese`).toMatch(CJK);
  else expect(message, `${what}: message in English`).not.toMatch(CJK);
  expect(data.appCode, `${what}: appCode`).toMatch(/^[A-Z_]+$/);
  expect(data.httpStatus, what).toBe(res.status);
  expect(res.text, `${what}: no stack trace leaves the server`).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

forEachDatabase((db) => {
  let tenantId: string;
  let otherTenantId: string;
  const admins: Record<Locale, string> = { 'zh-CN': '', en: '' };
  let repId: string;

  beforeAll(async () => {
    // The company default is English: the zh-CN admin's own choice must still win.
    const { tenant, admin } = await createTenantWithAdmin(`Malformed ${db.driver}`, { plugins: [PLUGIN], adminLocale: 'zh-CN', tenantLocale: 'en' });
    tenantId = tenant.id;
    admins['zh-CN'] = admin.id;
    const en = await createUser(`${uid('admin-en-')}@example.test`, undefined, { locale: 'en' });
    await addMember(tenantId, en.id, ['admin']);
    admins.en = en.id;
    const rep = await createUser(`${uid('rep-')}@example.test`);
    await addMember(tenantId, rep.id, ['rep']);
    repId = rep.id;
    otherTenantId = (await createTenantWithAdmin(`Other ${db.driver}`)).tenant.id;
  });

  it('enumerates the whole router (sanity)', () => {
    const paths = allProcedures().map((p) => p.path);
    expect(paths).toContain('admin.users.remove');
    expect(paths).toContain(`plugins.${PLUGIN}.create`);
    expect(paths.length).toBeGreaterThanOrEqual(25);
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`every procedure answers malformed input with a 4xx in ${locale}, never a 5xx`, async () => {
      const seen: string[] = [];
      const ignored: string[] = [];
      for (const proc of allProcedures()) {
        // A fresh session per procedure: signOutEverywhere (no input) really signs out.
        const { cookie } = await signIn(admins[locale], tenantId);
        for (const v of variantsFor(proc.inputs, locale === 'zh-CN')) {
          const what = `${proc.path} ← ${v.name} (${locale})`;
          const res = await send(proc.path, proc.type, v.raw, cookie, locale);
          seen.push(what);
          expect(res.status, `${what}: never 5xx (body ${res.text.slice(0, 300)})`).toBeLessThan(500);
          if (!proc.hasInput && res.status < 300) {
            ignored.push(what);
            continue;
          }
          expectTranslatedClientError(res, locale, what);
          if (proc.hasInput && res.error!.data.appCode === 'VALIDATION') {
            expect(Object.keys(res.error!.data.fieldErrors ?? {}).length, what).toBeGreaterThan(0);
          }
        }
      }
      expect(seen.length).toBeGreaterThan(locale === 'zh-CN' ? 400 : 150);
      // Only procedures without an input may have answered normally.
      const inputless = new Set(allProcedures().filter((p) => !p.hasInput).map((p) => p.path));
      expect(ignored.every((w) => inputless.has(w.split(' ← ')[0]!))).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('input that passes the router’s schema but fails in the service is a translated 4xx too', async () => {
    const { cookie } = await signIn(admins.en, tenantId);
    const cases: { path: string; input: unknown; status: number; appCode: string }[] = [
      { path: 'admin.modules.updateSettings', input: { pluginId: PLUGIN, settings: { banner: 5, maxNotesOnDashboard: 'many' } }, status: 400, appCode: 'VALIDATION' },
      { path: 'admin.modules.updateSettings', input: { pluginId: 'no-such-plugin', settings: {} }, status: 404, appCode: 'NOT_FOUND' },
      { path: 'admin.modules.setEnabled', input: { pluginId: 'no-such-plugin', enabled: true }, status: 404, appCode: 'NOT_FOUND' },
      { path: 'admin.roles.setGrant', input: { role: 'rep', permission: 'no.such.permission', granted: true }, status: 400, appCode: 'UNKNOWN_PERMISSION' },
      { path: 'admin.roles.setGrant', input: { role: 'admin', permission: 'users.manage', granted: false }, status: 412, appCode: 'LOCKED_GRANT' },
      { path: 'admin.tenant.update', input: { name: 'Valid name', defaultLocale: 'en', timezone: 'Mars/Olympus_Mons' }, status: 400, appCode: 'VALIDATION' },
      { path: 'admin.users.setDisabled', input: { userId: admins.en, disabled: true }, status: 412, appCode: 'CANNOT_DISABLE_SELF' },
      { path: 'admin.invitations.create', input: { email: 'not-an-email', roles: ['rep'] }, status: 400, appCode: 'VALIDATION' },
      { path: 'account.changePassword', input: { current: 'wrong-password', next: 'another-long-password' }, status: 400, appCode: 'WRONG_PASSWORD' },
      { path: 'account.switchTenant', input: { tenantId: otherTenantId }, status: 403, appCode: 'FORBIDDEN' },
    ];
    for (const c of cases) {
      const res = await httpMutation(c.path, c.input, { cookie, headers: { 'accept-language': ACCEPT.en } });
      const what = `${c.path} ${JSON.stringify(c.input)}`;
      expect({ status: res.status, appCode: res.error?.data.appCode }, what).toEqual({ status: c.status, appCode: c.appCode });
      expectTranslatedClientError(res, 'en', what);
    }
    const settings = await httpMutation('admin.modules.updateSettings', { pluginId: PLUGIN, settings: { banner: 5, maxNotesOnDashboard: 3 } }, { cookie });
    expect(settings.error?.data.fieldErrors).toHaveProperty('banner');
  });

  it('a body over the size limit is refused with 413 before it is parsed', async () => {
    const { cookie } = await signIn(admins.en, tenantId);
    const body = JSON.stringify({ json: { title: 'x'.repeat(1_100_000), body: '' } });
    const res = await httpRaw(`plugins.${PLUGIN}.create`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'content-length': String(body.length), 'accept-language': ACCEPT.en },
      body,
    });
    expect(res.status).toBe(413);
    expect(res.error?.data.appCode).toBe('PAYLOAD_TOO_LARGE');
    expect(res.error?.message).toBe('The request is too large.');
  });

  it('wrong methods and unknown procedures are 4xx with a translated message', async () => {
    const { cookie } = await signIn(admins.en, tenantId);
    const headers = { cookie, 'accept-language': ACCEPT.en };
    expectTranslatedClientError(await httpRaw('admin.users.remove', { method: 'GET', headers }), 'en', 'GET on a mutation');
    expectTranslatedClientError(
      await httpRaw('admin.users.list', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' }),
      'en',
      'POST on a query',
    );
    expectTranslatedClientError(await httpRaw('admin.nothing.here', { method: 'GET', headers }), 'en', 'unknown procedure');
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await httpRaw('admin.users.remove', { method, headers });
      expect(res.status, method).toBeGreaterThanOrEqual(400);
      expect(res.status, method).toBeLessThan(500);
      expect(res.error?.data.appCode, method).toBeTruthy();
    }
  });

  it('the user’s own language wins over the company default and the browser', async () => {
    const zh = await signIn(admins['zh-CN'], tenantId);
    const res = await httpMutation('admin.users.remove', { membershipId: '' }, { cookie: zh.cookie, headers: { 'accept-language': ACCEPT.en } });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(CJK);
    // Anonymous: the browser's language.
    const anon = await httpQuery('account.me', undefined, { headers: { 'accept-language': ACCEPT.en } });
    expect(anon.error?.message).toBe('Please sign in.');
    const anonZh = await httpQuery('account.me', undefined, { headers: { 'accept-language': ACCEPT['zh-CN'] } });
    expect(anonZh.error?.message).toBe('请先登录。');
  });

  describe('CSRF', () => {
    const valid = () => ({ name: 'Renamed by CSRF', defaultLocale: 'en' as const, timezone: 'UTC' });

    async function tenantName() {
      return (await (await db.em()).findOneOrFail(TenantSchema, { id: tenantId })).name;
    }

    it('every mutation refuses text/plain, form-encoded, multipart and untyped bodies with 403', async () => {
      const { cookie } = await signIn(admins.en, tenantId);
      const before = await tenantName();
      const mutations = allProcedures().filter((p) => p.type === 'mutation');
      expect(mutations.length).toBeGreaterThan(10);
      for (const m of mutations) {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
          const res = await httpRaw(m.path, {
            method: 'POST',
            headers: { cookie, 'accept-language': ACCEPT.en, ...(type ? { 'content-type': type } : {}) },
            body: JSON.stringify({ json: valid() }),
          });
          expect(res.status, `${m.path} as ${type}`).toBe(403);
          expect(res.error?.data.appCode, `${m.path} as ${type}`).toBe('CSRF_REJECTED');
          expect(res.error?.message).toBe('The request came from an untrusted origin and was refused.');
        }
      }
      expect(await tenantName()).toBe(before);
    });

    it('a foreign Origin, or a cross-site fetch without one, is refused; our own origin is not', async () => {
      const { cookie } = await signIn(admins['zh-CN'], tenantId);
      const before = await tenantName();
      const post = (headers: Record<string, string>) =>
        httpRaw('admin.tenant.update', {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'accept-language': ACCEPT['zh-CN'], ...headers },
          body: JSON.stringify({ json: valid() }),
        });
      const attempts: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: 'http://localhost.evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
      ];
      for (const headers of attempts) {
        const res = await post(headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(res.error?.data.appCode).toBe('CSRF_REJECTED');
        expect(res.error?.message).toBe('请求来源不受信任，已拒绝。');
      }
      expect(await tenantName()).toBe(before);
      // The control: the same request from our own origin goes through.
      const ok = await post({ origin: 'http://localhost', 'sec-fetch-site': 'same-origin' });
      expect(ok.status).toBe(200);
      expect(await tenantName()).toBe('Renamed by CSRF');
    });
  });

  describe('header tricks get nothing more', () => {
    const tricks: Record<string, string> = {
      'x-middleware-subrequest': 'middleware',
      'x-invoke-path': '/api/trpc',
      'x-forwarded-for': '127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-forwarded-host': 'localhost',
      authorization: 'Bearer admin',
      'x-user-id': 'admin',
      'x-tenant-id': 'any',
      'x-rapport-session': 'admin',
    };

    it('without a session every non-public procedure answers 401 whatever the headers say', async () => {
      const variants: Record<string, string>[] = [
        tricks,
        { 'x-middleware-subrequest': 'src/middleware:middleware:middleware:middleware:middleware' },
        { 'x-middleware-subrequest': 'pages/_middleware' },
        { cookie: 'next-auth.session-token=; __Secure-next-auth.session-token=x' },
      ];
      // Public procedures (a link is their credential) answer without a session: not part of this sweep.
      for (const proc of allProcedures().filter((p) => !p.path.startsWith('invite.') && !p.path.startsWith('consentSelfService.') && !p.path.startsWith('plugins.feedback.public.') && !p.path.startsWith('plugins.dept-meetings.public.'))) {
        for (const headers of variants) {
          const res =
            proc.type === 'query'
              ? await httpQuery(proc.path, undefined, { headers: { ...headers, 'x-user-id': admins.en } })
              : await httpMutation(proc.path, {}, { headers: { ...headers, 'x-user-id': admins.en, origin: 'http://localhost' } });
          expect(res.status, `${proc.path} with ${JSON.stringify(headers)}`).toBe(401);
          expect(res.error?.data.appCode).toBe('UNAUTHENTICATED');
        }
      }
    });

    it('a rep with header tricks is still not an admin, and an admin cannot pick another tenant by header', async () => {
      const rep = await signIn(repId, tenantId);
      const res = await httpQuery('admin.users.list', undefined, { cookie: rep.cookie, headers: { ...tricks, 'x-user-id': admins.en, 'x-tenant-id': tenantId } });
      expect(res.status).toBe(403);
      expect(res.error?.data.appCode).toBe('FORBIDDEN');

      const admin = await signIn(admins.en, tenantId);
      const list = await httpQuery('admin.users.list', undefined, { cookie: admin.cookie, headers: { ...tricks, 'x-tenant-id': otherTenantId } });
      expect(list.status).toBe(200);
      const userIds = (list.data as { userId: string }[]).map((m) => m.userId).sort();
      expect(userIds).toEqual([admins['zh-CN'], admins.en, repId].sort());
    });
  });
});
