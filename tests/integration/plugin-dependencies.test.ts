/**
 * Plugin dependencies: the host's ordering (pure unit tests with synthetic definitions), and the
 * Modules service's checks — enabling needs dependencies on, disabling is refused while enabled
 * plugins depend on it unless cascaded — against a registry that, in this file only, adds two
 * synthetic plugins on top of the fixture: fixture-dependant → fixture-notes, fixture-leaf →
 * fixture-dependant. Nothing is added to the real registry.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { migrationScopes } from '@/prisma-free-db/migrate';
import type { PluginDefinition } from '@/server/plugins/contract';
import { pluginsInDependencyOrder } from '@/server/plugins/host';
import { verifyAuditChain } from '@/server/services/audit';
import { callerFor, createTenantWithAdmin, failureOf, forEachDatabase, httpMutation, signIn, type Caller } from '../support/db';

vi.mock('@/plugins/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/plugins/registry')>();
  const { z: zod } = await import('zod');
  const make = (id: string, deps: string[]) => ({
    manifest: {
      id,
      version: '1.0.0',
      name: { 'zh-CN': `测试${id}`, en: `Test ${id}` },
      description: { 'zh-CN': id, en: id },
      dependencies: deps.map((d) => ({ id: d, range: '^1.0.0' })),
      permissions: [],
      settings: { schema: zod.object({}), defaults: {} },
      dataCategories: [],
      messages: { 'zh-CN': {}, en: {} },
    },
    server: {},
    ui: async () => ({ default: {} }),
  });
  const extra = [make('fixture-leaf', ['fixture-dependant']), make('fixture-dependant', ['fixture-notes'])];
  return { ...original, allPlugins: () => [...original.allPlugins(), ...extra] };
});

function synthetic(id: string, deps: string[] = []): PluginDefinition {
  return {
    manifest: {
      id,
      version: '1.0.0',
      name: { 'zh-CN': id, en: id },
      description: { 'zh-CN': id, en: id },
      dependencies: deps.map((d) => ({ id: d, range: '*' })),
      permissions: [],
      settings: { schema: z.object({}), defaults: {} },
      dataCategories: [],
      messages: { 'zh-CN': {}, en: {} },
    },
    server: {},
    ui: async () => ({ default: {} }),
  };
}

const ids = (plugins: PluginDefinition[]) => plugins.map((p) => p.manifest.id);

describe('pluginsInDependencyOrder', () => {
  it('puts dependencies first, whatever the registration order', () => {
    const order = ids(pluginsInDependencyOrder([synthetic('a', ['b']), synthetic('c'), synthetic('b', ['c'])]));
    expect(order).toEqual(['c', 'b', 'a']);
    expect(ids(pluginsInDependencyOrder([synthetic('b', ['c']), synthetic('a', ['b']), synthetic('c')]))).toEqual(['c', 'b', 'a']);
  });

  it('handles shared dependencies once and orders independent plugins by id', () => {
    const order = ids(pluginsInDependencyOrder([synthetic('z'), synthetic('x', ['base']), synthetic('y', ['base']), synthetic('base')]));
    expect(order).toEqual(['base', 'x', 'y', 'z']);
  });

  it('throws on a cycle, naming it', () => {
    expect(() => pluginsInDependencyOrder([synthetic('a', ['b']), synthetic('b', ['c']), synthetic('c', ['a'])])).toThrow(/cycle: a → b → c → a/);
    expect(() => pluginsInDependencyOrder([synthetic('self', ['self'])])).toThrow(/cycle/);
  });

  it('throws on a missing dependency', () => {
    expect(() => pluginsInDependencyOrder([synthetic('a', ['ghost'])])).toThrow(/a depends on ghost, which is not registered/);
  });

  it('orders the registry, and migrations follow it (core first)', () => {
    const order = pluginsInDependencyOrder();
    // Every plugin comes after everything it depends on (e.g. meeting-sim after dept-meetings).
    for (const [i, p] of order.entries()) {
      for (const dep of p.manifest.dependencies) expect(ids(order).indexOf(dep.id), `${p.manifest.id} after ${dep.id}`).toBeLessThan(i);
    }
    const fixtures = ids(order).filter((id) => id.startsWith('fixture-'));
    expect(fixtures).toEqual(['fixture-notes', 'fixture-dependant', 'fixture-leaf']);
    expect(ids(order).indexOf('dept-meetings')).toBeLessThan(ids(order).indexOf('meeting-sim'));
    expect(migrationScopes().map((s) => s.scope)).toEqual(['core', ...ids(order)]);
  });
});

forEachDatabase((db) => {
  let tenantId: string;
  let adminId: string;
  let api: Caller;
  let cookie: string;

  const enabled = async () =>
    (await api.admin.modules.list())
      .filter((m) => m.enabled)
      .map((m) => m.id)
      .sort();

  beforeAll(async () => {
    const { tenant, admin } = await createTenantWithAdmin(`Deps ${db.driver}`, { adminLocale: 'en' });
    tenantId = tenant.id;
    adminId = admin.id;
    const session = await signIn(admin.id, tenant.id);
    cookie = session.cookie;
    api = callerFor(session);
  });

  it('the Modules list shows dependencies and dependants', async () => {
    const modules = await api.admin.modules.list();
    expect(modules.find((m) => m.id === 'fixture-dependant')).toMatchObject({
      dependencies: [{ id: 'fixture-notes', registered: true, enabled: false }],
      dependants: ['fixture-leaf'],
    });
    expect(modules.find((m) => m.id === 'fixture-notes')?.dependants).toEqual(['fixture-dependant']);
  });

  it('enabling needs the dependencies enabled first', async () => {
    const f = await failureOf(api.admin.modules.setEnabled({ pluginId: 'fixture-dependant', enabled: true }));
    expect(f).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'PLUGIN_DEPENDENCY_DISABLED' });
    const res = await httpMutation('admin.modules.setEnabled', { pluginId: 'fixture-leaf', enabled: true }, { cookie });
    expect(res.status).toBe(412);
    expect(res.error?.data.appCode).toBe('PLUGIN_DEPENDENCY_DISABLED');
    expect(res.error?.message).toContain('fixture-dependant');
    expect(res.error?.message).not.toMatch(/^modules\.errors\./);
    expect(await enabled()).toEqual([]);

    await api.admin.modules.setEnabled({ pluginId: 'fixture-notes', enabled: true });
    await api.admin.modules.setEnabled({ pluginId: 'fixture-dependant', enabled: true });
    await api.admin.modules.setEnabled({ pluginId: 'fixture-leaf', enabled: true });
    expect(await enabled()).toEqual(['fixture-dependant', 'fixture-leaf', 'fixture-notes']);
  });

  it('disabling is refused while enabled plugins depend on it', async () => {
    const f = await failureOf(api.admin.modules.setEnabled({ pluginId: 'fixture-notes', enabled: false }));
    expect(f).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'PLUGIN_HAS_DEPENDANTS' });
    const res = await httpMutation('admin.modules.setEnabled', { pluginId: 'fixture-notes', enabled: false }, { cookie });
    expect(res.status).toBe(412);
    expect(res.error?.message).toMatch(/fixture-leaf, fixture-dependant|fixture-dependant/);
    expect(await enabled()).toEqual(['fixture-dependant', 'fixture-leaf', 'fixture-notes']);
    // A leaf has no dependants: it can go alone.
    expect(await api.admin.modules.setEnabled({ pluginId: 'fixture-leaf', enabled: false })).toEqual(['fixture-leaf']);
    await api.admin.modules.setEnabled({ pluginId: 'fixture-leaf', enabled: true });
  });

  it('cascade disables the dependants first, then the plugin, each audited', async () => {
    const changed = await api.admin.modules.setEnabled({ pluginId: 'fixture-notes', enabled: false, cascade: true });
    expect(changed).toEqual(['fixture-leaf', 'fixture-dependant', 'fixture-notes']);
    expect(await enabled()).toEqual([]);
    const rows = await db.sql<{ entity_id: string; actor_user_id: string }>(
      `select entity_id, actor_user_id from audit_entry where tenant_id = ? and action = 'plugin.disabled' order by seq desc limit 3`,
      [tenantId],
    );
    expect(rows.map((r) => r.entity_id)).toEqual(['fixture-notes', 'fixture-dependant', 'fixture-leaf']);
    expect(rows.every((r) => r.actor_user_id === adminId)).toBe(true);
    expect(await verifyAuditChain(await db.em(tenantId), tenantId)).toMatchObject({ intact: true });
  });
});
