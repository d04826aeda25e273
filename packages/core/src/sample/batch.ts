import type { CanonicalTable, ColumnSpec } from '../schema.js';
import { SCHEMA } from '../schema.js';

/** One column of a batch: text (dates as ISO strings) or numbers (NaN = null). */
export type SampleColumn = (string | null)[] | Float64Array;

/** A slice of a table, column by column. */
export interface SampleBatch {
  length: number;
  /** Every column of the canonical table, by name, in schema order. */
  columns: Record<string, SampleColumn>;
}

/** One canonical table of the sample, produced in batches so 1M people fit in memory. */
export interface SampleTable {
  name: CanonicalTable;
  columns: readonly ColumnSpec[];
  /** Batches of at most `batchRows` rows (default 65,536); identical content whatever the size. */
  batches(batchRows?: number): Generator<SampleBatch>;
}

export type CellValue = string | number | null;
/** Appends one row, values in the table's schema column order. */
export type AddRow = (values: readonly CellValue[]) => void;

export const DEFAULT_BATCH_ROWS = 65_536;

export function isNumericColumn(col: ColumnSpec): boolean {
  return col.type === 'DOUBLE' || col.type === 'INTEGER';
}

/**
 * A table generated entity by entity: `emit(i, add)` writes every row that
 * entity `i` contributes. Batches cut between entities, so a batch may hold a
 * few rows more than asked for.
 */
export function entityTable(
  name: CanonicalTable,
  entityCount: number,
  emit: (index: number, add: AddRow) => void,
): SampleTable {
  const columns = SCHEMA[name].columns;
  return {
    name,
    columns,
    *batches(batchRows = DEFAULT_BATCH_ROWS) {
      const numeric = columns.map(isNumericColumn);
      let cells: CellValue[][] = columns.map(() => []);
      let length = 0;
      const add: AddRow = (values) => {
        for (let c = 0; c < cells.length; c++) cells[c]!.push(values[c] ?? null);
        length++;
      };
      const flush = (): SampleBatch => {
        const out: Record<string, SampleColumn> = {};
        columns.forEach((col, c) => {
          const values = cells[c]!;
          if (numeric[c]) {
            const nums = new Float64Array(values.length);
            for (let i = 0; i < values.length; i++) {
              const v = values[i];
              nums[i] = v === null || v === undefined ? NaN : (v as number);
            }
            out[col.name] = nums;
          } else out[col.name] = values as (string | null)[];
        });
        const batch = { length, columns: out };
        cells = columns.map(() => []);
        length = 0;
        return batch;
      };
      for (let i = 0; i < entityCount; i++) {
        emit(i, add);
        if (length >= batchRows) yield flush();
      }
      if (length > 0) yield flush();
    },
  };
}

/** Plain row objects of a whole table (tests and small samples only). */
export function sampleRows(table: SampleTable): Record<string, string | number | null>[] {
  const rows: Record<string, string | number | null>[] = [];
  for (const batch of table.batches()) {
    for (let i = 0; i < batch.length; i++) {
      const row: Record<string, string | number | null> = {};
      for (const col of table.columns) {
        const v = batch.columns[col.name]![i];
        row[col.name] = typeof v === 'number' ? (Number.isNaN(v) ? null : v) : (v ?? null);
      }
      rows.push(row);
    }
  }
  return rows;
}
