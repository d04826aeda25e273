import type { Connector } from '../connector.js';
import { quoteIdentifier } from '../sql.js';

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
  /** In use order, least recently used first. */
  entries: Map<string, Promise<unknown>>;
  /** Keys of entries that read the calibrated stage (`plumb_ratings`): dropped by `invalidateSession`. */
  sessionKeys: Set<string>;
  /** Tables made per session version (`sessionTable`), dropped two versions later. */
  sessionTables: Map<number, Set<string>>;
  /** Most entries kept (a server bounds it; a page keeps everything of its one data set). */
  limit: number;
  /** Evicted entries' values, whose tables `dropEvicted` drops. */
  evicted: Promise<unknown>[];
}

const states = new WeakMap<Connector, DerivedState>();

function state(connector: Connector): DerivedState {
  let s = states.get(connector);
  if (!s) states.set(connector, (s = { version: 0, sessionVersion: 0, entries: new Map(), sessionKeys: new Set(), sessionTables: new Map(), limit: Infinity, evicted: [] }));
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
  if (existing) {
    s.entries.delete(key);
    s.entries.set(key, existing);
    return existing;
  }
  const promise = build().catch((error: unknown) => {
    if (s.entries.get(key) === promise) s.entries.delete(key);
    throw error;
  });
  s.entries.set(key, promise);
  if (options.session) s.sessionKeys.add(key);
  if (s.entries.size > s.limit) evictOldest(s);
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

/**
 * Keep at most `maxEntries` derived entries for `connector` (least recently used go first); the tables
 * an evicted entry made are dropped by `dropEvicted`. A server sets it: clients choose `minGroup`,
 * `asOf`, cycles, and each distinct value would otherwise build tables that stay until the data changes.
 */
export function limitDerived(connector: Connector, maxEntries: number): void {
  const s = state(connector);
  s.limit = Math.max(1, Math.floor(maxEntries));
  while (s.entries.size > s.limit) evictOldest(s);
}

/** How many derived entries `connector` holds (for tests and the server's status). */
export function derivedSize(connector: Connector): number {
  return state(connector).entries.size;
}

/** Every text in a derived value: the table names it holds are among them. */
function texts(value: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 4) return out;
  if (typeof value === 'string') out.add(value.replace(/^"(.*)"$/, '$1'));
  else if (Array.isArray(value)) for (const v of value) texts(v, out, depth + 1);
  else if (value && typeof value === 'object' && !(value instanceof Map) && !(value instanceof Set)) {
    for (const v of Object.values(value)) texts(v, out, depth + 1);
  }
  return out;
}

function evictOldest(s: DerivedState): void {
  const [key, promise] = s.entries.entries().next().value as [string, Promise<unknown>];
  s.entries.delete(key);
  s.evicted.push(promise);
}

/**
 * Drop the tables (ours: `plumb_` prefixed) of entries evicted since the last call, unless a kept
 * entry names them too. Call it when no query is running: a request that was handed a table name
 * before the eviction still reads it until it ends.
 */
export async function dropEvicted(connector: Connector): Promise<void> {
  const s = state(connector);
  const evicted = s.evicted.splice(0);
  if (evicted.length === 0) return;
  const names = new Set<string>();
  for (const value of evicted) texts(await value.catch(() => null), names);
  const kept = new Set<string>();
  for (const other of [...s.entries.values()]) texts(await other.catch(() => null), kept);
  const drop = [...names].filter((n) => /^plumb_[A-Za-z0-9_]+$/.test(n) && !kept.has(n));
  if (drop.length === 0) return;
  const existing = await connector.query('SELECT table_name FROM duckdb_tables() WHERE list_contains(?::VARCHAR[], table_name)', [JSON.stringify(drop)]);
  for (const row of existing.toArray() as { table_name: string }[]) {
    await connector.query(`DROP TABLE IF EXISTS ${quoteIdentifier(row.table_name)}`);
  }
}
