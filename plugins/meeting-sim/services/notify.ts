import type { EntityManager } from '@mikro-orm/core';
import { managersOf, notify } from '@/server/services/notifications';
import { PLUGIN_ID } from '../manifest';

/** In-app notification with a key of this plugin's catalogue (`plugins.meeting-sim.notify.<key>`). */
export function notifyUsers(
  em: EntityManager,
  input: { userIds: string[]; messageKey: string; values?: Record<string, string | number>; href?: string | null; dedupeKey?: string | null },
): Promise<number> {
  return notify(em, { ...input, source: PLUGIN_ID, messageKey: `plugins.${PLUGIN_ID}.notify.${input.messageKey}` });
}

/** The trainee's managers (territory leads), who may read coaching notes and progress. */
export function managersOfSafe(em: EntityManager, userId: string): Promise<string[]> {
  return managersOf(em, userId);
}
