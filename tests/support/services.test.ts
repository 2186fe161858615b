import Redis from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { connectPg, createDatabase, dropDatabase } from './services';

const pgAdminUrl = inject('pgAdminUrl');
const redisUrl = inject('redisUrl');

describe.skipIf(!pgAdminUrl)('throwaway PostgreSQL', () => {
  it('answers select 1', async () => {
    const client = await connectPg(pgAdminUrl);
    try {
      const { rows } = await client.query<{ one: number; db: string; encoding: string }>(
        "select 1 as one, current_database() as db, pg_encoding_to_char(encoding) as encoding from pg_database where datname = current_database()",
      );
      expect(rows).toEqual([{ one: 1, db: 'rapport_test', encoding: 'UTF8' }]);
    } finally {
      await client.end();
    }
  });

  it('creates and drops databases', async () => {
    const name = `rapport_test_tmp_${process.pid}`;
    const url = await createDatabase(pgAdminUrl, name);
    expect(url).toMatch(new RegExp(`/${name}$`));
    const client = await connectPg(url);
    try {
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      expect(rows[0]?.db).toBe(name);
    } finally {
      await client.end();
    }
    await dropDatabase(pgAdminUrl, name);
    const admin = await connectPg(pgAdminUrl);
    try {
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(rows).toHaveLength(0);
    } finally {
      await admin.end();
    }
  });
});

describe.skipIf(!redisUrl)('throwaway Redis', () => {
  it('answers PING with the BullMQ-compatible eviction policy', async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    } finally {
      redis.disconnect();
    }
  });
});
