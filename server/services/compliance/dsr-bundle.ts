import type { EntityManager } from '@mikro-orm/core';
import { stringify } from 'csv-stringify/sync';
import JSZip from 'jszip';
import { listPlugins } from '@/server/plugins/host';
import { exportPersonEverywhere, type PersonalDataExport } from './person-data';
import { sha256 } from './files';

/**
 * The access / portability bundle (PIPL art. 45): one zip with `data.json` (everything, nested by
 * source and table), one CSV per table under `csv/` (UTF-8 with BOM so spreadsheet programs read
 * Chinese correctly) and a bilingual README naming each source.
 */

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (!columns.length) return '\ufeff';
  return '\ufeff' + stringify(rows.map((r) => columns.map((c) => cell(r[c]))), { header: true, columns });
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export interface Bundle {
  zip: Buffer;
  sha256: string;
  /** Rows per `<source>/<table>`, recorded on the request (the bundle itself is not kept forever). */
  counts: Record<string, number>;
}

export async function buildAccessBundle(
  em: EntityManager,
  input: { tenantId: string; tenantName: string; personId: string; requestNumber: string; userId: string | null },
): Promise<Bundle> {
  const generatedAt = new Date();
  const data = await exportPersonEverywhere(em, input.tenantId, input.personId, input.userId);
  const zip = new JSZip();
  const counts: Record<string, number> = {};
  const addTables = (source: string, tables: PersonalDataExport) => {
    for (const [table, rows] of Object.entries(tables)) {
      counts[`${source}/${table}`] = rows.length;
      zip.file(`csv/${safeName(source)}/${safeName(table)}.csv`, toCsv(rows));
    }
  };
  addTables('core', data.core);
  for (const [pluginId, tables] of Object.entries(data.plugins)) addTables(pluginId, tables);

  const pluginNames = Object.fromEntries(listPlugins().map((p) => [p.manifest.id, p.manifest.name]));
  zip.file(
    'data.json',
    JSON.stringify(
      {
        format: 'rapport.personal-data-export/1',
        generatedAt: generatedAt.toISOString(),
        controller: input.tenantName,
        request: input.requestNumber,
        subjectId: input.personId,
        sources: { core: { 'zh-CN': 'Rapport 核心', en: 'Rapport core' }, ...pluginNames },
        data,
      },
      null,
      2,
    ),
  );
  const lines = [
    `${input.tenantName} — 个人信息副本 / Copy of personal data`,
    `请求编号 Request: ${input.requestNumber}`,
    `生成时间 Generated: ${generatedAt.toISOString()}`,
    '',
    'data.json：全部数据（按来源和数据表组织）/ all data, by source and table.',
    'csv/：每张数据表一个 CSV 文件（UTF-8）/ one CSV file per table (UTF-8).',
    '',
    '来源与数据表 / Sources and tables:',
    ...Object.entries(counts).map(([k, n]) => `  ${k}: ${n}`),
    '',
    '同意记录、权利请求记录和审计日志依法保留，用于证明处理的合法性。',
    'Consent records, rights requests and the audit log are kept as the law requires, to prove lawful processing.',
  ];
  zip.file('README.txt', '\ufeff' + lines.join('\r\n'));
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return { zip: buffer, sha256: sha256(buffer), counts };
}
