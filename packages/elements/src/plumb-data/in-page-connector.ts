/** DuckDB-WASM in the page, loaded only by a `<plumb-data>` that loads data itself (a chunk of its own: a page with a
 * `server` or its own connector never downloads the engine's code). */
export { WasmConnector } from '@plumb/core/wasm';
