import type { PluginUi } from '@/server/plugins/contract';

const ui: PluginUi = {};

export default ui;
