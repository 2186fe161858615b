import path from 'node:path';

/**
 * The one directory for files the app writes (uploads, exports, consent evidence, rights-request
 * bundles): RAPPORT_DATA_DIR, default `data/`. Never served statically — files leave only through
 * route handlers that check session, tenant and permission. With several web servers it is a
 * shared volume.
 */
export function dataDir(): string {
  // Resolved at run time: the bundler must not trace the (configurable) data directory into the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.RAPPORT_DATA_DIR || 'data');
}
