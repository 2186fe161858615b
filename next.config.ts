import type { NextConfig } from 'next';
const nextConfig: NextConfig = {
  // The ORM, the database drivers, the queue and the password hasher stay out of the bundle:
  // they load native modules, and MikroORM must see real (unminified) module code.
  serverExternalPackages: [
    '@mikro-orm/core',
    '@mikro-orm/knex',
    '@mikro-orm/better-sqlite',
    '@mikro-orm/postgresql',
    'better-sqlite3',
    'pg',
    'knex',
    'bullmq',
    'ioredis',
    '@node-rs/argon2',
  ],
  poweredByHeader: false,
  // `npm run typecheck` (first step of `npm test`) checks the whole tree, tests included; the
  // build does not repeat it, so work-in-progress tests never block `npm run demo`.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
