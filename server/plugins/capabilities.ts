import type { EntityManager } from '@mikro-orm/core';
import type { ContactChannel } from '@/server/db/entities';
import type { PluginRunContext } from './contract';
import { enabledPluginIds } from './enablement';
import { pluginsInDependencyOrder } from './host';

/**
 * Services plugins offer one another, under names core defines. A plugin never imports another
 * plugin: it asks core for a capability, and gets the implementation of whichever enabled plugin
 * provides it (a plugin lists them in `server.provides`), or null when none is enabled — so every
 * caller handles "nobody does this here" (e.g. a meeting's adverse event when no safety module is on).
 *
 * A capability receives the caller's PluginRunContext: the EntityManager is scoped to the tenant and
 * `userId` is the acting member (or null in jobs). Implementations check what they must themselves.
 */

/** Where a suspected adverse event came from, so the safety case links back to it. */
export interface AdverseEventSource {
  /** The plugin (or 'core') whose record it is. */
  owner: string;
  /** Kind of record, e.g. 'meeting', 'interaction'. */
  kind: string;
  id: string;
  /** A human label shown on the case ("科室会：糖尿病新进展 2026-11-20"). */
  label: string;
  href?: string | null;
}

export interface AdverseEventReport {
  source: AdverseEventSource;
  /** The HCP who told us, when known (a customer person id). */
  reporterPersonId?: string | null;
  institutionId?: string | null;
  productId?: string | null;
  description: string;
  /** When the company became aware: starts the reporting clock. */
  awareAt: Date;
  /** Patient details when the source captured them; the intake asks for what is missing. */
  patient?: { initials?: string | null; age?: number | null; sex?: 'male' | 'female' | 'unknown' | null } | null;
}

export interface AdverseEventIntake {
  /** Opens (or, for the same source, returns) a safety case. Idempotent per source. */
  report(input: AdverseEventReport, ctx: PluginRunContext): Promise<{ caseId: string; href: string | null; created: boolean }>;
}

/** What a satisfaction survey is sent after. */
export interface SurveyContext {
  owner: string;
  kind: string;
  id: string;
  label: string;
}

export interface SurveyRequests {
  /** Published surveys a caller may offer to send (id and title in the tenant's languages). */
  listPublished(ctx: PluginRunContext): Promise<{ id: string; title: string; kind: string }[]>;
  /**
   * Sends a published survey to people after an interaction or a meeting. Consent (purpose
   * 'survey') is checked when each message is sent; the answer lists who was queued and who was
   * skipped now with the reason (no such person, already sent for this context …).
   */
  request(
    input: { surveyId: string; personIds: string[]; channel: ContactChannel; context: SurveyContext },
    ctx: PluginRunContext,
  ): Promise<{ queued: number; skipped: { personId: string; reason: string }[] }>;
}

/** A planned or held meeting with its invited HCPs, as a rehearsal or briefing sees it. */
export interface MeetingBrief {
  id: string;
  title: string;
  startsAt: Date;
  status: string;
  objective: string | null;
  productId: string | null;
  productName: string | null;
  indication: string | null;
  institutionId: string | null;
  institutionName: string | null;
  departmentName: string | null;
  href: string | null;
  invitees: {
    personId: string;
    name: string;
    title: string | null;
    /** Attitude recorded on the plan, −2 (opposed) … +2 (advocate). */
    attitude: number;
    /** Objections this HCP raised in earlier meetings, newest first. */
    objections: string[];
  }[];
}

export interface MeetingBriefs {
  /** Meetings the acting member may see, upcoming first (`from` defaults to now). */
  list(ctx: PluginRunContext, filter: { from?: Date; limit: number }): Promise<Pick<MeetingBrief, 'id' | 'title' | 'startsAt' | 'status' | 'institutionName'>[]>;
  get(meetingId: string, ctx: PluginRunContext): Promise<MeetingBrief | null>;
}

/** An objection or question a customer raised in the field, kept so trainers can reuse it. */
export interface LoggedObjection {
  id: string;
  text: string;
  /** The answer given, when recorded. */
  response: string | null;
  category: string | null;
  productId: string | null;
  productName: string | null;
  personId: string | null;
  source: { owner: string; kind: string; id: string; label: string };
  loggedAt: Date;
}

export interface ObjectionLibrary {
  list(ctx: PluginRunContext, filter: { productId?: string | null; search?: string | null; limit: number }): Promise<LoggedObjection[]>;
}

/** The capability names and their interfaces. Add a name here before a plugin may provide it. */
export interface Capabilities {
  'adverse-events.intake': AdverseEventIntake;
  'surveys.requests': SurveyRequests;
  'meetings.briefs': MeetingBriefs;
  'objections.library': ObjectionLibrary;
}

export type CapabilityName = keyof Capabilities;

/**
 * The implementation of `name` from a plugin enabled for the EntityManager's tenant, or null.
 * When several enabled plugins provide it, the one registered last in dependency order wins.
 */
export async function capabilityFor<N extends CapabilityName>(em: EntityManager, name: N): Promise<Capabilities[N] | null> {
  const enabled = await enabledPluginIds(em);
  let found: Capabilities[N] | null = null;
  for (const plugin of pluginsInDependencyOrder()) {
    const impl = plugin.server.provides?.[name];
    if (impl && enabled.has(plugin.manifest.id)) found = impl as Capabilities[N];
  }
  return found;
}
