import { trpcMutationSpec } from '../lib/http';
import type { LatencyScenario } from '../lib/types';

/** 4. Logging an interaction (a mutation with its audit entry and event), as a rep. */
const scenario: LatencyScenario = {
  kind: 'latency',
  id: 'log-interaction',
  title: '4. Log an interaction (mutation + audit + event, rep)',
  targets: { p95Ms: 50 },
  async prepare(ctx) {
    const ids = ctx.facts.visiblePersonIds;
    return (i) =>
      trpcMutationSpec('interactions.log', {
        channel: 'visit',
        occurredAt: new Date(Date.now() - 3_600_000),
        personIds: [ids[i % ids.length]],
        productIds: [],
        keyMessages: ['疗效数据'],
        notes: '基准测试：拜访记录',
        outcome: 'positive',
        nextStep: null,
        nextStepDue: null,
      });
  },
};
export default scenario;
