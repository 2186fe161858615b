import { sqlFor } from '../lib/db';
import { trpcQueryPath } from '../lib/http';
import type { BenchContext, LatencyScenario } from '../lib/types';

/**
 * 2. Quick search (the customer picker's call: people and institutions, 8 hits) by a two-character
 * Chinese name, by pinyin initials, and by the last four digits of a phone — values taken from
 * people the rep can see, rotated so no single query is answered from a warm cache only.
 */
type Source = (ctx: BenchContext) => Promise<string[]>;

const visibleSample = (ctx: BenchContext) => ctx.facts.visiblePersonIds.slice(0, 200);
const inList = (n: number) => Array.from({ length: n }, () => '?').join(',');

const twoCharNames: Source = async (ctx) => {
  const ids = visibleSample(ctx);
  const rows = await ctx.raw.all<{ name: string }>(sqlFor(ctx.db, `select distinct name from person where id in (${inList(ids.length)}) and length(name) = 2`), ids);
  if (rows.length) return rows.slice(0, 20).map((r) => r.name);
  const any = await ctx.raw.all<{ name: string }>(sqlFor(ctx.db, `select name from person where id in (${inList(ids.length)})`), ids);
  return any.slice(0, 20).map((r) => r.name.slice(0, 2));
};

const initials: Source = async (ctx) => {
  const ids = visibleSample(ctx);
  const rows = await ctx.raw.all<{ i: string }>(sqlFor(ctx.db, `select distinct name_initials as i from person where id in (${inList(ids.length)})`), ids);
  return rows.slice(0, 20).map((r) => r.i);
};

const phoneSuffixes: Source = async (ctx) => {
  const ids = visibleSample(ctx);
  const rows = await ctx.raw.all<{ v: string }>(sqlFor(ctx.db, `select value as v from contact_point where owner_id in (${inList(ids.length)}) and kind = 'mobile'`), ids);
  return rows.slice(0, 20).map((r) => r.v.replace(/\D/g, '').slice(-4));
};

function searchScenario(id: string, title: string, source: Source): LatencyScenario {
  return {
    kind: 'latency',
    id,
    title,
    targets: { p95Ms: 100, floorRatio: 3 },
    async prepare(ctx) {
      const values = await source(ctx);
      if (!values.length) throw new Error(`${id}: no search values found in the data set`);
      ctx.log(`  ${id}: ${values.slice(0, 5).join(', ')}…`);
      const paths = values.map((q) => trpcQueryPath('customers.search', { q, kind: 'all', limit: 8 }));
      return (i) => ({ method: 'GET', path: paths[i % paths.length]! });
    },
  };
}

const scenarios: LatencyScenario[] = [
  searchScenario('search-name', '2a. Search: 2-character Chinese name', twoCharNames),
  searchScenario('search-initials', '2b. Search: pinyin initials', initials),
  searchScenario('search-phone', '2c. Search: phone suffix (4 digits)', phoneSuffixes),
];
export default scenarios;
