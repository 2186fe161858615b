/**
 * Shared by the import/export tests: a throwaway data directory, the in-process queue, and the
 * real route handlers (upload, error report, export download) called in-process like HTTP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { GET as downloadExport } from '@/app/api/exports/[id]/route';
import { GET as reportRoute } from '@/app/api/imports/[id]/report/route';
import { POST as uploadRoute } from '@/app/api/imports/route';
import { GET as templateRoute } from '@/app/api/imports/template/route';
import { InProcessDriver } from '@/server/jobs/in-process-driver';
import { setQueue } from '@/server/jobs/queue';
import { allJobDefinitions } from '@/server/plugins/host';
import type { Caller, TestSession } from '../support/db';

/** A data directory of its own for the file (uploads and exports land there), and jobs run in-process. */
export function useImportEnvironment(): { driver: () => InProcessDriver; dataDir: () => string } {
  let driver: InProcessDriver;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-imports-'));
    process.env.RAPPORT_DATA_DIR = dir;
    driver = new InProcessDriver(allJobDefinitions);
    setQueue(driver);
    await driver.startWorkers();
  });
  afterAll(async () => {
    await driver.close();
    setQueue(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { driver: () => driver, dataDir: () => dir };
}

export interface UploadResult {
  status: number;
  body: { id?: string; error?: { message: string; appCode: string } };
}

export async function upload(session: TestSession | string, entity: string, name: string, content: Buffer | string, headers: Record<string, string> = {}): Promise<UploadResult> {
  const cookie = typeof session === 'string' ? session : session.cookie;
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const res = await uploadRoute(
    new Request(`http://localhost/api/imports?entity=${entity}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), 'content-length': String(body.length), ...headers },
      body: new Uint8Array(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as UploadResult['body'] };
}

export async function report(session: TestSession, id: string): Promise<{ status: number; text: string; bom: boolean; disposition: string | null }> {
  const res = await reportRoute(new Request(`http://localhost/api/imports/${id}/report`, { headers: { cookie: session.cookie } }), { params: Promise.resolve({ id }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: bytes.toString('utf8'), bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, disposition: res.headers.get('content-disposition') };
}

export async function template(session: TestSession, entity: string): Promise<{ status: number; text: string }> {
  const res = await templateRoute(new Request(`http://localhost/api/imports/template?entity=${entity}`, { headers: { cookie: session.cookie } }));
  return { status: res.status, text: await res.text() };
}

export async function download(session: TestSession, id: string): Promise<{ status: number; body: Buffer; type: string | null }> {
  const res = await downloadExport(new Request(`http://localhost/api/exports/${id}`, { headers: { cookie: session.cookie } }), { params: Promise.resolve({ id }) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

/** Uploads, starts with the offered mapping (or the one given), and waits for the job to finish. */
export async function importFile(
  api: Caller,
  session: TestSession,
  driver: InProcessDriver,
  entity: string,
  name: string,
  content: Buffer | string,
  mapping?: Record<string, string>,
) {
  const up = await upload(session, entity, name, content);
  if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${JSON.stringify(up.body)}`);
  const id = up.body.id!;
  const inspected = await api.imports.inspect({ id });
  await api.imports.start({ id, mapping: mapping ?? inspected.mapping, remember: true });
  await driver.drain(60_000);
  return { id, inspected, job: await api.imports.get({ id }) };
}

/** A CSV text from rows of cells (quoted where needed), with \r\n line ends as Excel writes them. */
export function csv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n';
}

/** Parses the simple CSV our report writes (BOM, quoted fields, \r\n). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
