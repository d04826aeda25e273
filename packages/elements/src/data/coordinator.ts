import {
  DEFAULT_MIN_GROUP,
  startPreAggregates,
  ORG_FILTER_FIELDS,
  SESSION_QUERIES,
  pseudonymIndex,
  stableKey,
  type Connector,
  type NamedQuery,
  type OrgFilter,
  type PreAggregateBuild,
  type PseudonymIndex,
} from '@plumb/core/queries';
import type { ClauseKind, PlumbClauseInfo } from '../events.js';

/**
 * One clause of the linked selection: made by its producer (a view, or the page through
 * `<plumb-data>.select()`), carrying the filter it means for everyone else (Mosaic's clauses).
 */
export interface PlumbClause {
  source: Element;
  kind: ClauseKind;
  id: string;
  label?: string;
  filter: OrgFilter;
}

/** What the coordinator needs of a view (implemented by `PlumbView`). */
export interface CoordinatedView extends Element {
  /** The view's inputs may have changed: re-evaluate; settles once it has drawn for them. */
  coordinatorChanged(): Promise<void>;
  /** Ignores the selection (`unlinked`). */
  readonly isUnlinked: boolean;
  /** Shows pseudonyms. */
  readonly isAnonymized: boolean;
  /** The named query it draws (its pre-aggregates are built after each load). */
  readonly namedQuery?: NamedQuery<never, unknown>;
  /** The options of its named query under a linked filter (what a selection would make it ask: `prefetchSelection`). */
  queryOptions?(filter: OrgFilter): unknown;
}

/** Whether any of the view's box is inside the window now (a view not laid out, or hidden, is not). */
function onScreen(view: Element): boolean {
  const window = view.ownerDocument.defaultView;
  const box = view.getBoundingClientRect();
  if (!window || box.width === 0 || box.height === 0) return false;
  return box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth;
}

/** The filter a view gets: the intersection of every clause but its own. */
export interface LinkedFilter {
  filter: OrgFilter;
  /** Two clauses ask for different values of one field: nothing can match. */
  empty: boolean;
  /** The clauses it came from (for "filtered by …" lines). */
  clauses: readonly PlumbClause[];
}

const PERSON_FIELDS = ['rater_id', 'person_id', 'manager_id'] as const;

/** A random salt per coordinator, so pseudonyms cannot be traced back from a list of ids. */
function randomSalt(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const MAX_CACHE_ENTRIES = 400;

/** Resolves in a task of its own (a message, not a timer): every microtask queued before it has run. */
function afterTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The coordinator (after Mosaic's): owns the database connection every view queries through, one
 * query cache per data version (two views asking the same thing run it once), the linked selection
 * as clauses intersected by field, and the privacy settings all views share. `<plumb-data>` owns one;
 * a view given its own `.connector` gets a private one.
 */
export class PlumbCoordinator {
  connector: Connector | null = null;
  /** Moves on every completed load; the cache is per version. */
  version = 0;
  anonymize = false;
  projector = false;
  /** Smallest group any view may show (a view may raise it, never lower it). */
  minGroup = DEFAULT_MIN_GROUP;
  /** Salt of pseudonyms: random per coordinator unless set (reproducible exports). */
  salt = randomSalt();

  /** Moves on every calibration session change: the revision of the queries that read the calibrated stage. */
  sessionRevision = 0;

  /** Queries sent to the database (`prefetched`: how many of them a prefetch sent), and answers served from the cache (for tests and the bench). */
  readonly stats = { queries: 0, hits: 0, prefetched: 0 };
  /**
   * The pre-aggregate build of the current data (`startPreAggregates` for the registered views'
   * queries), started as soon as the data is there, before the views ask: a view whose query comes
   * while it runs waits for that build (one per query and data version), never starts a second.
   * For tests and the bench.
   */
  preAggregates: Promise<PreAggregateBuild[]> = Promise.resolve([]);
  /**
   * Each named query's build in that run (they run one after another, cheapest first): a view's
   * query waits for its own query's build before it starts, so it neither starts that build beside the
   * others (one engine: interleaved, every view would draw only when all builds are done) nor queues its
   * statements before the builds ahead of its own. The view of the cheapest build draws after one build.
   */
  private builds = new Map<string, Promise<PreAggregateBuild>>();
  /**
   * The answers waiting for each build of that run, by query: the next build starts once they are
   * done (their few statements would otherwise queue behind the next build's, and the view draw late).
   */
  private firstAnswers = new Map<string, Promise<unknown>[]>();

  private cache = new Map<string, Promise<unknown>>();
  /** Queries sent to the database and not answered yet: prefetches run only while there are none. */
  private running = 0;
  private whenIdle: (() => void)[] = [];
  /** The answers a view may ask for next (`prefetch`), waiting their turn. */
  private prefetchQueue: { query: NamedQuery<never, unknown>; options: unknown }[] = [];
  private draining: Promise<void> | null = null;
  private clauseList: PlumbClause[] = [];
  private readonly views = new Set<CoordinatedView>();
  private index: PseudonymIndex | null = null;
  private indexFor: { connector: Connector | null; version: number; salt: string } | null = null;
  private listeners = new Set<() => void>();

  /** Rows per table of the current data (the load's report), by which the builds are ordered. */
  private rows: Readonly<Record<string, number>> = {};
  /** The tables whose rows are final while a load goes on (`LoadOptions.onTablesReady`); null: every table. */
  private ready: ReadonlySet<string> | null = null;

  /**
   * Whether `query` reads only tables whose rows are final: a view of one that does not shows "loading" until the
   * load ends, and nothing prefetches it (a query that does not say what it reads waits for every table).
   */
  isReady(query: NamedQuery<never, unknown> | undefined): boolean {
    return this.ready === null || (query?.reads?.every((table) => this.ready!.has(table)) ?? false);
  }

  /** Whether a registered view reads only `tables` (a load that makes them final first would draw it sooner). */
  hasViewReadingOnly(tables: readonly string[]): boolean {
    return [...this.views].some((v) => v.namedQuery?.reads?.every((table) => tables.includes(table)));
  }

  /**
   * A new database or data version: forget cached answers and the selection, redraw everyone. `rows` (rows per
   * table, as the load counted them) orders the pre-aggregate builds: the one that reads the fewest rows first.
   * `ready`: the tables whose rows are final while a load goes on (the others' views wait); null when it is done.
   * `unchanged`: tables of the same database whose rows this version did not change (a load that made them final
   * early, ending): the answers of queries that read only those stay, so their views redraw without asking again.
   */
  setData(
    connector: Connector | null,
    version: number,
    rows: Readonly<Record<string, number>> = {},
    ready: ReadonlySet<string> | null = null,
    unchanged: ReadonlySet<string> | null = null,
  ): void {
    if (connector === this.connector && version === this.version) return;
    const kept = connector === this.connector && unchanged ? this.answersReadingOnly(unchanged) : [];
    this.connector = connector;
    this.version = version;
    this.rows = rows;
    this.ready = ready;
    this.cache = new Map(kept);
    this.index = null;
    this.clauseList = [];
    // First the builds, then the views' queries: theirs find the builds under way and wait for them.
    if (connector) this.preAggregates = this.prepare(connector, version);
    void this.notify(null);
  }

  /** Build the registered views' pre-aggregates in the database (a server that runs named queries builds its own). */
  private prepare(connector: Connector, version: number): Promise<PreAggregateBuild[]> {
    const firstAnswers = new Map<string, Promise<unknown>[]>();
    this.firstAnswers = firstAnswers;
    if (this.connector !== connector || this.version !== version || connector.runNamedQuery) {
      this.builds = new Map();
      return Promise.resolve([]);
    }
    // One engine runs one build at a time. The builds of views on screen go first, so the reader sees what is in
    // front of them first (a view below the fold or in a hidden panel waits); among those, and then among the rest,
    // the cheapest first (fewest rows read), so each view waits for the builds cheaper than its own rather than for
    // every build ahead of it in the page (the views' order breaks ties).
    const cost = (query: NamedQuery<never, unknown>) =>
      query.reads ? query.reads.reduce((sum, table) => sum + (this.rows[table] ?? 0), 0) : Infinity;
    const visible = new Set([...this.views].filter(onScreen).map((v) => v.namedQuery?.name));
    const offScreen = (query: NamedQuery<never, unknown>) => (visible.has(query.name) ? 0 : 1);
    // Two unknown costs (Infinity − Infinity = NaN) are a tie.
    const queries = [...this.views]
      .flatMap((v) => (v.namedQuery && this.isReady(v.namedQuery) ? [v.namedQuery] : []))
      .sort((a, b) => offScreen(a) - offScreen(b) || cost(a) - cost(b) || 0);
    for (const query of queries) if (query.prepare) firstAnswers.set(query.name, []);
    const drawn: Promise<unknown>[] = [];
    this.builds = startPreAggregates(connector, queries, { minGroup: this.minGroup, anonymize: this.anonymize }, (name) => {
      const answers = firstAnswers.get(name) ?? [];
      firstAnswers.delete(name); // later answers of this query wait for nothing
      const settled = Promise.allSettled(answers);
      drawn.push(settled);
      return settled;
    });
    const built = Promise.all(this.builds.values());
    // Once every view has its first answer: the team tree a team selection walks, so the first one does not build it
    // (100k people: ~150 ms). Only while this data is current; a failure is the selection's to report.
    if (this.builds.size) {
      void built
        .then(() => Promise.all(drawn))
        .then(() => (this.connector === connector && this.version === version ? import('./team-tree.js').then((m) => m.buildTeamTree(connector)) : undefined))
        .catch(() => undefined);
    }
    return built;
  }

  /**
   * Fetch the registered views' query code (imported on demand) while a load into an in-page engine runs, so their
   * first build and query wait for no download. A failed fetch is left to the query that needs it to report.
   */
  preloadQueries(): void {
    for (const view of this.views) void view.namedQuery?.load?.().catch(() => undefined);
  }

  /** Privacy or display settings changed: redraw everyone (cached answers stay valid: options carry them). */
  settingsChanged(): void {
    this.index = null;
    // Anonymize or min-group moved: the builds of the new settings (those already made are reused).
    if (this.connector) this.preAggregates = this.prepare(this.connector, this.version);
    void this.notify(null);
  }

  /** Run a named query through the cache. */
  query<O, R>(query: NamedQuery<O, R>, options: O): Promise<{ result: R; cached: boolean }> {
    const connector = this.connector;
    if (!connector) return Promise.reject(new Error('No database connected.'));
    const key = this.cacheKey(query, options);
    const hit = this.cache.get(key) as Promise<R> | undefined;
    if (hit) {
      this.stats.hits++;
      // Re-insert: the map's order is least recently used first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.then((result) => ({ result, cached: true }));
    }
    this.stats.queries++;
    const version = this.version;
    // A connector that runs named queries next to the data (HttpConnector → `plumb serve`) gets the
    // whole query in one request; any other runs core's function here.
    const promise = connector.runNamedQuery
      ? (connector.runNamedQuery(query.name, options) as Promise<R>).catch((error: unknown) => {
          // A query the server does not know (an embedder's own view): run it here over the connector.
          if (error instanceof Error && error.message.startsWith('unknown named query')) return query.run(connector, options);
          throw error;
        })
      : (this.builds.get(query.name)?.then(() => query.run(connector, options)) ?? query.run(connector, options));
    const waiting = this.firstAnswers.get(query.name);
    waiting?.push(promise);
    this.running++;
    void promise.then(this.answered, this.answered);
    this.cache.set(key, promise);
    promise.catch(() => {
      if (this.version === version && this.cache.get(key) === promise) this.cache.delete(key);
    });
    while (this.cache.size > MAX_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    // A build waits for this answer: the view gets it a task later, once the build has posted its first statement
    // (a chain of microtasks), so the worker runs it while the view draws instead of after.
    if (waiting && this.builds.size > 1) return promise.then(async (result) => (await afterTask(), { result, cached: false }));
    return promise.then((result) => ({ result, cached: false }));
  }

  /**
   * Cached answers of the registered views' queries that read only `tables`, not anonymized (the pseudonym index is
   * built again for a new version: a code could change).
   */
  private answersReadingOnly(tables: ReadonlySet<string>): [string, Promise<unknown>][] {
    const reads = new Map([...this.views].flatMap((v) => (v.namedQuery?.reads ? [[v.namedQuery.name, v.namedQuery.reads] as const] : [])));
    return [...this.cache].filter(([key]) => {
      const [name, , options = 'null'] = key.split('\u0000');
      return reads.get(name!)?.every((t) => tables.has(t)) && options.startsWith('{') && (JSON.parse(options) as { anonymize?: boolean }).anonymize !== true;
    });
  }

  private cacheKey(query: NamedQuery<never, unknown> | NamedQuery<unknown, unknown>, options: unknown): string {
    return `${query.name}\u0000${this.revision(query.name)}\u0000${stableKey(options)}`;
  }

  private readonly answered = (): void => {
    if (--this.running > 0) return;
    const waiting = this.whenIdle;
    this.whenIdle = [];
    for (const wake of waiting) wake();
  };

  /** Resolves once no query runs and the pre-aggregate builds are done, a task after the last answer (so a query asked as it arrives goes first). */
  private async idle(): Promise<void> {
    for (;;) {
      await this.preAggregates;
      if (this.running > 0) await new Promise<void>((resolve) => this.whenIdle.push(resolve));
      await afterTask();
      if (this.running === 0) return;
    }
  }

  /**
   * The answers a view is likely to ask for next — one per choice of a menu the user has just opened or pointed at
   * (Mosaic's activation) — run into the cache one at a time and only while no other query runs, so that the choice
   * then made is answered from the cache (a department of 100,000 people: ~150 ms of SQL saved). A later call replaces
   * the list still waiting; a new selection, data, session change or setting drops it. A prefetch already running is
   * not interrupted: a query asked meanwhile waits for that one statement. Only for an engine in the page: a server's
   * CPU is every user's, and speculative work there would slow the others' requests.
   */
  prefetch<O, R>(query: NamedQuery<O, R>, optionsList: readonly O[]): Promise<void> {
    return this.prefetchAnswers(optionsList.map((options) => ({ query: query as unknown as NamedQuery<never, unknown>, options })));
  }

  /**
   * The answers every other view would ask for if `source` selected `clause` (the user points at, or moves the focus
   * to, what a click would select), prefetched as `prefetch` does: the click then repaints them from the cache.
   */
  async prefetchSelection(source: Element, clause: Omit<PlumbClause, 'source'>): Promise<void> {
    // As `select` would make the list, and with the pseudonym index `notify` would build for it (an anonymized view
    // asks by a person's code, never by the id).
    const clauses = [...this.clauseList.filter((c) => c.source !== source), { ...clause, filter: { ...clause.filter }, source }];
    if ([...this.views].some((v) => v.isAnonymized) && PERSON_FIELDS.some((f) => clause.filter[f] !== undefined)) {
      if (!(await this.pseudonyms().catch(() => null))) return;
    }
    return this.prefetchAnswers(
      [...this.views].flatMap((view) => {
        if (view === source || !view.namedQuery || !view.queryOptions) return [];
        const linked = this.linkedFilter(view, clauses);
        return linked.empty ? [] : [{ query: view.namedQuery, options: view.queryOptions(linked.filter) }];
      }),
    );
  }

  private prefetchAnswers(answers: { query: NamedQuery<never, unknown>; options: unknown }[]): Promise<void> {
    if (!this.connector || this.connector.runNamedQuery) return Promise.resolve();
    this.prefetchQueue = answers.filter((a) => this.isReady(a.query));
    this.draining ??= this.drainPrefetch().finally(() => (this.draining = null));
    return this.draining;
  }

  /** Resolves once the prefetches asked for so far have run or been dropped (for tests and the bench). */
  prefetchSettled(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drainPrefetch(): Promise<void> {
    for (;;) {
      await this.idle();
      const next = this.prefetchQueue.shift();
      if (!next || !this.connector) return;
      if (this.cache.has(this.cacheKey(next.query, next.options))) continue;
      this.stats.prefetched++;
      // A failure is the view's to report if the choice is made (its entry leaves the cache).
      await this.query(next.query, next.options as never).catch(() => undefined);
    }
  }

  /** The revision of a named query's answers: moves with the session for the queries that read the calibrated stage. */
  revision(queryName: string): number {
    return SESSION_QUERIES.includes(queryName) ? this.sessionRevision : 0;
  }

  /**
   * A calibration session changed the calibrated stage: forget the cached answers of the queries that
   * read it (no other) and redraw. Settles when every view has repainted.
   */
  sessionChanged(): Promise<void> {
    this.sessionRevision++;
    for (const key of [...this.cache.keys()]) {
      if (SESSION_QUERIES.includes(key.slice(0, key.indexOf('\u0000')))) this.cache.delete(key);
    }
    return this.notify(null);
  }

  register(view: CoordinatedView): void {
    this.views.add(view);
  }

  unregister(view: CoordinatedView): void {
    this.views.delete(view);
    const before = this.clauseList.length;
    this.clauseList = this.clauseList.filter((c) => c.source !== view);
    if (this.clauseList.length !== before) void this.notify(null);
  }

  /** Registered views (for tests and the bench). */
  get viewCount(): number {
    return this.views.size;
  }

  get clauses(): readonly PlumbClause[] {
    return this.clauseList;
  }

  /** Public form of the clauses (no element references), for events. */
  clauseInfo(): PlumbClauseInfo[] {
    return this.clauseList.map(({ source, ...rest }) => ({ ...rest, filter: { ...rest.filter }, source: source.localName }));
  }

  /** Listen to selection changes (e.g. `<plumb-data>` re-dispatching them). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Set (or with `null` remove) `source`'s clause. Settles once every view whose filter changed
   * has drawn for the new selection.
   */
  async select(source: Element, clause: Omit<PlumbClause, 'source'> | null): Promise<void> {
    const others = this.clauseList.filter((c) => c.source !== source);
    const next = clause ? [...others, { ...clause, filter: { ...clause.filter }, source }] : others;
    const current = this.clauseList;
    const same =
      next.length === current.length &&
      next.every((c, i) => {
        const o = current[i]!;
        return o.source === c.source && o.kind === c.kind && o.id === c.id && stableKey(o.filter) === stableKey(c.filter);
      });
    if (same) return;
    this.clauseList = next;
    await this.notify(source);
  }

  /** Remove every clause. */
  clear(): Promise<void> {
    if (this.clauseList.length === 0) return Promise.resolve();
    this.clauseList = [];
    return this.notify(null);
  }

  /**
   * The filter `view` should apply: every clause but its own, intersected field by field. For an
   * anonymized view, person ids of clauses made in views that show real names arrive as pseudonym
   * codes, so a linked selection never carries a real id into a view showing pseudonyms.
   */
  filterFor(view: CoordinatedView): LinkedFilter {
    return this.linkedFilter(view, this.clauseList);
  }

  /** `filterFor` under the clauses `all`. */
  private linkedFilter(view: CoordinatedView, all: readonly PlumbClause[]): LinkedFilter {
    if (view.isUnlinked) return { filter: {}, empty: false, clauses: [] };
    const clauses = all.filter((c) => c.source !== view);
    const filter: OrgFilter = {};
    let empty = false;
    for (const clause of clauses) {
      for (const field of ORG_FILTER_FIELDS) {
        let value = clause.filter[field];
        if (value === undefined || value === null) continue;
        if (view.isAnonymized && (PERSON_FIELDS as readonly string[]).includes(field) && this.index) {
          const id = this.index.resolve(value);
          value = id === null ? value : this.index.code(id);
        }
        if (filter[field] !== undefined && filter[field] !== value) empty = true;
        filter[field] = value;
      }
    }
    return { filter, empty, clauses };
  }

  /** The pseudonym index of the current data and salt (built once per version and salt). */
  async pseudonyms(salt = this.salt): Promise<PseudonymIndex | null> {
    const connector = this.connector;
    if (!connector) return null;
    if (this.index && this.indexFor?.connector === connector && this.indexFor.version === this.version && this.indexFor.salt === salt) return this.index;
    const index = await pseudonymIndex(connector, salt);
    if (salt === this.salt) {
      this.index = index;
      this.indexFor = { connector, version: this.version, salt };
    }
    return index;
  }

  private async notify(source: Element | null): Promise<void> {
    // What a view may ask next was worked out for the old selection, data or settings.
    this.prefetchQueue = [];
    const needsIndex =
      [...this.views].some((v) => v.isAnonymized) && this.clauseList.some((c) => PERSON_FIELDS.some((f) => c.filter[f] !== undefined));
    if (needsIndex) await this.pseudonyms().catch(() => null);
    for (const listener of this.listeners) listener();
    await Promise.all([...this.views].filter((v) => v !== source).map((v) => v.coordinatorChanged()));
  }
}
