/**
 * A plugin disabled for a tenant: its procedures answer FORBIDDEN / PLUGIN_NOT_ENABLED, its nav
 * entry disappears, events no longer reach it, and none of its data is deleted — re-enabling
 * brings everything back. Toggling is audited with the actor.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '@/server/events/bus';
import { TenantPluginSchema } from '@/server/db/entities';
import { verifyAuditChain } from '@/server/services/audit';
import { eventBus } from '@/server/trpc/release';
import {
  addMember,
  allProcedures,
  callerFor,
  callPath,
  createTenantWithAdmin,
  createUser,
  failureOf,
  forEachDatabase,
  httpMutation,
  httpQuery,
  signIn,
  uid,
  type Caller,
  notesApi,
} from '../support/db';

const PLUGIN = 'fixture-notes';
const VALID_INPUT: Record<string, unknown> = {
  [`plugins.${PLUGIN}.create`]: { title: 'while disabled', body: 'must not be written' },
};

forEachDatabase((db) => {
  let tenantId: string;
  let adminId: string;
  let adminName: string;
  let api: Caller;
  let cookie: string;
  const pluginProcedures = () => allProcedures().filter((p) => p.path.startsWith(`plugins.${PLUGIN}.`));

  const notesInDb = async () =>
    (await db.sql<{ id: string; title: string }>('select id, title from fixture_notes_note where tenant_id = ? order by id', [tenantId])).map((r) => r.id);
  const setEnabled = (enabled: boolean) => api.admin.modules.setEnabled({ pluginId: PLUGIN, enabled });

  beforeAll(async () => {
    const { tenant, admin } = await createTenantWithAdmin(`Gating ${db.driver}`, { plugins: [PLUGIN], adminLocale: 'zh-CN' });
    tenantId = tenant.id;
    adminId = admin.id;
    adminName = admin.name;
    const session = await signIn(admin.id, tenant.id);
    cookie = session.cookie;
    api = callerFor(session);
    for (const title of ['first', 'second', 'third']) await notesApi(api).create({ title, body: `${title} body` });
  });

  it('while enabled, the plugin’s procedures and nav entry are there', async () => {
    expect(pluginProcedures().map((p) => p.path).sort()).toEqual([`plugins.${PLUGIN}.create`, `plugins.${PLUGIN}.list`]);
    expect(await notesApi(api).list()).toHaveLength(3);
    expect((await api.account.me()).nav.some((n) => n.owner === PLUGIN)).toBe(true);
  });

  it('disabled: every plugin procedure answers FORBIDDEN with PLUGIN_NOT_ENABLED, and no data is deleted', async () => {
    const before = await notesInDb();
    expect(before).toHaveLength(3);
    expect(await setEnabled(false)).toEqual([PLUGIN]);

    for (const proc of pluginProcedures()) {
      const f = await failureOf(callPath(api, proc.path, VALID_INPUT[proc.path]));
      expect(f, proc.path).toMatchObject({ code: 'FORBIDDEN', appCode: 'PLUGIN_NOT_ENABLED' });
      // Over HTTP: 403, stable code, the message in the user's language. Malformed input too:
      // the enablement check comes before input validation.
      for (const input of [VALID_INPUT[proc.path], { junk: true }]) {
        const res = proc.type === 'query' ? await httpQuery(proc.path, input, { cookie }) : await httpMutation(proc.path, input, { cookie });
        expect(res.status, proc.path).toBe(403);
        expect(res.error?.data.appCode).toBe('PLUGIN_NOT_ENABLED');
        expect(res.error?.message).toContain('模块未启用');
      }
    }
    expect(await notesInDb()).toEqual(before);
    expect((await api.account.me()).nav.some((n) => n.owner === PLUGIN)).toBe(false);
    const modules = await api.admin.modules.list();
    expect(modules.find((m) => m.id === PLUGIN)).toMatchObject({ enabled: false, changedBy: adminName });
    const matrix = await api.admin.roles.matrix();
    expect(matrix.permissions.find((p) => p.id === `${PLUGIN}.read`)?.enabled).toBe(false);
  });

  it('disabling twice changes nothing and is not audited twice', async () => {
    expect(await setEnabled(false)).toEqual([]);
  });

  it('re-enabled: the notes created before are all still there', async () => {
    expect(await setEnabled(true)).toEqual([PLUGIN]);
    const notes = await notesApi(api).list();
    expect(notes.map((n) => n.title).sort()).toEqual(['first', 'second', 'third']);
    expect((await api.account.me()).nav.some((n) => n.owner === PLUGIN)).toBe(true);
  });

  it('toggling is audited: who, what, when — and the chain stays intact', async () => {
    const rows = await db.sql<{ action: string; actor_user_id: string; entity: string; entity_id: string; at: unknown }>(
      `select action, actor_user_id, entity, entity_id, at from audit_entry where tenant_id = ? and action like 'plugin.%' order by seq`,
      [tenantId],
    );
    expect(rows.map((r) => r.action)).toEqual(['plugin.disabled', 'plugin.enabled']);
    for (const r of rows) expect(r).toMatchObject({ actor_user_id: adminId, entity: 'Plugin', entity_id: PLUGIN });
    expect(rows.every((r) => r.at !== null)).toBe(true);
    const em = await db.em(tenantId);
    expect((await em.findOneOrFail(TenantPluginSchema, { pluginId: PLUGIN })).changedBy).toBe(adminId);
    expect(await verifyAuditChain(em, tenantId)).toMatchObject({ intact: true });
  });

  it('only holders of plugins.manage may toggle modules; unknown modules are not found', async () => {
    const rep = await createUser(`${uid('rep-')}@example.test`);
    await addMember(tenantId, rep.id, ['rep']);
    const repApi = callerFor(await signIn(rep.id, tenantId));
    expect(await failureOf(repApi.admin.modules.setEnabled({ pluginId: PLUGIN, enabled: false }))).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    expect(await notesApi(repApi).list()).toHaveLength(3);
    expect(await failureOf(setEnabledOf(api, 'no-such-plugin'))).toMatchObject({ appCode: 'NOT_FOUND' });
  });

  describe('events', () => {
    const welcomeNotesFor = async (userId: string) =>
      db.sql('select id from fixture_notes_note where tenant_id = ? and title = ? and body = ?', [tenantId, 'Welcome', `New member ${userId}`]);

    it('membership.created reaches the fixture handler only while the plugin is enabled', async () => {
      const dispatch = (userId: string) =>
        eventBus().dispatch([{ name: 'membership.created', payload: { tenantId, userId, roles: ['rep'], actorUserId: adminId } }]);
      await dispatch('user-while-enabled');
      expect(await welcomeNotesFor('user-while-enabled')).toHaveLength(1);

      await setEnabled(false);
      await dispatch('user-while-disabled');
      expect(await welcomeNotesFor('user-while-disabled')).toHaveLength(0);
      await setEnabled(true);
    });

    it('accepting an invitation emits membership.created after commit (welcome note) — not while disabled', async () => {
      for (const enabled of [true, false]) {
        await setEnabled(enabled);
        const email = `${uid('joiner-')}@example.test`;
        const { path } = await api.admin.invitations.create({ email, roles: ['rep'] });
        const token = path.split('/').pop()!;
        await callerFor(null).invite.accept({ token, name: 'New Colleague', password: 'a-long-enough-password' });
        const [user] = await db.sql<{ id: string }>('select id from app_user where email = ?', [email]);
        expect(await welcomeNotesFor(user!.id)).toHaveLength(enabled ? 1 : 0);
      }
      await setEnabled(true);
    });

    it('a failing handler is logged and does not stop the other handlers', async () => {
      const ran: string[] = [];
      const bus = new EventBus(
        () => [
          { owner: 'core', handler: { on: 'membership.created', name: 'boom', handle: async () => Promise.reject(new Error('handler exploded')) } },
          { owner: 'core', handler: { on: 'membership.created', name: 'ok', handle: async (p) => void ran.push((p as { userId: string }).userId) } },
          { owner: 'disabled-owner', handler: { on: 'membership.created', name: 'never', handle: async () => void ran.push('never') } },
        ],
        async (_tenant, owner) => owner === 'core',
      );
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        await expect(bus.dispatch([{ name: 'membership.created', payload: { tenantId, userId: 'u1', roles: [], actorUserId: null } }])).resolves.toBeUndefined();
        expect(logged.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/event handler failed.*"handler":"boom".*handler exploded/);
      } finally {
        logged.mockRestore();
      }
      expect(ran).toEqual(['u1']);
    });
  });
});

function setEnabledOf(api: Caller, pluginId: string) {
  return api.admin.modules.setEnabled({ pluginId, enabled: true });
}
