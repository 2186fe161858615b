'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { callPluginMutation, callPluginQuery } from '@/app/_lib/plugin-client';
import type { Localized } from '../engine/schema';

const PLUGIN = 'meeting-sim';

/** A query on this plugin's router (`scenarios.list` …), typed by the caller. */
export function useSimQuery<T>(path: string, input?: unknown, opts: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery<T, Error>({
    queryKey: [PLUGIN, path, input ?? null],
    queryFn: () => callPluginQuery<unknown, T>(PLUGIN, path, input),
    refetchInterval: opts.refetchInterval,
    enabled: opts.enabled,
  });
}

/** A mutation; on success every query of this plugin is refreshed. */
export function useSimMutation<I, O = unknown>(path: string) {
  const qc = useQueryClient();
  return useMutation<O, Error, I>({
    mutationFn: (input) => callPluginMutation<I, O>(PLUGIN, path, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: [PLUGIN] }),
  });
}

export const pick = (text: Localized | null | undefined, locale: string): string => (text ? (locale === 'en' ? text.en : text['zh-CN']) : '—');

export const SIM_BASE = `/m/${PLUGIN}`;
