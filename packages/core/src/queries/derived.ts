import type { Connector } from '../connector.js';

/**
 * Work derived from the loaded data — pre-aggregated tables built inside DuckDB, JS indexes such as
 * the pseudonym index — memoised per connector and data version. A load (or any write through
 * core's insert helpers) calls `invalidateDerived`, and the next request builds afresh.
 * Concurrent first requests share one build; a failed build is forgotten so it can be retried.
 */
interface DerivedState {
  version: number;
  /** Moves on every `invalidateSession` (a calibration event appended). */
  sessionVersion: number;
  entries: Map<string, Promise<unknown>>;
  /** Keys of entries that read the calibrated stage (`plumb_ratings`): dropped by `invalidateSession`. */
  sessionKeys: Set<string>;
  /** Tables made per session version (`sessionTable`), dropped two versions later. */
  sessionTables: Map<number, Set<string>>;
}

const states = new WeakMap<Connector, DerivedState>();

function state(connector: Connector): DerivedState {
  let s = states.get(connector);
  if (!s) states.set(connector, (s = { version: 0, sessionVersion: 0, entries: new Map(), sessionKeys: new Set(), sessionTables: new Map() }));
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
  s.sessionVersion++;
  s.entries.clear();
  s.sessionKeys.clear();
  s.sessionTables.clear();
}

/** The session version of `connector`: moves on every `invalidateSession` (and every data change). */
export function sessionVersion(connector: Connector): number {
  return state(connector).sessionVersion;
}

/**
 * A calibration session's log changed: forget only what reads the calibrated stage (entries made with
 * `{ session: true }`); people, privacy blocks and pseudonyms do not depend on it and stay.
 */
export function invalidateSession(connector: Connector): void {
  const s = state(connector);
  s.sessionVersion++;
  for (const key of s.sessionKeys) s.entries.delete(key);
  s.sessionKeys.clear();
}

/**
 * `build()` once per data version under `key` (e.g. `"agg:rating_counts"`). The result (a table name,
 * an index) is shared by every caller until the data changes — or, with `session: true` (anything that
 * reads the calibrated stage), until a calibration session's log changes too. A build that a change
 * made stale may still finish after the newer one, and a query that began before the change may hand
 * a stale table to a newer build: session builds therefore write tables named per session version
 * (`sessionTable`), so stale and current never mix.
 */
export function derived<T>(connector: Connector, key: string, build: () => Promise<T>, options: { session?: boolean } = {}): Promise<T> {
  const s = state(connector);
  const existing = s.entries.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const promise = build().catch((error: unknown) => {
    if (s.entries.get(key) === promise) s.entries.delete(key);
    throw error;
  });
  s.entries.set(key, promise);
  if (options.session) s.sessionKeys.add(key);
  return promise;
}

/**
 * The name of a table a session build makes, for the current session version (`base_s<version>`):
 * a build made stale by a change, still running, writes its own table and never a newer one.
 */
export function sessionTable(connector: Connector, base: string): string {
  const s = state(connector);
  const name = `${base}_s${s.sessionVersion}`;
  let names = s.sessionTables.get(s.sessionVersion);
  if (!names) s.sessionTables.set(s.sessionVersion, (names = new Set()));
  names.add(name);
  return name;
}

/** Tables of session versions two or more behind (no current query reads them): to drop, once. */
export function takeStaleSessionTables(connector: Connector): string[] {
  const s = state(connector);
  const out: string[] = [];
  for (const [version, names] of s.sessionTables) {
    if (version < s.sessionVersion - 1) {
      out.push(...names);
      s.sessionTables.delete(version);
    }
  }
  return out;
}
