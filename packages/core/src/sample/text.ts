import type { SampleTable } from './batch.js';

export type SampleTextFormat = 'csv' | 'ndjson';

/** Whether a CSV field needs quotes: a comma, quote or line break, or edge spaces a reader would trim. */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return true;
  }
  return text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32);
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return needsQuotes(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A table as text, one chunk per batch: CSV with a header row (RFC 4180
 * quoting, null as an empty field) or NDJSON (one object per line, null kept).
 */
export function* sampleTableToText(table: SampleTable, format: SampleTextFormat, batchRows?: number): Generator<string> {
  const names = table.columns.map((c) => c.name);
  if (format === 'csv') yield `${names.join(',')}\n`;
  for (const batch of table.batches(batchRows)) {
    const columns = names.map((n) => batch.columns[n]!);
    const lines: string[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      if (format === 'csv') {
        let line = '';
        for (let c = 0; c < columns.length; c++) line += (c ? ',' : '') + csvCell(columns[c]![i]);
        lines[i] = line;
      } else {
        const row: Record<string, string | number | null> = {};
        for (let c = 0; c < columns.length; c++) {
          const v = columns[c]![i];
          row[names[c]!] = v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v;
        }
        lines[i] = JSON.stringify(row);
      }
    }
    yield `${lines.join('\n')}\n`;
  }
}
