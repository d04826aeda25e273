import type { Plugin } from 'vite';

export interface PlumbViteOptions {
  /** Also ship DuckDB's bundle for browsers without WebAssembly exception handling (default true; 34 MB). */
  mvp?: boolean;
}

/**
 * Makes Plumb work in a vite app with one line: `plugins: [plumb()]`. Serves and writes DuckDB-WASM's files
 * where `<plumb-data>` looks for them, keeps parquet-wasm's wasm beside its module, builds Apache Arrow
 * without `new Function` (strict CSP), dedupes apache-arrow / lit / @lit/context.
 */
export function plumb(options?: PlumbViteOptions): Plugin[];
export default plumb;

/** The DuckDB-WASM files Plumb uses. */
export const DUCKDB_ASSETS: readonly string[];
/** Folder of @duckdb/duckdb-wasm's dist files. */
export function duckdbDist(): string;
/** parquet-wasm's browser .wasm file. */
export function parquetWasmFile(): string;
/** A DuckDB asset's bytes: worker scripts without their sourcemap comment, after a prelude that lets the browser cache the compiled wasm. */
export function readDuckDBAsset(file: string): Buffer;
/** Strips DuckDB's sourcemap comments on load. */
export function stripDuckDBSourceMaps(): Plugin;
/** Replaces Apache Arrow's `new Function` null test with a closure. */
export function arrowWithoutEval(): Plugin;
