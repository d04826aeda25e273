// `@plumb/core/load`: getting data into DuckDB. The loader (files, Arrow, Parquet, JSON) with its row
// accounting, questions and mapping files, the normaliser, the canonical tables' creation and bulk
// insertion, and the seeded sample organisation. Only the coordinator (`<plumb-data>`), the CLI and
// tools import it; `<plumb-data>` imports it lazily, so a page that hands `.tables` or a connector never
// downloads it.
export * from '../load/types.js';
export * from '../load/index.js';
export * from '../normalise/index.js';
export * from '../database.js';
export * from '../insert.js';
export * from '../arrow-build.js';
export * from '../sample/index.js';
