export { WasmConnector, assetsAt, type DuckDBAssets, type WasmConnectorOptions } from './wasm-connector.js';
