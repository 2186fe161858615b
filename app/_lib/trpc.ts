'use client';

import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '@/server/trpc/root';

/** Typed hooks for core procedures. Plugin UIs use `usePluginMutation` / their own typed helpers. */
export const trpc = createTRPCReact<AppRouter>();
