/**
 * Every physical record of a CSV file, counted in one pass over its bytes
 * (quote-aware), so that what DuckDB's reader keeps can be checked against
 * what the file holds: a quote that opens and never closes makes the reader
 * stop silently, and blank lines are skipped without a word.
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1, a blank
 * line is a row, a record whose quoted cell holds newlines is one row. DuckDB's
 * rejects table numbers rows the same way.
 */
export interface CsvRecordScan {
  /** Rows (records and blank lines), header included. */
  rows: number;
  /** Row numbers of blank lines (no record; DuckDB skips them). */
  blankRows: number[];
  /** The row whose quote never closes: it and every line after it cannot be split into records. */
  openQuote: { row: number; linesAfter: number } | null;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export function scanCsvRecords(bytes: Uint8Array, delimiter: string): CsvRecordScan {
  const delim = delimiter.charCodeAt(0);
  const blankRows: number[] = [];
  const n = bytes.length;
  let rows = 0;
  let i = 0;
  // The next quote at or after i (n when none): found once, not once per line.
  let q = -1;
  while (i < n) {
    const start = i;
    rows++;
    const lf = bytes.indexOf(LF, i);
    const end = lf < 0 ? n : lf;
    if (q < i) {
      q = bytes.indexOf(QUOTE, i);
      if (q < 0) q = n;
    }
    if (q >= end) {
      // No quote on this line (the common case): it is one record, or a blank line.
      const lineEnd = end > start && bytes[end - 1] === CR ? end - 1 : end;
      if (lineEnd === start) blankRows.push(rows);
      i = end + 1;
      continue;
    }
    // A quote opens a quoted cell only at the start of a cell (elsewhere it is a literal character).
    let quoted = false;
    let atCellStart = true;
    let k = i;
    for (;;) {
      if (k >= n) return { rows, blankRows, openQuote: { row: rows, linesAfter: countLines(bytes, start) - 1 } };
      if (quoted) {
        // Inside a quoted cell only a quote matters: jump to it.
        const close = bytes.indexOf(QUOTE, k);
        if (close < 0) return { rows, blankRows, openQuote: { row: rows, linesAfter: countLines(bytes, start) - 1 } };
        if (bytes[close + 1] === QUOTE) k = close + 2;
        else {
          quoted = false;
          k = close + 1;
        }
        continue;
      }
      const b = bytes[k]!;
      if (b === LF) break;
      else if (b === delim) atCellStart = true;
      else if (b === QUOTE && atCellStart) {
        quoted = true;
        atCellStart = false;
      } else if (b !== CR) atCellStart = false;
      k++;
    }
    i = k + 1;
  }
  return { rows, blankRows, openQuote: null };
}

/** Physical lines from `start` to the end (a final newline ends the last line). */
function countLines(bytes: Uint8Array, start: number): number {
  let lines = 0;
  let i = start;
  while (i < bytes.length) {
    const lf = bytes.indexOf(LF, i);
    lines++;
    if (lf < 0) break;
    i = lf + 1;
  }
  return lines;
}
