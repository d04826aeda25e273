import type { Connector } from '../connector.js';
import { derived } from './derived.js';
import type { NamedQuery, PrepareOptions } from './registry.js';

/** What one query's pre-aggregate build took (for the bench and a server's start-up line). */
export interface PreAggregateBuild {
  query: string;
  ms: number;
  /** The build failed (e.g. no ratings loaded): the view reports it when it asks. */
  error?: string;
}

/**
 * Build the pre-aggregates `queries` are answered from, for `connector`'s current data version: right
 * after a load (in the background) and on a server at start-up and after each data change, so a view's
 * first request finds them built. One build per query and data version: a view that asks while it
 * runs waits for the same build (`derived`), and a second call waits for the first.
 */
export async function buildPreAggregates(
  connector: Connector,
  queries: Iterable<NamedQuery<never, unknown>>,
  options: PrepareOptions = {},
): Promise<PreAggregateBuild[]> {
  const builds: PreAggregateBuild[] = [];
  for (const query of new Set(queries)) {
    const prepare = query.prepare;
    if (!prepare) continue;
    const start = performance.now();
    try {
      await derived(connector, `prepare:${query.name}:${options.minGroup ?? ''}:${options.anonymize === true}`, () => prepare(connector, options));
      builds.push({ query: query.name, ms: performance.now() - start });
    } catch (error) {
      builds.push({ query: query.name, ms: performance.now() - start, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return builds;
}
