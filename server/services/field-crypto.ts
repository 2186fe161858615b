import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { log } from '@/server/log';

/**
 * Encryption at rest for sensitive fields (ID numbers, sensitive custom fields): AES-256-GCM with
 * a random 96-bit IV per value. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url), so a later key
 * version can be added for rotation. The key comes from RAPPORT_DATA_KEY (32 bytes, base64); a
 * development or demo install without one gets a generated local key file, with a loud warning.
 */
const PREFIX = 'v1';
let key: Buffer | undefined;

function loadKey(): Buffer {
  if (key) return key;
  const configured = process.env.RAPPORT_DATA_KEY;
  if (configured) {
    const k = Buffer.from(configured, 'base64');
    if (k.length !== 32) throw new Error('RAPPORT_DATA_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    key = k;
    return key;
  }
  if (process.env.NODE_ENV === 'production' && process.env.RAPPORT_DEMO !== '1') {
    throw new Error('RAPPORT_DATA_KEY must be set in production: sensitive fields are encrypted with it');
  }
  // turbopackIgnore: a run-time path, not a build input (else the whole project is traced into the bundle).
  const file = path.resolve(/*turbopackIgnore: true*/ process.env.RAPPORT_DATA_KEY_FILE ?? 'data/.data-key');
  if (!fs.existsSync(/*turbopackIgnore: true*/ file)) {
    fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
    fs.writeFileSync(/*turbopackIgnore: true*/ file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  log.warn('RAPPORT_DATA_KEY is not set: sensitive fields are encrypted with a generated local key. Fine for a demo; set RAPPORT_DATA_KEY in production.', { file });
  key = Buffer.from(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8').trim(), 'base64');
  return key;
}

export function encryptField(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

export function decryptField(stored: string): string {
  const [version, iv, tag, body] = stored.split(':');
  if (version !== PREFIX || !iv || !tag || body === undefined) throw new Error('unrecognised encrypted value');
  const decipher = createDecipheriv('aes-256-gcm', loadKey(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}:`) && value.split(':').length === 4;
}

/** The masked form shown instead of a sensitive value: keeps the last four characters. */
export function maskValue(plainOrLast4: string | null | undefined): string {
  if (!plainOrLast4) return '';
  const last4 = plainOrLast4.slice(-4);
  return `****${last4}`;
}
