import type { EntityManager } from '@mikro-orm/core';
import { moduleSettings } from '@/server/services/plugins';
import { defaultSettings, PLUGIN_ID, settingsSchema, type MeetingSettings } from './manifest';

/** The tenant's settings over the defaults; a stored value that no longer parses falls back to the default. */
export async function meetingSettings(em: EntityManager): Promise<MeetingSettings> {
  const stored = await moduleSettings({ em }, PLUGIN_ID);
  const rules = { ...defaultSettings.rules, ...((stored.rules as object | undefined) ?? {}) };
  const merged = { ...defaultSettings, ...stored, rules };
  const parsed = settingsSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const out = { ...defaultSettings } as Record<string, unknown>;
  for (const key of Object.keys(defaultSettings) as (keyof MeetingSettings)[]) {
    const one = settingsSchema.shape[key].safeParse(merged[key]);
    if (one.success) out[key] = one.data;
  }
  return out as MeetingSettings;
}

export const yuan = (fen: number) => Math.round(fen) / 100;
export const fen = (yuanAmount: number) => Math.round(yuanAmount * 100);
