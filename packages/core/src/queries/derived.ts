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
  /** Keys of session entries that stay valid when a session's rating changes come as a delta (`applySessionDelta`). */
  deltaKeys: Set<string>;
  /** Session tables updated in place by a delta, in build order (a table's sources before it). */
  incremental: Map<string, IncrementalTable>;
  /** Session writes (builds of incremental tables, deltas), one at a time: a delta never interleaves a build. */
  writes: Promise<unknown>;
  /** A server's connector (`markServed`): builds spend time to save each request's. */
  served: boolean;
  /** The tables each entry's build reads, where it said (`derived`'s `reads`): a change of others keeps it. */
  reads: Map<string, readonly string[]>;
}

/** What a delta gives each incremental table: the changed calibrated ratings, and the deltas its sources write. */
export interface SessionDelta {
  /** A table of (cycle_id, employee_id, dimension, old_rating, new_rating): calibrated ratings that moved. */
  changes: string;
  /** The dimensions of the moved ratings. */
  dimensions: ReadonlySet<string | null>;
  /**
   * The count delta a source table's statements write for its dependants (a table with the source's
   * key columns and a signed `n`); '' when the source has nothing to add; undefined when the source
   * does not follow deltas (then a dependant cannot either).
   */
  deltaOf(table: string): string | undefined;
  /** Name a temporary table of this delta (dropped when the delta is done). */
  temp(base: string): string;
}

/**
 * The statements (SQL, no parameters: they run as one script, one round trip to the database) that
 * bring `table` up to date for a delta. For a count table: the name of the count delta it writes for
 * tables derived from it, with those statements; '' for no statements; `false` when it cannot follow
 * the changes (then it is rebuilt by its next reader).
 */
export type IncrementalApply = (delta: SessionDelta) => { sql: string[]; delta: string } | false;

interface IncrementalTable {
  key: string;
  apply: IncrementalApply;
}

const states = new WeakMap<Connector, DerivedState>();

function state(connector: Connector): DerivedState {
  let s = states.get(connector);
  if (!s) states.set(connector, (s = {
    version: 0, sessionVersion: 0, entries: new Map(), sessionKeys: new Set(), sessionTables: new Map(), limit: Infinity, evicted: [],
    deltaKeys: new Set(), incremental: new Map(), writes: Promise.resolve(), served: false, reads: new Map(),
  }));
  return s;
}

/** The data version of `connector`: moves on every `invalidateDerived`. */
export function dataVersion(connector: Connector): number {
  return state(connector).version;
}

/**
 * Forget everything derived from `connector`'s data (call after the data changed). With `changed` (only those tables
 * changed), an entry whose build said it reads none of them stays, with its session state (its tables keep their names).
 */
export function invalidateDerived(connector: Connector, changed?: ReadonlySet<string>): void {
  const s = state(connector);
  s.version++;
  if (changed) {
    for (const key of [...s.entries.keys()]) {
      if (s.reads.get(key)?.every((table) => !changed.has(table))) continue;
      forget(s, key);
    }
    return;
  }
  s.reads.clear();
  s.sessionVersion++;
  s.entries.clear();
  s.sessionKeys.clear();
  s.sessionTables.clear();
  s.deltaKeys.clear();
  s.incremental.clear();
}

function forget(s: DerivedState, key: string): void {
  s.entries.delete(key);
  s.reads.delete(key);
  s.sessionKeys.delete(key);
  s.deltaKeys.delete(key);
  for (const [table, incremental] of s.incremental) if (incremental.key === key) s.incremental.delete(table);
}

/**
 * The session version of `connector`: moves on every `invalidateSession` (and every data change), not on
 * a delta: tables a delta updates in place keep their names.
 */
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
  for (const key of s.sessionKeys) {
    s.entries.delete(key);
    s.reads.delete(key);
  }
  s.sessionKeys.clear();
  s.deltaKeys.clear();
  s.incremental.clear();
}

/**
 * Run `write` after every session write before it (and before any after it): the CREATE of an
 * incremental table and a delta never interleave, so a table is either built after a change (and
 * holds it) or registered before the change's delta runs (and receives it).
 */
export function sessionWrite<T>(connector: Connector, write: () => Promise<T>): Promise<T> {
  const s = state(connector);
  const next = s.writes.then(write, write);
  s.writes = next.catch(() => undefined);
  return next;
}

/**
 * `table` (built at session version `version`, inside `sessionWrite`) follows deltas from now on.
 * A build made stale by a full invalidation meanwhile registers nothing.
 */
export function registerIncremental(connector: Connector, version: number, key: string, table: string, apply: IncrementalApply): void {
  const s = state(connector);
  if (version !== s.sessionVersion || !s.entries.has(key)) return;
  s.incremental.delete(table);
  s.incremental.set(table, { key, apply });
}

/**
 * A session's rating changes as a delta (call inside `sessionWrite`, after the overlay moved on and
 * `changes` holds the moved ratings): every incremental table's statements, in build order, then
 * `finish`, run as one script; session entries that are neither incremental nor kept (`delta: true`)
 * are forgotten. A table that cannot follow is forgotten too, and rebuilt by its next reader.
 */
export async function applySessionDelta(connector: Connector, changes: string, dimensions: ReadonlySet<string | null>, finish: string[] = []): Promise<void> {
  const s = state(connector);
  forgetNonDelta(s);
  const written = new Map<string, string>();
  const temps: string[] = [];
  const delta: SessionDelta = {
    changes,
    dimensions,
    deltaOf: (table) => written.get(table),
    temp: (base) => {
      const name = `plumb_delta_${temps.length}_${base.replace(/[^A-Za-z0-9_]/g, '')}`.slice(0, 60);
      temps.push(name);
      return name;
    },
  };
  const script: string[] = [];
  for (const [table, entry] of [...s.incremental]) {
    const out = entry.apply(delta);
    if (out === false) {
      s.incremental.delete(table);
      s.entries.delete(entry.key);
      s.deltaKeys.delete(entry.key);
      s.sessionKeys.delete(entry.key);
      continue;
    }
    script.push(...out.sql);
    written.set(table, out.delta);
  }
  script.push(...temps.map((t) => `DROP TABLE IF EXISTS ${quoteIdentifier(t)}`), ...finish);
  try {
    await connector.query(script.join(';\n'));
  } catch (error) {
    // A script that failed half-way leaves tables of unknown state: rebuild everything from the log.
    invalidateSession(connector);
    throw error;
  } finally {
    forgetNonDelta(s);
  }
}

/**
 * Forget what read the session tables but not the calibrated stage's values (a session added to a cycle
 * that has one already: the calibrated stage is the same; lists of sessions and logs are not).
 */
export function invalidateSessionReaders(connector: Connector): void {
  forgetNonDelta(state(connector));
}

/** Forget the session entries a delta does not keep (what was read from the calibrated stage before it). */
function forgetNonDelta(s: DerivedState): void {
  for (const key of s.sessionKeys) {
    if (s.deltaKeys.has(key)) continue;
    s.entries.delete(key);
    s.sessionKeys.delete(key);
  }
}

/**
 * `build()` once per data version under `key` (e.g. `"agg:rating_counts"`). The result (a table name,
 * an index) is shared by every caller until the data changes — or, with `session: true` (anything that
 * reads the calibrated stage), until a calibration session's log changes too. A build that a change
 * made stale may still finish after the newer one, and a query that began before the change may hand
 * a stale table to a newer build: session builds therefore write tables named per session version
 * (`sessionTable`), so stale and current never mix.
 */
export function derived<T>(
  connector: Connector,
  key: string,
  build: () => Promise<T>,
  options: {
    session?: boolean;
    /** A session entry that stays valid through a delta (it registers an incremental table, or does not depend on rating values). */
    delta?: boolean;
    /** Every canonical table the build reads (through whatever it calls): it then survives a change of the others. */
    reads?: readonly string[];
  } = {},
): Promise<T> {
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
  if (options.session && options.delta) s.deltaKeys.add(key);
  if (options.reads) s.reads.set(key, options.reads);
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

/**
 * Mark `connector` as a server's (`prepareServedViews`): from the next build on, its builds spend time to save every
 * request's, since many requests read one build and none waits for it (the server builds before it listens):
 * - derived tables are stored in the order their views read them, so a view's scan skips the row groups of other
 *   stages, dimensions and blocks (1M people, the rating counts: ~5 s of sorting at start-up);
 * - the calibration views' privacy plans for no filter (what every page draws first) are decided into a table their
 *   first request reads (1M people: ~1 s of CPU per view).
 * A page's first view waits for its build, so there both would only move work onto its path.
 */
export function markServed(connector: Connector): void {
  state(connector).served = true;
}

/** Whether `connector` is a server's (`markServed`). */
export function isServed(connector: Connector): boolean {
  return state(connector).served;
}

/** How many derived entries `connector` holds (for tests and the server's status). */
export function derivedSize(connector: Connector): number {
  return state(connector).entries.size;
}

/** Every text in a derived value, and every `plumb_` name inside one (a relation's SELECT): the table names it holds are among them. */
function texts(value: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 4) return out;
  if (typeof value === 'string') {
    out.add(value.replace(/^"(.*)"$/, '$1'));
    if (/\s/.test(value)) for (const name of value.match(/\bplumb_[A-Za-z0-9_]+/g) ?? []) out.add(name);
  }
  else if (Array.isArray(value)) for (const v of value) texts(v, out, depth + 1);
  else if (value && typeof value === 'object' && !(value instanceof Map) && !(value instanceof Set)) {
    for (const v of Object.values(value)) texts(v, out, depth + 1);
  }
  return out;
}

function evictOldest(s: DerivedState): void {
  const [key, promise] = s.entries.entries().next().value as [string, Promise<unknown>];
  s.entries.delete(key);
  s.reads.delete(key);
  s.evicted.push(promise);
  for (const [table, entry] of s.incremental) if (entry.key === key) s.incremental.delete(table);
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
