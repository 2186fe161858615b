import type { FilterQuery } from '@mikro-orm/core';
import { ActivityParticipationSchema, InstitutionSchema, MarketingActivitySchema, PersonSchema, type ActivityParticipation, type ActivityType, type CustomerKind, type MarketingActivity } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { accessScope, scopeWhere } from '@/server/services/customers/access';
import { changes, customerSubject, decodeCursor, encodeCursor, invalid, userNames } from './shared';

export interface ActivityInput {
  name: string;
  type: ActivityType;
  startsAt: Date;
  location: string | null;
  description: string | null;
}

function view(a: MarketingActivity) {
  return { id: a.id, name: a.name, type: a.type, startsAt: a.startsAt, location: a.location, description: a.description };
}

/** Activities, latest first, with how many customers took part and their average effect rating. */
export async function listActivities(ctx: TenantContext, input: { type: ActivityType | null; cursor: string | null; limit: number }) {
  const and: FilterQuery<MarketingActivity>[] = [];
  if (input.type) and.push({ type: input.type });
  const c = decodeCursor(input.cursor);
  if (c?.value instanceof Date) and.push({ $or: [{ startsAt: { $lt: c.value } }, { startsAt: c.value, id: { $lt: c.id } }] });
  const rows = await ctx.em.find(MarketingActivitySchema, and.length ? { $and: and } : {}, { orderBy: { startsAt: 'desc', id: 'desc' }, limit: input.limit + 1 });
  const more = rows.length > input.limit;
  const shown = rows.slice(0, input.limit);
  const parts = shown.length ? await ctx.em.find(ActivityParticipationSchema, { activityId: { $in: shown.map((a) => a.id) } }, { fields: ['activityId', 'effectRating'] }) : [];
  const last = shown[shown.length - 1];
  return {
    items: shown.map((a) => {
      const mine = parts.filter((p) => p.activityId === a.id);
      const rated = mine.flatMap((p) => (p.effectRating ? [p.effectRating] : []));
      return { ...view(a), participants: mine.length, averageRating: rated.length ? Math.round((rated.reduce((s, r) => s + r, 0) / rated.length) * 10) / 10 : null };
    }),
    nextCursor: more && last ? encodeCursor(last.startsAt, last.id) : null,
  };
}

/**
 * Participants the user may see: a participation is about a customer, so it follows the
 * customer's record-level access (a manager sees their team's customers at a company event).
 */
async function visibleParticipations(ctx: TenantContext, rows: ActivityParticipation[]) {
  const scope = await accessScope(ctx);
  const people = rows.filter((r) => r.subjectKind === 'person').map((r) => r.subjectId);
  const institutions = rows.filter((r) => r.subjectKind === 'institution').map((r) => r.subjectId);
  const [ps, is] = await Promise.all([
    people.length ? ctx.em.find(PersonSchema, { id: { $in: people }, ...scopeWhere(scope) }, { fields: ['id', 'name'] }) : [],
    institutions.length ? ctx.em.find(InstitutionSchema, { id: { $in: institutions }, ...scopeWhere(scope) }, { fields: ['id', 'name'] }) : [],
  ]);
  const names = new Map<string, string>([...ps.map((p) => [`person:${p.id}`, p.name] as const), ...is.map((i) => [`institution:${i.id}`, i.name] as const)]);
  return rows.flatMap((r) => {
    const name = names.get(`${r.subjectKind}:${r.subjectId}`);
    return name === undefined ? [] : [{ id: r.id, activityId: r.activityId, subject: { kind: r.subjectKind, id: r.subjectId, name }, effectRating: r.effectRating, notes: r.notes, createdAt: r.createdAt }];
  });
}

async function activityById(ctx: TenantContext, id: string): Promise<MarketingActivity> {
  const a = await ctx.em.findOne(MarketingActivitySchema, { id });
  if (!a) throw errors.notFound('activity');
  return a;
}

export async function getActivity(ctx: TenantContext, id: string) {
  const a = await activityById(ctx, id);
  const parts = await ctx.em.find(ActivityParticipationSchema, { activityId: id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const createdBy = (await userNames(ctx, [a.createdBy])).get(a.createdBy ?? '') ?? null;
  return { ...view(a), createdBy, participations: await visibleParticipations(ctx, parts) };
}

export async function createActivity(ctx: TenantContext, input: ActivityInput) {
  const a = ctx.em.create(MarketingActivitySchema, { ...input, createdBy: ctx.session.user.id });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'activity.created', entity: 'MarketingActivity', entityId: a.id, changes: { ...input } });
  return view(a);
}

export async function updateActivity(ctx: TenantContext, id: string, input: ActivityInput) {
  const a = await activityById(ctx, id);
  const diff = changes(a, input);
  Object.assign(a, input);
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'activity.updated', entity: 'MarketingActivity', entityId: id, changes: diff });
  return view(a);
}

export interface ParticipationInput {
  effectRating: number | null;
  notes: string | null;
}

export async function addParticipant(ctx: TenantContext, input: ParticipationInput & { activityId: string; subjectKind: CustomerKind; subjectId: string }) {
  await activityById(ctx, input.activityId);
  const subject = await customerSubject(ctx, input.subjectKind, input.subjectId);
  const existing = await ctx.em.findOne(ActivityParticipationSchema, { activityId: input.activityId, subjectKind: subject.kind, subjectId: subject.id }, { fields: ['id'] });
  if (existing) throw invalid('subjectId', 'activities.errors.alreadyParticipant', { name: subject.name });
  const p = ctx.em.create(ActivityParticipationSchema, { activityId: input.activityId, subjectKind: subject.kind, subjectId: subject.id, effectRating: input.effectRating, notes: input.notes });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'activity.participant.added', entity: 'ActivityParticipation', entityId: p.id, changes: { activityId: input.activityId, subject: `${subject.kind}:${subject.id}`, effectRating: input.effectRating } });
  return (await visibleParticipations(ctx, [p]))[0]!;
}

/** A participation the user may see (its customer is in their scope), or NOT_FOUND. */
async function visibleParticipation(ctx: TenantContext, id: string): Promise<ActivityParticipation> {
  const p = await ctx.em.findOne(ActivityParticipationSchema, { id });
  if (!p || !(await visibleParticipations(ctx, [p])).length) throw errors.notFound('participation');
  return p;
}

export async function updateParticipant(ctx: TenantContext, id: string, input: ParticipationInput) {
  const p = await visibleParticipation(ctx, id);
  const diff = changes(p, input);
  Object.assign(p, input);
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'activity.participant.updated', entity: 'ActivityParticipation', entityId: id, changes: diff });
  return (await visibleParticipations(ctx, [p]))[0]!;
}

export async function removeParticipant(ctx: TenantContext, id: string) {
  const p = await visibleParticipation(ctx, id);
  ctx.em.remove(p);
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'activity.participant.removed', entity: 'ActivityParticipation', entityId: id, changes: { activityId: p.activityId, subject: `${p.subjectKind}:${p.subjectId}`, effectRating: p.effectRating } });
}

/** The activities one customer took part in (the 360 page), latest first. */
export async function participationsForCustomer(ctx: TenantContext, kind: CustomerKind, id: string) {
  await customerSubject(ctx, kind, id);
  const parts = await ctx.em.find(ActivityParticipationSchema, { subjectKind: kind, subjectId: id });
  const activities = parts.length ? await ctx.em.find(MarketingActivitySchema, { id: { $in: parts.map((p) => p.activityId) } }) : [];
  const byId = new Map(activities.map((a) => [a.id, a]));
  return parts
    .flatMap((p) => {
      const a = byId.get(p.activityId);
      return a ? [{ id: p.id, effectRating: p.effectRating, notes: p.notes, activity: view(a) }] : [];
    })
    .sort((x, y) => y.activity.startsAt.getTime() - x.activity.startsAt.getTime());
}
