import type { PluginServer } from '@/server/plugins/contract';

export const seedDemo: NonNullable<PluginServer['seedDemo']> = async () => {};
