import { loadSources, type Connector, type LoadOptions, type LoadReport, type SourceInput } from '@plumb/core';

/** What `<plumb-data>` calls to put files into its database (core's `loadSources`). */
export type SourceLoader = (connector: Connector, sources: SourceInput[], options: LoadOptions) => Promise<LoadReport>;

/** The loader `<plumb-data>` uses unless its `loader` property is set. */
export const defaultLoader: SourceLoader = loadSources;

/** A report with nothing in it, to add `.tables` rows to. */
export function emptyReport(): LoadReport {
  return { ok: true, input_rows: 0, loaded_rows: 0, rejected_rows: 0, tables: {}, diagnostics: [], files: [], questions: [] };
}
