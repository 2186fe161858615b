import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/server/data-dir';
import { decryptField, encryptField } from '@/server/services/field-crypto';

/**
 * Compliance files (consent evidence, DSR bundles) live under `<data dir>/uploads/<tenant>/…`
 * (RAPPORT_DATA_DIR, default `data/`), are encrypted at rest with the data key (AES-256-GCM, the
 * same key as sensitive fields) and leave only through route handlers that check the session,
 * the tenant and the permission. With several web servers the data directory is a shared volume.
 */

const SAFE = /^[A-Za-z0-9-]{1,64}$/;

function safe(part: string): string {
  // Ids come from our own rows, but a path is built from them: refuse anything that could escape.
  if (!SAFE.test(part)) throw new Error(`unsafe path segment: ${part}`);
  return part;
}

/** Relative storage key for a compliance file: `uploads/<tenant>/<area>/<id>.enc`. */
export function storageKey(tenantId: string, area: 'consent' | 'dsr', id: string): string {
  return path.join('uploads', safe(tenantId), area, `${safe(id)}.enc`);
}

function absolute(key: string): string {
  const abs = path.resolve(dataDir(), key);
  if (!abs.startsWith(dataDir() + path.sep)) throw new Error('storage key escapes the data directory');
  return abs;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Encrypts and writes a file; the temporary name keeps a half-written file from ever being read. */
export function writeEncrypted(key: string, data: Buffer): void {
  const abs = absolute(key);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, encryptField(data.toString('base64')), { mode: 0o600 });
  fs.renameSync(tmp, abs);
}

export function readEncrypted(key: string): Buffer | null {
  const abs = absolute(key);
  if (!fs.existsSync(abs)) return null;
  return Buffer.from(decryptField(fs.readFileSync(abs, 'utf8')), 'base64');
}

export function removeStored(key: string | null): void {
  if (!key) return;
  try {
    fs.rmSync(absolute(key), { force: true });
  } catch {
    // Already gone: the row says what happened; the retention job does not depend on this.
  }
}
