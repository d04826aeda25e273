import type { Connector } from '../connector.js';
import { createSchema } from '../database.js';
import { insertArrowTable } from '../insert.js';
import { CANONICAL_TABLES, type CanonicalTable } from '../schema.js';
import { batchToArrow } from './arrow.js';
import { generateSample, type SampleOptions, type SampleOrganisation } from './generate.js';

export interface LoadSampleOptions extends SampleOptions {
  /** Rows per Arrow batch sent to DuckDB (default 131,072). */
  batchRows?: number;
  /** Only these tables (default: all). */
  tables?: readonly CanonicalTable[];
}

export interface LoadSampleResult {
  sample: SampleOrganisation;
  /** Rows inserted per table. */
  rows: Record<CanonicalTable, number>;
}

/**
 * Generate the sample organisation and insert it into the connector's
 * canonical tables (created if missing), batch by batch as Arrow IPC, so the
 * whole organisation is never held in JavaScript at once.
 */
export async function loadSample(connector: Connector, options: LoadSampleOptions): Promise<LoadSampleResult> {
  const sample = generateSample(options);
  await createSchema(connector);
  const rows = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, 0])) as Record<CanonicalTable, number>;
  for (const name of options.tables ?? CANONICAL_TABLES) {
    const table = sample.tables[name];
    for (const batch of table.batches(options.batchRows ?? 131_072)) {
      await insertArrowTable(connector, name, batchToArrow(table, batch));
      rows[name] += batch.length;
    }
  }
  return { sample, rows };
}
