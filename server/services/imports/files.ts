import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { dataDir } from '@/server/data-dir';

/**
 * Where imports and exports keep their files: `<data dir>/uploads/<tenantId>/<jobId>` and
 * `<data dir>/exports/<tenantId>/<jobId>.<ext>`. See
 * server/data-dir.ts for the directory itself.
 */
export { dataDir };

/** Largest accepted upload (RAPPORT_UPLOAD_MAX_MB, default 50 MB: ~200k rows of a wide CSV). */
export function maxUploadBytes(): number {
  const mb = Number(process.env.RAPPORT_UPLOAD_MAX_MB ?? 50);
  return Math.max(1, Number.isFinite(mb) ? mb : 50) * 1024 * 1024;
}

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

function safe(part: string): string {
  // Ids come from our own rows, but a path is built from them: refuse anything that could escape.
  if (!SAFE_ID.test(part)) throw new Error(`unsafe path segment: ${part}`);
  return part;
}

export function uploadPath(tenantId: string, jobId: string): string {
  return path.join(dataDir(), 'uploads', safe(tenantId), safe(jobId));
}

export function exportPath(tenantId: string, jobId: string, format: 'csv' | 'xlsx'): string {
  return path.join(dataDir(), 'exports', safe(tenantId), `${safe(jobId)}.${format}`);
}

/** Stored paths are relative to the data directory, so moving the directory keeps them valid. */
export function toStored(absolute: string): string {
  return path.relative(dataDir(), absolute);
}

export function fromStored(stored: string): string {
  const abs = path.resolve(dataDir(), stored);
  if (!abs.startsWith(dataDir() + path.sep)) throw new Error('stored path escapes the data directory');
  return abs;
}

export class UploadTooLarge extends Error {}

/**
 * Streams a request body to `target`, refusing it as soon as it passes `maxBytes` (the partial
 * file is removed). Returns the number of bytes written.
 */
export async function saveStream(body: Readable, target: string, maxBytes: number): Promise<number> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let total = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > maxBytes) done(new UploadTooLarge(`upload exceeds ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, cap, fs.createWriteStream(target, { mode: 0o600 }));
  } catch (err) {
    removeFile(target);
    throw err;
  }
  return total;
}

/** Removes a file if it is there; never throws (cleanup must not break the caller). */
export function removeFile(absolute: string | null | undefined): void {
  if (!absolute) return;
  try {
    fs.rmSync(absolute, { force: true });
  } catch {
    // Already gone or not removable: the cleanup job retries later.
  }
}

export function fileExists(absolute: string): boolean {
  try {
    return fs.statSync(absolute).isFile();
  } catch {
    return false;
  }
}
