/**
 * THE place plugins are registered. Add a line per plugin; nothing scans folders at run time.
 * Order does not matter: the host sorts by declared dependencies.
 */
import type { PluginDefinition } from '@/server/plugins/contract';
import deptMeetings from '@/plugins/dept-meetings';
import feedback from '@/plugins/feedback';
import meetingSim from '@/plugins/meeting-sim';
import fixtureNotes from '@/tests/fixture-plugin';

const productPlugins: PluginDefinition[] = [
  // The real plugins (key accounts, dept-meetings, feedback, loyalty, meeting-sim) register here.
  deptMeetings,
  feedback,
  meetingSim,
];

/** A small plugin that proves the host; loaded only where RAPPORT_FIXTURE_PLUGINS=1 (the tests). */
const fixturePlugins: PluginDefinition[] = [fixtureNotes];

export function allPlugins(): PluginDefinition[] {
  return process.env.RAPPORT_FIXTURE_PLUGINS === '1' ? [...productPlugins, ...fixturePlugins] : productPlugins;
}
