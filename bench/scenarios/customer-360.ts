import type { LatencyScenario } from '../lib/types';

/** 3. The person 360 page, server-rendered (profile, first timeline page, plugin panels), as a rep. */
const scenario: LatencyScenario = {
  kind: 'latency',
  id: 'customer-360',
  title: '3. Customer 360 page (server render, rep)',
  targets: { p95Ms: 100, floorRatio: 3 },
  async prepare(ctx) {
    const ids = ctx.facts.visiblePersonIds.slice(0, 100);
    return (i) => ({ method: 'GET', path: `/customers/people/${ids[i % ids.length]}`, headers: { accept: 'text/html' } });
  },
  check: (status, body) => status === 200 && body.includes('</html>'),
};
export default scenario;
