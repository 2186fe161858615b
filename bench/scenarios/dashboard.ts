import type { LatencyScenario } from '../lib/types';

/** 7. The dashboard page with its widgets (my tasks, recent interactions, customers by tier, plugin widgets), as a rep. */
const scenario: LatencyScenario = {
  kind: 'latency',
  id: 'dashboard',
  title: '7. Dashboard render with widgets (rep)',
  targets: { p95Ms: 100, floorRatio: 3 },
  async prepare() {
    return () => ({ method: 'GET', path: '/', headers: { accept: 'text/html' } });
  },
  check: (status, body) => status === 200 && body.includes('core-widgets'),
};
export default scenario;
