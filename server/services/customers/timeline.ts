import {
  ActivityParticipationSchema,
  InteractionParticipantSchema,
  InteractionSchema,
  LifecycleChangeSchema,
  MarketingActivitySchema,
  PurchaseOrderSchema,
  ServiceRequestSchema,
  TaskSchema,
  UserSchema,
  type CustomerKind,
} from '@/server/db/entities';
import { errorFields, log } from '@/server/log';
import { listPlugins } from '@/server/plugins/host';
import { visibleCustomer } from './access';
import type { CustomerContext } from './context';

/**
 * A customer's unified timeline: interactions, purchases, service requests, tasks, activity
 * participations, tier/stage changes and the entries of enabled plugins, newest first. Each source
 * is read straight from its table (newest `limit` before the cursor), the lists are merged and cut
 * at `limit`; "load more" continues strictly before the last entry shown. Sources the user has no
 * permission for are left out.
 */

export type TimelineSource = 'interaction' | 'order' | 'service' | 'task' | 'activity' | 'lifecycle' | 'plugin';

export interface TimelineItem {
  key: string;
  at: Date;
  source: TimelineSource;
  /** Free text of the entry (task or request title, order number, activity or plugin entry title). */
  title: string | null;
  summary: string | null;
  href: string | null;
  /** Codes the client labels (channel, status, type…) and plain values (amount, owner). */
  meta: Record<string, string | number | null>;
  /** Plugin entries: whose, and the label key inside that plugin's catalogue. */
  pluginId?: string;
  typeKey?: string;
}

export interface TimelineContext extends CustomerContext {
  enabledPlugins: ReadonlySet<string>;
}

const SUMMARY_MAX = 280;
const clip = (s: string | null | undefined) => (s ? (s.length > SUMMARY_MAX ? `${s.slice(0, SUMMARY_MAX)}…` : s) : null);

export async function customerTimeline(ctx: TimelineContext, kind: CustomerKind, id: string, before: Date | null, limit: number) {
  await visibleCustomer(ctx, kind, id);
  const em = ctx.em;
  const at = (field: string) => (before ? { [field]: { $lt: before } } : {});
  const can = (p: string) => ctx.permissions.has(p);
  const subject = { subjectKind: kind, subjectId: id };
  const sources: Promise<TimelineItem[]>[] = [];
  let fullSources = 0;
  const track = (items: TimelineItem[]) => {
    if (items.length >= limit) fullSources++;
    return items;
  };

  if (can('interactions.read')) {
    sources.push(
      (async () => {
        let interactions;
        if (kind === 'person') {
          const parts = await em.find(InteractionParticipantSchema, { personId: id, ...at('occurredAt') }, { orderBy: { occurredAt: 'desc' }, limit, fields: ['interactionId'] });
          interactions = parts.length ? await em.find(InteractionSchema, { id: { $in: parts.map((p) => p.interactionId) } }) : [];
        } else {
          interactions = await em.find(InteractionSchema, { institutionId: id, ...at('occurredAt') }, { orderBy: { occurredAt: 'desc' }, limit });
        }
        const owners = await userNames(ctx, interactions.map((i) => i.ownerId));
        return track(
          interactions.map((i) => ({
            key: `interaction:${i.id}`,
            at: i.occurredAt,
            source: 'interaction' as const,
            title: null,
            summary: clip(i.notes),
            href: `/interactions/${i.id}`,
            meta: { channel: i.channel, outcome: i.outcome, owner: owners.get(i.ownerId) ?? null, nextStep: clip(i.nextStep) },
          })),
        );
      })(),
    );
  }
  if (can('orders.read')) {
    sources.push(
      em.find(PurchaseOrderSchema, { ...subject, ...at('orderedAt') }, { orderBy: { orderedAt: 'desc' }, limit }).then((rows) =>
        track(
          rows.map((o) => ({
            key: `order:${o.id}`,
            at: o.orderedAt,
            source: 'order' as const,
            title: o.orderNo,
            summary: clip(o.remarks),
            href: `/orders/${o.id}`,
            meta: { amount: Number(o.totalAmount), paymentMethod: o.paymentMethod, invoiceNo: o.invoiceNo },
          })),
        ),
      ),
    );
  }
  if (can('service.read')) {
    sources.push(
      em.find(ServiceRequestSchema, { ...subject, ...at('openedAt') }, { orderBy: { openedAt: 'desc' }, limit }).then((rows) =>
        track(rows.map((s) => ({ key: `service:${s.id}`, at: s.openedAt, source: 'service' as const, title: s.title, summary: clip(s.description), href: `/service/${s.id}`, meta: { type: s.type, status: s.status } }))),
      ),
    );
  }
  if (can('tasks.write')) {
    sources.push(
      (async () => {
        const rows = await em.find(TaskSchema, { ...subject, ...at('createdAt') }, { orderBy: { createdAt: 'desc' }, limit });
        const owners = await userNames(ctx, rows.map((t) => t.ownerId));
        return track(
          rows.map((t) => ({
            key: `task:${t.id}`,
            at: t.createdAt,
            source: 'task' as const,
            title: t.title,
            summary: clip(t.description),
            href: null,
            meta: { status: t.status, dueAt: t.dueAt ? t.dueAt.toISOString() : null, owner: owners.get(t.ownerId) ?? null },
          })),
        );
      })(),
    );
  }
  sources.push(
    (async () => {
      // Participations carry no date of their own: the activity's start is the entry's time.
      const parts = await em.find(ActivityParticipationSchema, subject, { limit: 1000 });
      if (!parts.length) return [];
      const activities = await em.find(MarketingActivitySchema, { id: { $in: parts.map((p) => p.activityId) }, ...at('startsAt') }, { orderBy: { startsAt: 'desc' }, limit });
      const byActivity = new Map(parts.map((p) => [p.activityId, p]));
      return track(
        activities.map((a) => ({
          key: `activity:${a.id}`,
          at: a.startsAt,
          source: 'activity' as const,
          title: a.name,
          summary: clip(byActivity.get(a.id)?.notes),
          href: null,
          meta: { type: a.type, effectRating: byActivity.get(a.id)?.effectRating ?? null, location: a.location },
        })),
      );
    })(),
  );
  sources.push(
    (async () => {
      const rows = await em.find(LifecycleChangeSchema, { ...subject, ...at('at') }, { orderBy: { at: 'desc' }, limit });
      const by = await userNames(ctx, rows.map((r) => r.changedBy));
      return track(
        rows.map((r) => ({
          key: `lifecycle:${r.id}`,
          at: r.at,
          source: 'lifecycle' as const,
          title: null,
          summary: r.reason,
          href: null,
          meta: { field: r.field, from: r.fromValue, to: r.toValue, by: r.changedBy ? (by.get(r.changedBy) ?? null) : null },
        })),
      );
    })(),
  );
  for (const plugin of listPlugins()) {
    const hook = plugin.server.customers?.timeline;
    const pluginId = plugin.manifest.id;
    if (!hook || !ctx.enabledPlugins.has(pluginId)) continue;
    sources.push(
      hook({ kind, id }, { tenantId: ctx.tenant.id, em, userId: ctx.session.user.id }, { before, limit })
        .then((entries) =>
          track(
            entries.map((e, i) => ({
              key: `plugin:${pluginId}:${e.at.getTime()}:${i}`,
              at: e.at,
              source: 'plugin' as const,
              title: e.title,
              summary: clip(e.summary),
              href: e.href ?? null,
              meta: {},
              pluginId,
              typeKey: e.typeKey,
            })),
          ),
        )
        // One plugin failing must not take the customer's timeline down with it.
        .catch((err: unknown) => {
          log.warn('plugin timeline hook failed', { pluginId, ...errorFields(err) });
          return [];
        }),
    );
  }

  const all = (await Promise.all(sources)).flat().sort((a, b) => b.at.getTime() - a.at.getTime());
  let items = all.slice(0, limit);
  const last = items.at(-1);
  // Entries sharing the last timestamp travel together, so "before" never skips one of them.
  if (last) items = all.filter((e, i) => i < limit || e.at.getTime() === last.at.getTime());
  const more = all.length > items.length || fullSources > 0;
  return { items, nextBefore: more && items.length ? items.at(-1)!.at : null };
}

async function userNames(ctx: CustomerContext, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const users = await ctx.em.find(UserSchema, { id: { $in: wanted } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}
