import { PERSON_DEFAULT_COLUMNS } from '@/server/services/customers/list-columns';
import { trpcQueryPath } from '../lib/http';
import type { LatencyScenario } from '../lib/types';

/** 1. People list, first page of 50, territory + tier filter, sorted by name, as a rep. */
const scenario: LatencyScenario = {
  kind: 'latency',
  id: 'people-list',
  title: '1. People list: first 50, territory + tier filter, by name (rep)',
  targets: { p95Ms: 100, floorRatio: 3 },
  async prepare(ctx) {
    const paths = ctx.facts.repTerritoryIds.map((territoryId) =>
      trpcQueryPath('customers.people.list', {
        filters: { territoryId, tier: ['A', 'B'] },
        sort: { field: 'name', dir: 'asc' },
        columns: [...PERSON_DEFAULT_COLUMNS],
        limit: 50,
      }),
    );
    return (i) => ({ method: 'GET', path: paths[i % paths.length]! });
  },
};
export default scenario;
