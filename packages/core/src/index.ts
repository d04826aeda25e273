// `@plumb/core`: every browser-safe layer in one barrel, for apps, scripts and tools. Pages and
// libraries should import the layer they need, so a bundler splits them:
//   `@plumb/core/queries` — named queries, result types, statistics, privacy (what views import);
//   `@plumb/core/tables`  — create the canonical tables, insert canonical rows or Arrow tables, count rows;
//   `@plumb/core/load`    — loader, normaliser, mapping, sample data (the coordinator, lazily; includes tables);
//   `@plumb/core/http`    — the HTTP connector to `plumb serve`;
//   `@plumb/core/wasm`    — the DuckDB-WASM connector (browser);
//   `@plumb/core/node`    — native DuckDB, the Node connector and the HTTP server (Node only; not in this barrel).
// A new module belongs in one of the entries (src/entries/*.ts), not here.
export * from './entries/queries.js';
export * from './entries/load.js';
export * from './http/index.js';
