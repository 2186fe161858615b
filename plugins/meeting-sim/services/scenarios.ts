import type { EntityManager } from '@mikro-orm/core';
import { newId } from '@/server/db/tenant-scope';
import { DomainError } from '@/server/errors';
import { capabilityFor } from '@/server/plugins/capabilities';
import { recordAudit } from '@/server/services/audit';
import { auditMeta } from '@/server/services/context-types';
import { draftFromMeeting } from '../engine/builders';
import type { ScenarioContent } from '../engine/schema';
import { parseScenario, type ScenarioProblem } from '../engine/validate';
import { SimScenarioSchema, SimScenarioVersionSchema, type SimScenario, type SimScenarioVersion } from '../entities';
import { LIBRARY } from '../library';
import { PLUGIN_ID } from '../manifest';
import { isTrainer, namesOf, notFound, runCtx, simError, type Ctx } from './shared';

/** Adds the built-in scenarios a tenant does not have yet (idempotent by library key). */
export async function ensureLibrary(em: EntityManager, userId: string | null): Promise<number> {
  const have = new Set((await em.find(SimScenarioSchema, { libraryKey: { $ne: null } }, { fields: ['libraryKey'] })).map((s) => s.libraryKey));
  let added = 0;
  for (const item of LIBRARY) {
    if (have.has(item.key)) continue;
    const scenario = em.create(SimScenarioSchema, {
      id: newId(),
      libraryKey: item.key,
      origin: 'library',
      sourceMeetingId: null,
      title: item.content.title,
      latestVersion: 1,
      publishedVersion: 1,
      archivedAt: null,
      createdBy: userId,
    });
    em.create(SimScenarioVersionSchema, { scenarioId: scenario.id, version: 1, status: 'published', content: structuredClone(item.content), createdBy: userId, publishedAt: new Date(), publishedBy: userId });
    added++;
  }
  if (added) await em.flush();
  return added;
}

/**
 * The validation problems as a DomainError: the message names the first problem (and its turn);
 * every problem is a field error keyed by its JSON path, so the editor marks each turn.
 */
export function invalidScenario(problems: ScenarioProblem[]) {
  const fieldErrors: Record<string, { key: string; values?: Record<string, string | number> }> = {};
  for (const p of problems) fieldErrors[p.path || '_'] ??= { key: `plugins.${PLUGIN_ID}.validation.${p.code}`, values: p.values };
  const first = problems[0]!;
  return new DomainError('SCENARIO_INVALID', `plugins.${PLUGIN_ID}.validation.${first.code}`, { ...first.values, count: problems.length }, 'BAD_REQUEST', fieldErrors);
}

export async function listScenarios(ctx: Ctx, opts: { includeUnpublished: boolean }) {
  const all = await ctx.em.find(SimScenarioSchema, { archivedAt: null, ...(opts.includeUnpublished ? {} : { publishedVersion: { $ne: null } }) }, { orderBy: { createdAt: 'asc' } });
  // A rep's own rehearsal of a real meeting is theirs (and trainers'), not the team's library.
  const scenarios = isTrainer(ctx) ? all : all.filter((s) => s.origin !== 'meeting' || s.createdBy === ctx.session.user.id);
  const versions = await ctx.em.find(SimScenarioVersionSchema, { scenarioId: { $in: scenarios.map((s) => s.id) } });
  return scenarios.map((s) => {
    const shown = versions.find((v) => v.scenarioId === s.id && v.version === (s.publishedVersion ?? s.latestVersion));
    const c = shown?.content;
    return {
      id: s.id,
      title: s.title,
      origin: s.origin,
      libraryKey: s.libraryKey,
      latestVersion: s.latestVersion,
      publishedVersion: s.publishedVersion,
      hasDraft: versions.some((v) => v.scenarioId === s.id && v.status === 'draft'),
      type: c?.type ?? null,
      department: c?.department ?? null,
      timeBoxMinutes: c?.timeBoxMinutes ?? null,
      personas: c?.personas.length ?? 0,
    };
  });
}

export async function scenarioOrThrow(em: EntityManager, id: string): Promise<SimScenario> {
  const s = await em.findOne(SimScenarioSchema, { id });
  if (!s) throw notFound('scenario');
  return s;
}

export async function versionOf(em: EntityManager, scenarioId: string, version: number): Promise<SimScenarioVersion> {
  const v = await em.findOne(SimScenarioVersionSchema, { scenarioId, version });
  if (!v) throw notFound('scenario');
  return v;
}

/** The scenario for the editor: its versions and the latest content. */
export async function scenarioDetail(ctx: Ctx, id: string) {
  const s = await scenarioOrThrow(ctx.em, id);
  const versions = await ctx.em.find(SimScenarioVersionSchema, { scenarioId: id }, { orderBy: { version: 'desc' } });
  const names = await namesOf(ctx.em, versions.flatMap((v) => [v.createdBy ?? '', v.publishedBy ?? '']));
  return {
    id: s.id,
    title: s.title,
    origin: s.origin,
    latestVersion: s.latestVersion,
    publishedVersion: s.publishedVersion,
    content: versions[0]!.content,
    versions: versions.map((v) => ({ version: v.version, status: v.status, createdAt: v.createdAt, createdBy: names.get(v.createdBy ?? '') ?? null, publishedAt: v.publishedAt, publishedBy: names.get(v.publishedBy ?? '') ?? null })),
  };
}

function parsedOrThrow(content: unknown): ScenarioContent {
  const res = parseScenario(content);
  if (!res.ok) throw invalidScenario(res.problems);
  return res.content;
}

/**
 * Saves the editor's content. A published version is frozen: saving over it starts a new draft
 * version; saving over a draft replaces it. Invalid content is refused and nothing changes.
 */
export async function saveDraft(ctx: Ctx, scenarioId: string | null, raw: unknown): Promise<{ id: string; version: number }> {
  const content = parsedOrThrow(raw);
  if (!scenarioId) return createScenario(ctx, content, 'custom', null);
  const s = await scenarioOrThrow(ctx.em, scenarioId);
  const latest = await versionOf(ctx.em, s.id, s.latestVersion);
  if (latest.status === 'draft') {
    latest.content = content;
  } else {
    s.latestVersion += 1;
    ctx.em.create(SimScenarioVersionSchema, { scenarioId: s.id, version: s.latestVersion, status: 'draft', content, createdBy: ctx.session.user.id, publishedAt: null, publishedBy: null });
  }
  s.title = content.title;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.scenario.saved', entity: 'MeetingSimScenario', entityId: s.id, changes: { version: s.latestVersion, title: content.title['zh-CN'] } });
  return { id: s.id, version: s.latestVersion };
}

export async function createScenario(ctx: Ctx, content: ScenarioContent, origin: SimScenario['origin'], sourceMeetingId: string | null) {
  const s = ctx.em.create(SimScenarioSchema, { id: newId(), libraryKey: null, origin, sourceMeetingId, title: content.title, latestVersion: 1, publishedVersion: null, archivedAt: null, createdBy: ctx.session.user.id });
  ctx.em.create(SimScenarioVersionSchema, { scenarioId: s.id, version: 1, status: 'draft', content, createdBy: ctx.session.user.id, publishedAt: null, publishedBy: null });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.scenario.created', entity: 'MeetingSimScenario', entityId: s.id, changes: { origin, sourceMeetingId, title: content.title['zh-CN'] } });
  return { id: s.id, version: 1 };
}

/** Publishes the latest draft (validated again): trainees play it from now on; older runs keep theirs. */
export async function publish(ctx: Ctx, scenarioId: string) {
  const s = await scenarioOrThrow(ctx.em, scenarioId);
  const latest = await versionOf(ctx.em, s.id, s.latestVersion);
  if (latest.status !== 'draft') throw simError('NOTHING_TO_PUBLISH', 'nothingToPublish', {}, 'PRECONDITION_FAILED');
  parsedOrThrow(latest.content);
  latest.status = 'published';
  latest.publishedAt = new Date();
  latest.publishedBy = ctx.session.user.id;
  s.publishedVersion = latest.version;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.scenario.published', entity: 'MeetingSimScenario', entityId: s.id, changes: { version: latest.version } });
  return { version: latest.version };
}

export async function archive(ctx: Ctx, scenarioId: string) {
  const s = await scenarioOrThrow(ctx.em, scenarioId);
  s.archivedAt = new Date();
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'meeting-sim.scenario.archived', entity: 'MeetingSimScenario', entityId: s.id, changes: {} });
}

/** Imports a scenario from exported JSON as a new draft (validated; nothing is written when invalid). */
export async function importScenario(ctx: Ctx, json: string) {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw simError('IMPORT_NOT_JSON', 'importNotJson');
  }
  const content = parsedOrThrow(data);
  return createScenario(ctx, { ...content, personas: content.personas.map((p) => ({ ...p, sourcePersonId: null })) }, 'custom', null);
}

export async function exportScenario(ctx: Ctx, scenarioId: string, version?: number) {
  const s = await scenarioOrThrow(ctx.em, scenarioId);
  const v = await versionOf(ctx.em, s.id, version ?? s.latestVersion);
  // Personas from real HCPs keep their names (the trainer chose them) but not the customer id.
  return { ...v.content, personas: v.content.personas.map((p) => ({ ...p, sourcePersonId: null })) };
}

/** The meetings a trainer or rep could rehearse (from dept-meetings, when it is enabled). */
export async function meetingsToRehearse(ctx: Ctx) {
  const briefs = await capabilityFor(ctx.em, 'meetings.briefs');
  if (!briefs) return { available: false, meetings: [] };
  return { available: true, meetings: await briefs.list(runCtx(ctx), { limit: 30 }) };
}

/** "Build from a real meeting": a draft whose personas are the meeting's invited HCPs. */
export async function buildFromMeeting(ctx: Ctx, meetingId: string) {
  const briefs = await capabilityFor(ctx.em, 'meetings.briefs');
  if (!briefs) throw simError('MEETINGS_UNAVAILABLE', 'meetingsUnavailable', {}, 'PRECONDITION_FAILED');
  const brief = await briefs.get(meetingId, runCtx(ctx));
  if (!brief) throw notFound('meeting');
  if (!brief.invitees.length) throw simError('MEETING_NO_INVITEES', 'meetingNoInvitees', {}, 'PRECONDITION_FAILED');
  const content = parsedOrThrow(draftFromMeeting(brief));
  return createScenario(ctx, content, 'meeting', brief.id);
}

export async function objectionLibrary(ctx: Ctx, filter: { search?: string | null; productId?: string | null }) {
  const lib = await capabilityFor(ctx.em, 'objections.library');
  if (!lib) return { available: false, objections: [] };
  const list = await lib.list(runCtx(ctx), { search: filter.search ?? null, productId: filter.productId ?? null, limit: 50 });
  return { available: true, objections: list.map((o) => ({ id: o.id, text: o.text, response: o.response, category: o.category, productName: o.productName, source: o.source.label, loggedAt: o.loggedAt })) };
}

/**
 * A rep rehearses the meeting they are about to hold: the draft built from it is published for
 * them at once (it is theirs; trainers see it too) and a run starts on it.
 */
export async function rehearseMeeting(ctx: Ctx, meetingId: string) {
  const built = await buildFromMeeting(ctx, meetingId);
  await publish(ctx, built.id);
  return { scenarioId: built.id };
}
