export * from './sql.js';
export * from './connector.js';
export * from './arrow-rows.js';
export * from './schema.js';
export * from './diagnostics.js';
export * from './database.js';
export * from './insert.js';
export * from './okr/progress.js';
