import type { Connector } from '../connector.js';

/**
 * Work derived from the loaded data — pre-aggregated tables built inside DuckDB, JS indexes such as
 * the pseudonym index — memoised per connector and data version. A load (or any write through
 * core's insert helpers) calls `invalidateDerived`, and the next request builds afresh.
 * Concurrent first requests share one build; a failed build is forgotten so it can be retried.
 */
interface DerivedState {
  version: number;
  entries: Map<string, Promise<unknown>>;
}

const states = new WeakMap<Connector, DerivedState>();

function state(connector: Connector): DerivedState {
  let s = states.get(connector);
  if (!s) states.set(connector, (s = { version: 0, entries: new Map() }));
  return s;
}

/** The data version of `connector`: moves on every `invalidateDerived`. */
export function dataVersion(connector: Connector): number {
  return state(connector).version;
}

/** Forget everything derived from `connector`'s data (call after the data changed). */
export function invalidateDerived(connector: Connector): void {
  const s = state(connector);
  s.version++;
  s.entries.clear();
}

/**
 * `build()` once per data version under `key` (e.g. `"agg:rating_counts"`). The result (a table name,
 * an index) is shared by every caller until the data changes.
 */
export function derived<T>(connector: Connector, key: string, build: () => Promise<T>): Promise<T> {
  const s = state(connector);
  const existing = s.entries.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const version = s.version;
  const promise = build().catch((error: unknown) => {
    if (s.version === version && s.entries.get(key) === promise) s.entries.delete(key);
    throw error;
  });
  s.entries.set(key, promise);
  return promise;
}
