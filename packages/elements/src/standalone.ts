// The standalone build's entry: every element registered, plus what a plain
// page needs to hand rows or a database to <plumb-data> without a bundler.
export * from './index.js';
export { WasmConnector, assetsAt, type DuckDBAssets, type WasmConnectorOptions } from '@plumb/core/wasm';
export { createSchema, insertRows, insertArrowTable, tableRowCounts } from '@plumb/core/load';
export { queryRows } from '@plumb/core/queries';
