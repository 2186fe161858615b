'use client';

import { createTRPCUntypedClient, httpBatchLink } from '@trpc/client';
import { useMutation } from '@tanstack/react-query';
import superjson from 'superjson';

/**
 * Plugin routers are mounted at run time (`plugins.<pluginId>.*`), so their client calls go through
 * this untyped client; each plugin wraps it with its own input/output types.
 */
const client = createTRPCUntypedClient({ links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })] });

export function callPluginMutation<TInput, TOutput>(pluginId: string, procedure: string, input: TInput): Promise<TOutput> {
  return client.mutation(`plugins.${pluginId}.${procedure}`, input) as Promise<TOutput>;
}

export function callPluginQuery<TInput, TOutput>(pluginId: string, procedure: string, input: TInput): Promise<TOutput> {
  return client.query(`plugins.${pluginId}.${procedure}`, input) as Promise<TOutput>;
}

export function usePluginMutation<TInput, TOutput = unknown>(pluginId: string, procedure: string) {
  return useMutation<TOutput, Error, TInput>({ mutationFn: (input) => callPluginMutation<TInput, TOutput>(pluginId, procedure, input) });
}
