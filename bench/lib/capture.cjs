/**
 * Preloaded into the benchmarked server (NODE_OPTIONS=--require …/capture.cjs) to record the SQL
 * the ORM sends, so the harness can replay exactly that SQL through the raw driver (the "raw SQL
 * floor"). Off by default: nothing is recorded and the only cost is one boolean test per query.
 * Recording is on while BENCH_CAPTURE_FILE.on exists, re-read on SIGUSR2; statements go to
 * BENCH_CAPTURE_FILE as JSON lines {sql, params}.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) */
const fs = require('node:fs');

const file = process.env.BENCH_CAPTURE_FILE;
let on = false;
if (file) {
  // The flag file says on or off; the signal only says "look again" (signals may coalesce).
  process.on('SIGUSR2', () => {
    on = fs.existsSync(`${file}.on`);
  });
  const record = (sql, params) => {
    try {
      fs.appendFileSync(file, JSON.stringify({ sql: String(sql), params: params ?? [] }, (_k, v) => (typeof v === 'bigint' ? Number(v) : Buffer.isBuffer(v) ? { $buffer: v.toString('base64') } : v)) + '\n');
    } catch {
      /* recording is best effort */
    }
  };
  try {
    const Database = require('better-sqlite3');
    const prepare = Database.prototype.prepare;
    Database.prototype.prepare = function patchedPrepare(sql, ...rest) {
      const stmt = prepare.call(this, sql, ...rest);
      for (const method of ['all', 'get', 'run', 'iterate']) {
        const original = stmt[method];
        if (typeof original !== 'function') continue;
        stmt[method] = function patched(...args) {
          if (on) record(sql, args.length === 1 && Array.isArray(args[0]) ? args[0] : args);
          return original.apply(this, args);
        };
      }
      return stmt;
    };
    const exec = Database.prototype.exec;
    Database.prototype.exec = function patchedExec(sql) {
      if (on) record(sql, []);
      return exec.call(this, sql);
    };
  } catch {
    /* not installed */
  }
  try {
    const pg = require('pg');
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function patchedQuery(config, values, cb) {
      if (on) {
        const sql = typeof config === 'string' ? config : config && config.text;
        const params = Array.isArray(values) ? values : config && Array.isArray(config.values) ? config.values : [];
        if (sql) record(sql, params);
      }
      return query.call(this, config, values, cb);
    };
  } catch {
    /* not installed */
  }
}
