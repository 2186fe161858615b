import { trpcQueryPath } from '../lib/http';
import type { LatencyScenario } from '../lib/types';

/** The framework floor: a trivial authenticated tRPC procedure (session check, no domain query). */
const scenario: LatencyScenario = {
  kind: 'latency',
  id: 'framework-floor',
  title: 'Framework floor: account.ping (authenticated tRPC)',
  targets: {},
  noRawFloor: true,
  async prepare() {
    const path = trpcQueryPath('account.ping');
    return () => ({ method: 'GET', path });
  },
};
export default scenario;
