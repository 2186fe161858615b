/**
 * npm run seed:scale -- --customers 100000 --interactions 1000000 [--institutions 10000]
 *                       [--orders 100000] [--tenants 2] [--seed 42] [--password …] [--anchor YYYY-MM-DD]
 *
 * Builds the benchmark data set (see scale-data.ts) in the configured database: PostgreSQL when
 * DATABASE_URL is set, else the SQLite file SQLITE_PATH (default here: data/scale.sqlite, so the
 * development database is not filled with millions of rows by accident).
 */
import { parseArgs } from 'node:util';
import { closeOrm, getOrm } from '@/server/db/orm';
import { dbDriver, env } from '@/server/env';
import { SCALE_EMAIL_DOMAIN, buildScaleData, scaleOptions } from './scale-data';

const USAGE = `usage: npm run seed:scale -- [--customers N] [--interactions N] [--institutions N] [--orders N]
                           [--tenants N] [--seed N] [--password P] [--anchor YYYY-MM-DD] [--batch ROWS]`;

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got "${value}")\n${USAGE}`);
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      interactions: { type: 'string' },
      institutions: { type: 'string' },
      orders: { type: 'string' },
      tenants: { type: 'string' },
      seed: { type: 'string' },
      password: { type: 'string' },
      anchor: { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.anchor !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.anchor)) throw new Error(`--anchor must be a date, YYYY-MM-DD\n${USAGE}`);
  const options = scaleOptions({
    customers: count('customers', values.customers),
    interactions: count('interactions', values.interactions),
    institutions: count('institutions', values.institutions),
    orders: count('orders', values.orders),
    tenants: count('tenants', values.tenants),
    seed: count('seed', values.seed),
    password: values.password,
    anchor: values.anchor ? new Date(`${values.anchor}T00:00:00Z`) : undefined,
    batchRows: count('batch', values.batch),
    log: (line) => console.log(line),
  });
  if (options.tenants < 1 || options.customers < 1 || options.institutions < 1) throw new Error(`--tenants, --customers and --institutions must be at least 1\n${USAGE}`);
  if (!process.env.DATABASE_URL && !process.env.SQLITE_PATH) process.env.SQLITE_PATH = 'data/scale.sqlite';
  console.log(
    `Scale data → ${dbDriver() === 'postgresql' ? 'PostgreSQL' : `SQLite ${env().SQLITE_PATH}`}: ${options.tenants} compan${options.tenants === 1 ? 'y' : 'ies'} × ` +
      `${options.customers.toLocaleString('en')} people, ${options.institutions.toLocaleString('en')} institutions, ` +
      `${options.interactions.toLocaleString('en')} interactions, ${options.orders.toLocaleString('en')} orders (seed ${options.seed}, as of ${options.anchor.toISOString().slice(0, 10)})`,
  );
  const orm = await getOrm();
  try {
    const result = await buildScaleData(orm, options);
    const seconds = result.loadSeconds + result.analyzeSeconds;
    console.log('\nRows per table (all companies):');
    for (const [table, n] of Object.entries(result.counts).sort((a, b) => b[1] - a[1])) console.log(`  ${table.padEnd(24)} ${n.toLocaleString('en').padStart(12)}`);
    console.log(`  ${'total'.padEnd(24)} ${result.rows.toLocaleString('en').padStart(12)}`);
    console.log(
      `\nLoaded in ${result.loadSeconds.toFixed(1)} s (${Math.round(result.rows / result.loadSeconds).toLocaleString('en')} rows/s), ` +
        `ANALYZE ${result.analyzeSeconds.toFixed(1)} s, total ${seconds.toFixed(1)} s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`,
    );
    console.log(`\nCompanies: ${result.tenants.map((t) => `${t.name} (${t.slug})`).join(', ')}`);
    console.log(`Logins (password: ${options.password}): admin1 / manager1 / rep1 / trainer1 / compliance1 @${SCALE_EMAIL_DOMAIN} (company 1; 2 for company 2 …)`);
    console.log('rep1 works the first two Shanghai territories; manager1 leads 华东大区.');
  } finally {
    await closeOrm();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
