// `@plumb/core/load`: getting data into DuckDB. The loader (files, Arrow, Parquet, JSON) with its row
// accounting, questions and mapping files, the normaliser, the seeded sample organisation, and everything of
// `@plumb/core/tables` (creating the canonical tables, inserting canonical rows). Only the coordinator
// (`<plumb-data>`), the CLI and tools import it; `<plumb-data>` imports it lazily, so a page that hands
// `.tables` or a connector never downloads it.
export * from '../load/types.js';
export * from '../load/index.js';
export * from '../normalise/index.js';
export * from './tables.js';
export * from '../sample/index.js';
