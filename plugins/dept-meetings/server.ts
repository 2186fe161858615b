import type { PluginServer } from '@/server/plugins/contract';

export const server: PluginServer = {};
