// `@plumb/core/tables`: the canonical tables in a database, without the loader. Create them, insert rows or
// Arrow tables that already have the canonical shape (nothing inferred, nothing normalised), count their rows.
// What `<plumb-data>` needs before (or without) reading a file; `@plumb/core/load` re-exports it.
export * from '../schema.js';
export * from '../calibration-tables.js';
export * from '../database.js';
export * from '../insert.js';
export * from '../arrow-build.js';
