/**
 * The shapes a benchmark scenario is written against. A scenario is one module in bench/scenarios/
 * (listed in bench/scenarios/index.ts); plugins add theirs the same way.
 */
import type { Db } from './db';
import type { Http } from './http';

export type Database = 'sqlite' | 'postgres';
export type Scale = 'small' | 'large';

/** What every scenario gets: the signed-in clients, the raw database and the data set's facts. */
export interface BenchContext {
  db: Database;
  scale: Scale;
  /** Raw driver on the benchmarked database (setup look-ups only; never timed). */
  raw: Db;
  /** Signed in as rep1 (record-level access applies). */
  rep: Http;
  /** Signed in as admin1 (imports and exports of the whole company). */
  admin: Http;
  facts: DataFacts;
  /** The server's resident memory right now, in bytes (the whole process tree). */
  serverRss(): number;
  /** Temporary directory of this run. */
  workDir: string;
  log(line: string): void;
}

/** Ids and values looked up once in the data set (company 1). */
export interface DataFacts {
  tenantId: string;
  repUserId: string;
  adminUserId: string;
  /** Territories rep1 is assigned to. */
  repTerritoryIds: string[];
  /** People rep1 may see (a sample). */
  visiblePersonIds: string[];
  /** Sizes of the main tables (all companies). */
  sizes: Record<string, number>;
}

/** One HTTP request of a latency scenario. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Which signed-in client sends it (default rep). */
  as?: 'rep' | 'admin';
}

/** Targets from issue 8, checked in the report (never in tests). */
export interface Targets {
  p95Ms?: number;
  /** Endpoint p95 ≤ ratio × (framework floor p95 + raw SQL p95). */
  floorRatio?: number;
  rowsPerSecond?: number;
  rssGrowthMb?: number;
}

/** A scenario measured by concurrent clients sending requests for a fixed time. */
export interface LatencyScenario {
  kind: 'latency';
  id: string;
  title: string;
  targets: Targets;
  /** Prepares (looks up ids…) and returns the request for the i-th call (i counts from 0 per client run). */
  prepare(ctx: BenchContext): Promise<(i: number) => RequestSpec>;
  /** A response body check (default: HTTP 2xx and, for tRPC, no error member). */
  check?(status: number, body: string): boolean;
  /** Skip the raw-SQL replay (e.g. the framework floor itself). */
  noRawFloor?: boolean;
}

export interface JobResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  errors: number;
  note?: string;
}

/** A scenario that runs one job (import, export…) and reports rows/s and memory. */
export interface JobScenario {
  kind: 'job';
  id: string;
  title: string;
  targets: Targets;
  run(ctx: BenchContext): Promise<Omit<JobResult, 'rssBeforeMb' | 'rssPeakMb' | 'rssGrowthMb'>>;
}

export type Scenario = LatencyScenario | JobScenario;
