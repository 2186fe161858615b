/**
 * The benchmark's scenarios, in the order they run. Adding one is one file: a module whose default
 * export is a Scenario (or an array of them, see search.ts), listed here. Latency scenarios run
 * first; jobs that grow the data (the import) last.
 */
import type { Scenario } from '../lib/types';
import customer360 from './customer-360';
import dashboard from './dashboard';
import exportPeople from './export-people';
import frameworkFloor from './framework-floor';
import importPeople from './import-people';
import logInteraction from './log-interaction';
import peopleList from './people-list';
import search from './search';

export const scenarios: Scenario[] = [frameworkFloor, peopleList, ...search, customer360, dashboard, logInteraction, exportPeople, importPeople];
