import type { ScenarioContent } from '../engine/schema';
import { endocrinology } from './endocrinology';
import { formulary } from './formulary';
import { oncology } from './oncology';

/** The built-in library, seeded per tenant (keys are stable: seeding twice adds nothing). */
export const LIBRARY: { key: string; content: ScenarioContent }[] = [
  { key: 'endocrinology-x', content: endocrinology },
  { key: 'pharmacy-formulary-p', content: formulary },
  { key: 'oncology-skeptics-r', content: oncology },
];

export { endocrinology, formulary, oncology };
