import type { Connector } from '../connector.js';

/**
 * A named query: options in, a plain-data result out, runnable unchanged on every connector
 * (wasm, Node, HTTP). Elements never write SQL: a view declares one of these by its `name`
 * (the coordinator's cache key, and what a server would run) and its `run` function.
 */
export interface NamedQuery<Options = unknown, Result = unknown> {
  readonly name: string;
  run(connector: Connector, options: Options): Promise<Result>;
}

/** Make a named query (no registration side effect: importing one query pulls only that query). */
export function defineQuery<O, R>(name: string, run: (connector: Connector, options: O) => Promise<R>): NamedQuery<O, R> {
  return Object.freeze({ name, run });
}
