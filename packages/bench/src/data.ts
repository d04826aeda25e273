import { existsSync, mkdirSync, renameSync, rmSync, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANONICAL_TABLES, SCHEMA, quoteLiteral } from '@plumb/core';
import type { BenchFormat } from './load-files.js';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = join(BENCH_DIR, '.data');
const PLUMB = join(BENCH_DIR, '..', 'cli', 'bin', 'plumb.mjs');

/** `.data/<people>-s<seed>/<format>/`: written once by `plumb sample`, reused by later runs. */
export function dataDir(people: number, seed: number, format: BenchFormat, root = DATA_DIR): string {
  return join(root, `${people}-s${seed}`, format);
}

export function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** The canonical tables a cached set has no file for (a set made before the table list changed). */
export function missingTables(dir: string, format: BenchFormat): string[] {
  return CANONICAL_TABLES.filter((table) => !existsSync(join(dir, `${table}.${format}`)));
}

/**
 * Generate the files unless cached; written to a temporary folder and renamed, so a half-written set is never reused.
 * A cached set that lacks a canonical table's file (made before the table list changed) is made again:
 * the page would otherwise ask for a file that is not there (HTTP 404).
 */
export async function ensureData(people: number, seed: number, format: BenchFormat, log: (line: string) => void, root = DATA_DIR): Promise<string> {
  const dir = dataDir(people, seed, format, root);
  if (existsSync(dir)) {
    const missing = missingTables(dir, format);
    if (missing.length === 0) return dir;
    log(`the cached ${people.toLocaleString('en')}-people ${format} set has no ${missing.join(', ')}: made again`);
    rmSync(dir, { recursive: true, force: true });
    // Parquet is converted from the cached CSV: a stale CSV set would make it stale again.
    if (format === 'parquet') {
      const csvDir = dataDir(people, seed, 'csv', root);
      if (existsSync(csvDir) && missingTables(csvDir, 'csv').length) rmSync(csvDir, { recursive: true, force: true });
    }
  }
  const temp = `${dir}.partial`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  const t = performance.now();
  const csvDir = dataDir(people, seed, 'csv', root);
  if (format === 'parquet' && existsSync(csvDir)) {
    // Same rows as the cached CSV, typed by the schema: native DuckDB converts in seconds, regenerating takes minutes.
    log(`converting the cached ${people.toLocaleString('en')}-people CSV to parquet …`);
    await parquetFromCsv(csvDir, temp);
    renameSync(temp, dir);
    log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s, ${(dirBytes(dir) / 1e6).toFixed(0)} MB`);
    return dir;
  }
  log(`generating ${people.toLocaleString('en')} people (seed ${seed}) as ${format} …`);
  const run = spawnSync(process.execPath, [PLUMB, 'sample', '--people', String(people), '--seed', String(seed), '--out', temp, '--format', format], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' },
  });
  if (run.status !== 0) throw new Error(`plumb sample failed for ${people} people (${format}), exit ${run.status}`);
  renameSync(temp, dir);
  log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s, ${(dirBytes(dir) / 1e6).toFixed(0)} MB`);
  return dir;
}

/** Write `<table>.parquet` for every `<table>.csv` of csvDir, with the schema's column types. */
export async function parquetFromCsv(csvDir: string, outDir: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const table of CANONICAL_TABLES) {
      const columns = SCHEMA[table].columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
      await connection.run(
        `COPY (SELECT * FROM read_csv(${quoteLiteral(join(csvDir, `${table}.csv`))}, header = true, quote = '"', escape = '"', columns = {${columns}}))
         TO ${quoteLiteral(join(outDir, `${table}.parquet`))} (FORMAT parquet)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
