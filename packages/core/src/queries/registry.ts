import type { Connector } from '../connector.js';

/**
 * A named query: options in, a plain-data result out, runnable unchanged on every connector
 * (wasm, Node, HTTP). Elements never write SQL: a view declares one of these by its `name`
 * (the coordinator's cache key, and what a server would run) and its `run` function.
 */
export interface NamedQuery<Options = unknown, Result = unknown> {
  readonly name: string;
  run(connector: Connector, options: Options): Promise<Result>;
  /**
   * Build the pre-aggregates this query is answered from (what a view of it with no attributes
   * asks first), so that work is done right after a load rather than on the view's first request
   * (`buildPreAggregates`). Absent: the query needs none.
   */
  readonly prepare?: (connector: Connector, options: PrepareOptions) => Promise<unknown>;
  /**
   * Import the query's code ahead of its first run or build, when it is imported on demand (a page starting a load
   * into an in-page engine fetches it meanwhile). Absent: the code is there already.
   */
  readonly load?: () => Promise<unknown>;
  /**
   * The canonical tables its build reads (`prepare`): a coordinator holding several views builds the one that reads
   * the fewest rows first (one engine runs one build at a time: each view then waits for the builds cheaper than its
   * own, not for those ahead of it in the page). Absent: its cost is unknown, it is built after those that say.
   */
  readonly reads?: readonly string[];
}

/** What a pre-aggregate build depends on besides the data. */
export interface PrepareOptions {
  /** The privacy plan's smallest group (its blocks are pre-aggregated per size). */
  minGroup?: number;
  /** The views are anonymized (the OKR views' roll-ups then leave out what min-group withholds). */
  anonymize?: boolean;
}

/** Make a named query (no registration side effect: importing one query pulls only that query). */
/* @__NO_SIDE_EFFECTS__ */
export function defineQuery<O, R>(
  name: string,
  run: (connector: Connector, options: O) => Promise<R>,
  prepare?: (connector: Connector, options: PrepareOptions) => Promise<unknown>,
  load?: () => Promise<unknown>,
  reads?: readonly string[],
): NamedQuery<O, R> {
  return Object.freeze({ name, run, ...(prepare ? { prepare } : {}), ...(load ? { load } : {}), ...(reads ? { reads } : {}) });
}

/**
 * `load` (a dynamic import) run once and its promise kept: a module fetched already is then had within the same task.
 * (A second `import()` of it waits for a task of its own in Chromium, so a build started as a view's answer arrives
 * would post its first statement only after that view has drawn.) A failed load is forgotten: the next call tries again.
 */
/* @__NO_SIDE_EFFECTS__ */
export function loadOnce<M>(load: () => Promise<M>): () => Promise<M> {
  let loaded: Promise<M> | null = null;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = null;
      throw error;
    }));
}

/**
 * A named query whose code is imported with its first run or build (`code`, a dynamic import): a page whose connector
 * answers named queries itself (`plumb serve`) never downloads it, and a page starting an in-page load fetches it
 * meanwhile (`load`). `run` and `prepare` get the imported module first.
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineLazyQuery<M, O, R>(
  name: string,
  code: () => Promise<M>,
  run: (code: M, connector: Connector, options: O) => Promise<R>,
  prepare?: (code: M, connector: Connector, options: PrepareOptions) => Promise<unknown>,
  reads?: readonly string[],
): NamedQuery<O, R> {
  const loaded = loadOnce(code);
  return defineQuery<O, R>(
    name,
    async (connector, options) => run(await loaded(), connector, options),
    prepare && (async (connector, options) => prepare(await loaded(), connector, options)),
    loaded,
    reads,
  );
}

/** A named query's options as a cache key: JSON with sorted keys (undefined fields left out), so equal options make equal keys. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
