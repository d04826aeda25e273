import type { Connector } from '@plumb/core/queries';
import type { LoadOptions, LoadReport, SourceInput } from '@plumb/core/load';

/** What `<plumb-data>` calls to put files into its database (core's `loadSources`). */
export type SourceLoader = (connector: Connector, sources: SourceInput[], options: LoadOptions) => Promise<LoadReport>;

/**
 * The loader `<plumb-data>` uses unless its `loader` property is set: core's `loadSources`, imported on first
 * use, so a page that hands `.tables` or a connector never downloads the loader and normaliser.
 */
export const defaultLoader: SourceLoader = async (connector, sources, options) => {
  const { loadSources } = await import('@plumb/core/load');
  return loadSources(connector, sources, options);
};

/** A report with nothing in it, to add `.tables` rows to. */
export function emptyReport(): LoadReport {
  return { ok: true, input_rows: 0, loaded_rows: 0, rejected_rows: 0, tables: {}, diagnostics: [], files: [], questions: [] };
}
