import { definePlugin } from '@/server/plugins/contract';
import { manifest } from './manifest';
import { server } from './server';

export default definePlugin({
  manifest,
  server,
  ui: () => import('./ui'),
});
