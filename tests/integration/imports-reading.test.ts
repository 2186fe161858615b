/**
 * Reading the files people actually have (no database): encodings (UTF-8 with or without BOM,
 * GBK/GB18030 — also when the first non-ASCII text comes late — and Excel's UTF-16 "Unicode
 * text"), delimiters, header clean-up, header matching, and the cell parsers' formats.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanCell } from '@/server/services/imports/engine';
import { headerSignature, normaliseHeader, suggestMapping } from '@/server/services/imports/mapping';
import { openSheet, sniffFormat, summariseSheet, uniqueHeaders } from '@/server/services/imports/sheet';
import { date, dateTime, mobile, money } from '@/server/services/imports/values';
import { csvSafe } from '@/server/services/exports/writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sheets-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** GB18030 bytes of a few fixed strings (what Chinese Excel writes), without an encoder library. */
const GBK: Record<string, number[]> = {
  张三: [0xd5, 0xc5, 0xc8, 0xfd],
  医院: [0xd2, 0xbd, 0xd4, 0xba],
};

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

async function rowsOf(file: string) {
  const table = await openSheet(file, 'csv');
  const rows = [];
  for await (const r of table.rows) rows.push(r);
  return { headers: table.headers, rows, encoding: table.encoding() };
}

describe('CSV encodings', () => {
  it('UTF-8 with and without the BOM', async () => {
    for (const bom of [true, false]) {
      const text = '姓名,医院\r\n张三,协和\r\n';
      const file = write(`utf8-${bom}.csv`, Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]));
      const { headers, rows, encoding } = await rowsOf(file);
      expect(encoding).toBe('utf-8');
      expect(headers).toEqual(['姓名', '医院']);
      expect(rows).toEqual([{ rowNumber: 2, cells: ['张三', '协和'] }]);
    }
  });

  it('GBK from Chinese Excel, even when the first Chinese text comes after 100 kB of ASCII', async () => {
    const ascii = Buffer.from(`a,b\r\n${'x,y\r\n'.repeat(30_000)}`);
    const file = write('late-gbk.csv', Buffer.concat([ascii, Buffer.from(GBK.张三!), Buffer.from(','), Buffer.from(GBK.医院!), Buffer.from('\r\n')]));
    const { rows, encoding } = await rowsOf(file);
    expect(encoding).toBe('gb18030');
    expect(rows.at(-1)).toEqual({ rowNumber: 30_002, cells: ['张三', '医院'] });
  });

  it('UTF-16 "Unicode text" (tab-separated) from Excel', async () => {
    const text = '姓名\t医院\r\n张三\t协和\r\n';
    const file = write('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { headers, rows } = await rowsOf(file);
    expect(headers).toEqual(['姓名', '医院']);
    expect(rows[0]!.cells).toEqual(['张三', '协和']);
  });

  it('semicolons, quoted commas and line breaks, blank lines, short rows', async () => {
    const file = write('semi.csv', Buffer.from('姓名;备注;手机\r\n"张三";"一,二\r\n三";138\r\n\r\n李四\r\n'));
    const { rows } = await rowsOf(file);
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['张三', '一,二\r\n三', '138'] },
      { rowNumber: 4, cells: ['李四', '', ''] },
    ]);
  });

  it('counts rows and keeps the first ones for the mapping screen in one pass', async () => {
    const file = write('count.csv', Buffer.from(`姓名\r\n${Array.from({ length: 25 }, (_, i) => `人${i}`).join('\r\n')}\r\n`));
    const summary = await summariseSheet(file, 'csv', 3);
    expect(summary.totalRows).toBe(25);
    expect(summary.sample.map((r) => r.cells[0])).toEqual(['人0', '人1', '人2']);
  });
});

describe('headers and mapping', () => {
  it('headers are usable keys: blanks named after their column, repeats numbered', () => {
    expect(uniqueHeaders([' 姓名 ', '', '电话', '电话'])).toEqual(['姓名', '(B)', '电话', '电话 (2)']);
  });

  it('matches headers written many ways, in either language', () => {
    const fields = [
      { key: 'name', names: ['姓名', 'Name'] },
      { key: 'mobile', names: ['手机', 'Mobile', '手机号码'] },
      { key: 'idNumber', names: ['身份证号', 'ID number'] },
    ];
    expect(suggestMapping(['姓名*', '手机号码（必填）', 'ID Number', '备注'], fields)).toEqual({ '姓名*': 'name', '手机号码（必填）': 'mobile', 'ID Number': 'idNumber' });
    expect(normaliseHeader('Ｅｍａｉｌ (optional)')).toBe('email');
    expect(headerSignature(['B', 'a'])).toBe(headerSignature(['A', 'b ']));
  });

  it('recognises formats by content, not by name', () => {
    expect(sniffFormat(Buffer.from('PK\u0003\u0004'))).toBe('xlsx');
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBe('xls');
    expect(sniffFormat(Buffer.from('姓名,手机'))).toBe('csv');
  });
});

describe('cells', () => {
  it('dates and times as people write them, on the company’s wall clock', () => {
    expect(date('2024/3/5')).toEqual({ ok: true, value: '2024-03-05' });
    expect(date('2024年3月5日')).toEqual({ ok: true, value: '2024-03-05' });
    expect(date('2024-02-30').ok).toBe(false);
    expect(dateTime('2024-03-05 14:30', 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2024-03-05T06:30:00Z') });
    expect(dateTime('2024-03-05', 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2024-03-05T01:00:00Z') });
  });

  it('mobiles with +86, spaces and dashes; money with ¥ and thousands separators', () => {
    expect(mobile('+86 138-0013-8000')).toEqual({ ok: true, value: '13800138000' });
    expect(mobile('12345').ok).toBe(false);
    expect(money('¥1,200.5')).toEqual({ ok: true, value: '1200.50' });
    expect(money('1.234').ok).toBe(false);
  });

  it('an exported formula guard is taken off again on import', () => {
    expect(csvSafe('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(cleanCell(csvSafe('+8613800138000'))).toBe('+8613800138000');
    expect(cleanCell("'普通文本")).toBe("'普通文本");
  });
});
