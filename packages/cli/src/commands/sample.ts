import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../io.js';
import { parseCommandLine, UsageError } from '../options.js';
import { quoteLiteral } from '@plumb/core/queries';
import { CANONICAL_TABLES, SCHEMA, type CanonicalTable } from '@plumb/core/queries';
import { MAX_SAMPLE_PEOPLE, generateSample, sampleTableToText, type SampleOrganisation } from '@plumb/core/load';

export const summary = 'write the seeded sample organisation, one file per table (csv, parquet or json)';

const USAGE = 'usage: plumb sample --people N [--seed S] --out DIR [--format csv|parquet|json]';
const HELP = `${USAGE}

Writes every canonical table of the deterministic sample organisation to DIR:
  csv      <table>.csv with a header row (default)
  json     <table>.ndjson, one object per line
  parquet  <table>.parquet (typed columns: DATE, DOUBLE, VARCHAR)
The same --people and --seed always give the same files. N is 1 to ${MAX_SAMPLE_PEOPLE.toLocaleString('en')}; S defaults to 1.`;

export type SampleFileFormat = 'csv' | 'parquet' | 'json';

export interface SampleFilesResult {
  files: { table: CanonicalTable; path: string; rows: number }[];
}

/** Write one table's text to a file, chunk by chunk (a 1M-person check-in table is ~1.5 GB of CSV). */
function writeText(path: string, chunks: Iterable<string>): number {
  const fd = openSync(path, 'w');
  let lines = 0;
  try {
    for (const chunk of chunks) {
      writeSync(fd, chunk);
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

/**
 * Write the sample organisation as files. Parquet goes through native DuckDB
 * (@duckdb/node-api, parquet built in, offline) from typed CSV.
 */
export async function writeSampleFiles(sample: SampleOrganisation, dir: string, format: SampleFileFormat): Promise<SampleFilesResult> {
  mkdirSync(dir, { recursive: true });
  const files: SampleFilesResult['files'] = [];
  if (format !== 'parquet') {
    for (const table of CANONICAL_TABLES) {
      const path = join(dir, `${table}.${format === 'csv' ? 'csv' : 'ndjson'}`);
      const lines = writeText(path, sampleTableToText(sample.tables[table], format === 'csv' ? 'csv' : 'ndjson'));
      files.push({ table, path, rows: format === 'csv' ? lines - 1 : lines });
    }
    return { files };
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const staging = mkdtempSync(join(dir, '.plumb-sample-'));
  try {
    for (const table of CANONICAL_TABLES) {
      const csv = join(staging, `${table}.csv`);
      const rows = writeText(csv, sampleTableToText(sample.tables[table], 'csv')) - 1;
      const path = join(dir, `${table}.parquet`);
      const columns = SCHEMA[table].columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
      await connection.run(
        `COPY (SELECT * FROM read_csv(${quoteLiteral(csv)}, header = true, quote = '"', escape = '"', columns = {${columns}}))
         TO ${quoteLiteral(path)} (FORMAT parquet)`,
      );
      rmSync(csv);
      files.push({ table, path, rows });
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(staging, { recursive: true, force: true });
  }
  return { files };
}

interface SampleArgs { people: number; seed: number; out: string; format: SampleFileFormat }

function parseSampleArgs(argv: string[]): SampleArgs | string | 'help' {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, { people: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } }, false);
  } catch (error) {
    if (error instanceof UsageError) return `plumb sample: ${error.message} (${USAGE})`;
    throw error;
  }
  if (parsed.help) return 'help';
  if (parsed.positionals.length) return `plumb sample: unknown argument "${parsed.positionals[0]}" (${USAGE})`;
  const values = parsed.values as Record<string, string | undefined>;
  if (values.people === undefined) return `plumb sample: --people is required (${USAGE})`;
  if (values.out === undefined) return `plumb sample: --out is required (${USAGE})`;
  const people = Number(values.people.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(values.people) || !Number.isInteger(people) || people < 1 || people > MAX_SAMPLE_PEOPLE) {
    return `plumb sample: --people must be a whole number from 1 to ${MAX_SAMPLE_PEOPLE}, got "${values.people}"`;
  }
  const seedText = values.seed ?? '1';
  const seed = Number(seedText);
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(seed) || Math.abs(seed) > 2 ** 31 - 1) {
    return `plumb sample: --seed must be an integer (32-bit), got "${seedText}"`;
  }
  const format = (values.format ?? 'csv') as SampleFileFormat;
  if (!['csv', 'parquet', 'json'].includes(format)) return `plumb sample: --format must be csv, parquet or json, got "${values.format}"`;
  return { people, seed, out: values.out, format };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseSampleArgs(argv);
  if (args === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (typeof args === 'string') {
    io.stderr(args);
    return 2;
  }
  const started = performance.now();
  const sample = generateSample({ people: args.people, seed: args.seed });
  let result: SampleFilesResult;
  try {
    result = await writeSampleFiles(sample, args.out, args.format);
  } catch (error) {
    io.stderr(`plumb sample: could not write to ${args.out}: ${(error as Error).message}`);
    return 1;
  }
  const width = Math.max(...result.files.map((f) => f.table.length));
  const lines = result.files.map((f) => `  ${f.table.padEnd(width)} ${String(f.rows).padStart(10)}  ${f.path}`);
  io.stdout(
    `Sample organisation: ${args.people} people, seed ${args.seed}, ${args.format} in ${((performance.now() - started) / 1000).toFixed(1)} s\n${lines.join('\n')}`,
  );
  return 0;
}
