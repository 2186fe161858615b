import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DecodeStream, EncodingError, type TextEncoding } from './decode';

/**
 * Reads an uploaded spreadsheet one row at a time — CSV through a streaming parser after the
 * encoding is detected, XLSX through exceljs' streaming reader (first worksheet) — so memory does
 * not grow with the file. Row numbers are the ones the user sees in Excel (header = row 1 when it
 * is the first line), so an error report can point at the exact row.
 */
export type SheetFormat = 'csv' | 'xlsx';

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetTable {
  headers: string[];
  /** Data rows after the header; rows with no value at all are skipped (their numbers too). */
  rows: AsyncGenerator<SheetRow>;
  /** The CSV text encoding that was detected (after the first rows were read). */
  encoding(): TextEncoding | null;
  close(): void;
}

/** Hard limits that keep a malformed file from exhausting memory. */
export const MAX_COLUMNS = 200;
const MAX_CELL_CHARS = 10_000;
const MAX_CSV_RECORD_BYTES = 1_000_000;

export class SheetError extends Error {
  constructor(
    readonly reason: 'empty' | 'noHeader' | 'tooManyColumns' | 'encoding' | 'unreadable' | 'legacyXls',
    message?: string,
  ) {
    super(message ?? reason);
  }
}

/** Format from the file's first bytes (the extension can lie): XLSX is a ZIP, legacy .xls is OLE2. */
export function sniffFormat(head: Uint8Array): SheetFormat | 'xls' {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  return 'csv';
}

/** A column letter as Excel shows it: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Header texts made usable as mapping keys: trimmed, an empty header named after its column
 * ("(C)"), a repeated one numbered ("电话 (2)"), so every column can be mapped on its own.
 */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.replace(/\s+/g, ' ').trim().slice(0, 200) || `(${columnLetter(i)})`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function numberText(n: number): string {
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : n.toLocaleString('en-US', { useGrouping: false });
  // Excel keeps 15 significant digits; binary noise beyond that is not the user's data.
  return String(Number(n.toPrecision(15)));
}

function dateText(d: Date): string {
  // exceljs reads Excel's serial dates as UTC wall-clock time: keep the wall clock as written.
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' && iso.slice(17, 19) === '00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** The text of one exceljs cell value, whatever its kind (rich text, formula, hyperlink…). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string; hyperlink?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.hyperlink) return v.hyperlink;
    if (v.error) return '';
  }
  return String(value);
}

function clip(cells: string[]): string[] {
  return cells.map((c) => (c.length > MAX_CELL_CHARS ? c.slice(0, MAX_CELL_CHARS) : c));
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter of the header line: the candidate that occurs most often outside quotes. */
export function sniffDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

async function firstLineOf(file: string): Promise<string> {
  const decoder = new DecodeStream();
  const source = fs.createReadStream(file, { start: 0, end: 256 * 1024 - 1 });
  source.pipe(decoder);
  let text = '';
  try {
    for await (const chunk of decoder) {
      text += chunk as string;
      const nl = text.search(/\r?\n/);
      if (nl >= 0) return text.slice(0, nl);
    }
    return text;
  } finally {
    source.destroy();
    decoder.destroy();
  }
}

async function* csvRecords(file: string, decoder: DecodeStream, source: fs.ReadStream): AsyncGenerator<SheetRow> {
  const delimiter = sniffDelimiter(await firstLineOf(file));
  const parser = parseCsv({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD_BYTES,
  });
  source.on('error', (err) => parser.destroy(err));
  decoder.on('error', (err) => parser.destroy(err));
  source.pipe(decoder).pipe(parser);
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber++;
    yield { rowNumber, cells: record };
  }
}

async function* xlsxRecords(source: Readable): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<{ number: number; values: unknown[] }>) {
      // row.values is 1-based and sparse: index 1 is column A.
      const values = Array.isArray(row.values) ? row.values : [];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
      yield { rowNumber: row.number, cells };
    }
    return; // the first worksheet only
  }
}

/**
 * Opens a stored upload. The header is the first non-blank row; every later non-blank row is data.
 * Throws SheetError for an empty file, a file without a header or with too many columns.
 */
export async function openSheet(file: string, format: SheetFormat): Promise<SheetTable> {
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const decoder = new DecodeStream();
  const records = format === 'csv' ? csvRecords(file, decoder, source) : xlsxRecords(source);
  const close = () => {
    source.destroy();
    decoder.destroy();
  };

  let headers: string[] | null = null;
  try {
    for (;;) {
      const next = await records.next();
      if (next.done) break;
      if (isBlank(next.value.cells)) continue;
      headers = next.value.cells;
      break;
    }
  } catch (err) {
    close();
    throw translateReadError(err);
  }
  if (!headers) {
    close();
    throw new SheetError('empty');
  }
  if (headers.length > MAX_COLUMNS) {
    close();
    throw new SheetError('tooManyColumns');
  }
  const width = headers.length;
  async function* rows(): AsyncGenerator<SheetRow> {
    try {
      for (;;) {
        let next: IteratorResult<SheetRow>;
        try {
          next = await records.next();
        } catch (err) {
          throw translateReadError(err);
        }
        if (next.done) return;
        const cells = clip(next.value.cells.slice(0, width));
        if (isBlank(cells)) continue;
        while (cells.length < width) cells.push('');
        yield { rowNumber: next.value.rowNumber, cells };
      }
    } finally {
      close();
    }
  }
  return { headers: uniqueHeaders(headers), rows: rows(), encoding: () => (format === 'csv' ? decoder.detected : null), close };
}

function translateReadError(err: unknown): Error {
  if (err instanceof SheetError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof EncodingError) return new SheetError('encoding', message);
  return new SheetError('unreadable', message);
}

export interface SheetSummary {
  headers: string[];
  sample: SheetRow[];
  totalRows: number;
  encoding: TextEncoding | null;
}

/** Headers, the first `sampleSize` data rows and the number of data rows (one streaming pass). */
export async function summariseSheet(file: string, format: SheetFormat, sampleSize: number): Promise<SheetSummary> {
  const table = await openSheet(file, format);
  const sample: SheetRow[] = [];
  let totalRows = 0;
  for await (const row of table.rows) {
    totalRows++;
    if (sample.length < sampleSize) sample.push(row);
  }
  return { headers: table.headers, sample, totalRows, encoding: table.encoding() };
}

/** The first `count` data rows only (stops reading there). */
export async function firstRows(file: string, format: SheetFormat, count: number): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const table = await openSheet(file, format);
  const rows: SheetRow[] = [];
  try {
    for await (const row of table.rows) {
      rows.push(row);
      if (rows.length >= count) break;
    }
  } finally {
    table.close();
  }
  return { headers: table.headers, rows };
}

