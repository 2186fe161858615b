import type { EntitySchema, EntityManager } from '@mikro-orm/core';
import type { AnyRouter } from '@trpc/server';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Role } from '@/server/permissions';
import type { Migration } from '@/prisma-free-db/migrations/types';
import type { JobDefinition } from '@/server/jobs/define';
import type { EventHandlerDefinition } from '@/server/events/bus';
import type { Locale, Messages } from '@/server/i18n/locales';
import type { Capabilities } from './capabilities';

/**
 * The plugin contract. A plugin is a folder with three parts, registered in plugins/registry.ts:
 *   manifest — plain data (id, names, dependencies, permissions, settings, data categories, messages)
 *   server   — entities, migrations, router, jobs, event handlers, privacy hooks, lifecycle hooks
 *   ui       — lazily imported: nav entries, pages and slot panels (server components)
 * Core never imports a plugin by name; it reads this contract through the registry.
 */
export type LocalizedText = Record<Locale, string>;

export interface PluginPermission {
  /** `<pluginId>.<action>` */
  id: string;
  description: LocalizedText;
  defaultRoles: readonly Role[];
}

export interface DataCategory {
  /** Table (prefixed with the plugin's id) holding the data. */
  table: string;
  fields: string[];
  purpose: LocalizedText;
  /** Personal information of the subject kind named here ("person" = a customer HCP, "user" = staff). */
  subject: 'person' | 'user' | 'none';
  sensitive: boolean;
  /** Default retention in days; the tenant's privacy settings may shorten it. */
  retentionDays: number;
}

export interface PluginManifest<Settings extends z.ZodTypeAny = z.ZodTypeAny> {
  id: string;
  version: string;
  name: LocalizedText;
  description: LocalizedText;
  /** Other plugins this one needs enabled first. `range` is a semver range on their version. */
  dependencies: { id: string; range: string }[];
  permissions: PluginPermission[];
  settings: { schema: Settings; defaults: z.infer<Settings> };
  dataCategories: DataCategory[];
  /** Message catalogues, merged under the namespace `plugins.<id>`. */
  messages: Record<Locale, Messages>;
}

/** What a plugin's code receives when it runs for one tenant outside a request (hooks, jobs, events). */
export interface PluginRunContext {
  tenantId: string;
  em: EntityManager;
  /** The acting user, when a person triggered it. */
  userId: string | null;
}

export interface PrivacyHooks {
  /** Everything this plugin holds about a person, as named tables of plain rows. */
  exportPersonalData(subjectId: string, ctx: PluginRunContext): Promise<Record<string, Record<string, unknown>[]>>;
  /** Anonymise or delete what this plugin holds about a person; returns rows touched per table. */
  erasePersonalData(subjectId: string, ctx: PluginRunContext): Promise<Record<string, number>>;
}

/** A customer as plugins see it in hooks: a person (HCP, contact) or an institution. */
export interface CustomerRef {
  kind: 'person' | 'institution';
  id: string;
}

/** One entry a plugin adds to a customer's 360 timeline. */
export interface TimelineEntry {
  at: Date;
  /** Short type label key inside the plugin's catalogue, e.g. 'timeline.note'. */
  typeKey: string;
  title: string;
  summary?: string | null;
  /** Link to the plugin's page for the entry, if any (e.g. /m/<id>/…). */
  href?: string | null;
}

export interface CustomerHooks {
  /**
   * Entries for the customer's unified timeline, newest first, strictly before `before` when given.
   * Called only while the plugin is enabled for the tenant.
   */
  timeline?(customer: CustomerRef, ctx: PluginRunContext, page: { before: Date | null; limit: number }): Promise<TimelineEntry[]>;
  /**
   * Two duplicate records are merged: move every row of this plugin that points at `from` to
   * `into`, inside the merge's transaction. Called for every registered plugin, enabled or not,
   * so disabled plugins' data stays consistent too. Returns rows moved per table.
   */
  merge?(kind: CustomerRef['kind'], fromId: string, intoId: string, ctx: PluginRunContext): Promise<Record<string, number>>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- each plugin's entities and job payloads have their own types */
export interface PluginServer {
  entities?: EntitySchema<any, any>[];
  migrations?: Migration[];
  /** Mounted under the plugin id; build its procedures with `pluginProcedure(manifest.id)`. */
  router?: AnyRouter;
  jobs?: JobDefinition<any>[];
  events?: EventHandlerDefinition[];
  privacy?: PrivacyHooks;
  customers?: CustomerHooks;
  /**
   * Services this plugin offers other plugins, under names core defines (server/plugins/capabilities.ts).
   * Callers reach them through `capabilityFor`, which answers only while this plugin is enabled.
   */
  provides?: Partial<Capabilities>;
  onEnable?(ctx: PluginRunContext): Promise<void>;
  onDisable?(ctx: PluginRunContext): Promise<void>;
  /**
   * Demo data for one demo tenant, called by `npm run demo` after core's demo data exists (people,
   * institutions, products, interactions, the demo users). Must be idempotent: return early when
   * the plugin's demo rows are already there.
   */
  seedDemo?(ctx: PluginRunContext & { users: DemoUsers; anchor: Date }): Promise<void>;
}

/** The demo users by role (user ids), and every field rep and manager of the demo tenant. */
export interface DemoUsers {
  admin: string;
  manager: string;
  rep: string;
  trainer: string;
  compliance: string;
  fieldReps: string[];
  fieldManagers: string[];
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Where plugins add panels: `dashboard.widgets` (home page), `customer.tabs` (person / institution 360,
 * params subjectKind + subjectId), `interaction.panels` (an interaction's page, params interactionId,
 * subjectKind, subjectId) — e.g. "record feedback" on a logged visit.
 */
export const SLOTS = ['nav', 'dashboard.widgets', 'customer.tabs', 'customer.timeline', 'interaction.panels'] as const;
export type SlotId = (typeof SLOTS)[number];

/** Props every server-rendered plugin page or panel receives. */
export interface PluginViewProps {
  tenantId: string;
  userId: string;
  locale: Locale;
  /** The path below the plugin's mount point (pages) or the subject shown (customer panels). */
  params: Record<string, string | string[] | undefined>;
}

export interface PluginNavEntry {
  /** Path below /m/<pluginId> ('' for the plugin's home). */
  path: string;
  /** Message key inside the plugin's catalogue. */
  labelKey: string;
  permission?: string;
}

export interface PluginPage {
  /** Path below /m/<pluginId>; ':name' segments become params. */
  path: string;
  permission?: string;
  titleKey: string;
  render(props: PluginViewProps): Promise<ReactNode> | ReactNode;
}

export interface PluginPanel {
  slot: Exclude<SlotId, 'nav'>;
  id: string;
  titleKey: string;
  permission?: string;
  render(props: PluginViewProps): Promise<ReactNode> | ReactNode;
}

/** Props of a public page: the signed link has been checked by core and named the tenant and subject. */
export interface PluginPublicViewProps {
  tenantId: string;
  /** What the link was issued for (a survey delivery id, a meeting id …): the link's `subject`. */
  subject: string;
  token: string;
  locale: Locale;
  params: Record<string, string>;
}

/**
 * A page without login at /p/<pluginId>/<purpose>/<token>, for people outside the company (a doctor
 * answering a survey, an attendee signing in). Core verifies the signed link for `purpose` (see
 * server/plugins/public-links.ts) and that the plugin is enabled for the link's tenant; anything else
 * gets core's "link unavailable" page. Keep it phone-first.
 */
export interface PluginPublicPage {
  purpose: string;
  titleKey: string;
  render(props: PluginPublicViewProps): Promise<ReactNode> | ReactNode;
}

export interface PluginUi {
  nav?: PluginNavEntry[];
  pages?: PluginPage[];
  panels?: PluginPanel[];
  publicPages?: PluginPublicPage[];
}

export interface PluginDefinition {
  manifest: PluginManifest;
  server: PluginServer;
  /** Loaded only where pages render, so the worker and CLI never load React. */
  ui: () => Promise<{ default: PluginUi }>;
}

export function definePlugin(def: PluginDefinition): PluginDefinition {
  return def;
}
