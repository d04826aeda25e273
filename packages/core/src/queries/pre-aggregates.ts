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
 * Start the pre-aggregate builds `queries` are answered from, for `connector`'s current data version,
 * one after another in the order given: each query's build (by name) settles when it is done, never
 * rejects (a failure is in its `error`). One engine runs one statement at a time, so builds run side by
 * side would all finish near the end; in turn, the first view can draw after its own build, the next
 * after two. `next(query)`, when given, is waited for between a build and the next one (the coordinator:
 * the first answers of the views that waited for that build, so their statements do not queue behind
 * the next build's). One build per query and data version: a view that asks while it runs waits for
 * the same build (`derived`).
 */
export function startPreAggregates(
  connector: Connector,
  queries: Iterable<NamedQuery<never, unknown>>,
  options: PrepareOptions = {},
  next?: (query: string) => Promise<unknown>,
): Map<string, Promise<PreAggregateBuild>> {
  const builds = new Map<string, Promise<PreAggregateBuild>>();
  let previous: Promise<unknown> = Promise.resolve();
  for (const query of queries) {
    const prepare = query.prepare;
    if (!prepare || builds.has(query.name)) continue;
    const build = previous.then(async (): Promise<PreAggregateBuild> => {
      const start = performance.now();
      try {
        await derived(connector, `prepare:${query.name}:${options.minGroup ?? ''}:${options.anonymize === true}`, () => prepare(connector, options));
        return { query: query.name, ms: performance.now() - start };
      } catch (error) {
        return { query: query.name, ms: performance.now() - start, error: error instanceof Error ? error.message : String(error) };
      }
    });
    builds.set(query.name, build);
    previous = next ? build.then(() => next(query.name)) : build;
  }
  return builds;
}

/**
 * Build the pre-aggregates `queries` are answered from (`startPreAggregates`): right after a load (in
 * the background) and on a server at start-up and after each data change, so a view's first request
 * finds them built. A second call waits for the first's builds.
 */
export function buildPreAggregates(
  connector: Connector,
  queries: Iterable<NamedQuery<never, unknown>>,
  options: PrepareOptions = {},
): Promise<PreAggregateBuild[]> {
  return Promise.all(startPreAggregates(connector, queries, options).values());
}
