import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Cell } from './sources';

/**
 * Streaming file writers: rows go to disk as they come, so an export of any size holds one page
 * in memory. CSV is UTF-8 with a BOM (Chinese Excel reads UTF-8 only with it); XLSX goes through
 * exceljs' streaming writer, committing each row.
 */
export interface RowWriter {
  write(cells: Cell[]): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Cells Excel would run as a formula ("=HYPERLINK(…)", "+…", "-…", "@…") get a leading apostrophe. */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  const s = csvSafe(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class CsvWriter implements RowWriter {
  private readonly out: fs.WriteStream;

  constructor(file: string, header: string[]) {
    this.out = fs.createWriteStream(file, { mode: 0o600 });
    this.out.write('\uFEFF');
    this.out.write(`${header.map(csvField).join(',')}\r\n`);
  }

  async write(cells: Cell[]): Promise<void> {
    if (!this.out.write(`${cells.map(csvField).join(',')}\r\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  async abort(): Promise<void> {
    this.out.destroy();
  }
}

class XlsxWriter implements RowWriter {
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(file: string, header: string[], sheetName: string) {
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
    this.sheet = this.book.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = header.map((h) => ({ header: h, width: Math.min(40, Math.max(10, h.length * 2 + 4)) }));
    this.sheet.getRow(1).font = { bold: true };
    this.sheet.getRow(1).commit();
  }

  async write(cells: Cell[]): Promise<void> {
    this.sheet.addRow(cells.map((c) => (c === null ? null : c))).commit();
  }

  async close(): Promise<void> {
    this.sheet.commit();
    await this.book.commit();
  }

  async abort(): Promise<void> {
    try {
      await this.book.commit();
    } catch {
      // The partial file is removed by the caller.
    }
  }
}

export function openWriter(file: string, format: 'csv' | 'xlsx', header: string[], sheetName: string): RowWriter {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return format === 'csv' ? new CsvWriter(file, header) : new XlsxWriter(file, header, sheetName);
}
