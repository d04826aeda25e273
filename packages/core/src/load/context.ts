import { Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Connector } from '../connector.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadDecision, LoadQuestion, QuestionDraft } from './types.js';
import { quoteIdentifier, quoteLiteral } from '../sql.js';
import { completeQuestion } from './questions.js';
import type { Text } from '../text.js';

let loadCounter = 0;

/** A row finding known in JS (reader rejects, bad JSON lines): an error that rejects its row. */
export interface RowFinding {
  row: number;
  code: string;
  /** What is wrong, as a text (load/text.ts): rendered in English for the report, translated by the elements. */
  text: Text;
  column?: string | null;
}

/**
 * The state of one `loadSources` call: its private work tables (all named
 * with one prefix and dropped at the end) and the findings so far. Row-level
 * findings live in a DuckDB table, so millions of rows are checked in SQL and
 * only a capped sample becomes `Diagnostic` objects.
 */
export class LoadContext {
  readonly prefix = `__plumb_load${++loadCounter}_`;
  readonly fileDiagnostics: Diagnostic[] = [];
  /** Every source's name, by file index. */
  fileNames: string[] = [];
  /** Ratings read from words without the scale file's labels (convert.ts): checked against a scale file loaded after them. */
  readonly ratingWords: { file: string; column: string; values: Map<string, number> }[] = [];
  /** Rows per file that could not even be split into records (after a quote that never closes): rejected, counted here. */
  readonly unreadRows = new Map<number, number>();
  /** Questions raised so far (`ask`), and the files each holds back. */
  readonly questions: LoadQuestion[] = [];
  readonly heldFiles = new Set<number>();
  /** The caller's answers (LoadOptions.answers): question id → value. */
  answers: Record<string, string> = {};
  /** Decisions made with their evidence (or declared), per file: attached to the report's `files[].decisions`. */
  readonly decisions: (LoadDecision & { file: string })[] = [];
  /** Candidate tables (reconcile.ts) some file has placed rows in: only an empty one can be a staged table taken as it is. */
  readonly placedCandidates = new Set<string>();
  private readonly tables = new Set<string>();
  private readonly views = new Set<string>();
  private readonly files = new Set<string>();
  /** Statements whose results nobody reads (`defer`), sent ahead of the next query. */
  private readonly pending: string[] = [];
  /**
   * The database, with deferred statements sent ahead of the next query in the same script (one round trip
   * instead of one each: in a page every statement is a message to DuckDB's worker and back).
   */
  readonly connector: Connector;

  constructor(
    private readonly db: Connector,
    readonly signal?: AbortSignal,
  ) {
    const flush = async () => {
      if (this.pending.length) await db.query(this.pending.splice(0).join(';\n'));
    };
    this.connector = {
      query: async (sql, params = []) => {
        if (this.pending.length === 0) return db.query(sql, params);
        // A parameterised statement is prepared alone: what waits goes first, in its own round trip.
        if (params.length) {
          await flush();
          return db.query(sql, params);
        }
        // DDL first, the statement last: the script answers with the statement's result.
        return db.query(`${this.pending.splice(0).join(';\n')};\n${sql}`);
      },
      insertArrowIPC: async (table, ipc, options) => {
        await flush();
        return db.insertArrowIPC(table, ipc, options);
      },
      registerFile: (name, bytes) => db.registerFile(name, bytes),
      dropFile: (name) => db.dropFile(name),
      close: () => db.close(),
    };
  }

  /**
   * Statements whose results nobody reads (a view created, work tables dropped): run ahead of the next
   * statement, in its round trip. An error in one surfaces with that statement.
   */
  defer(statements: readonly string[]): void {
    this.pending.push(...statements);
  }

  /** A quoted work-table name with this load's prefix (dropped at the end). */
  table(name: string): string {
    const full = this.prefix + name;
    this.tables.add(full);
    return quoteIdentifier(full);
  }

  /** A virtual file name for DuckDB's file system (dropped at the end). */
  fileName(name: string): string {
    const full = `${this.prefix}${name}`;
    this.files.add(full);
    return full;
  }

  /** A quoted view name with this load's prefix (dropped at the end). */
  view(name: string): string {
    const full = this.prefix + name;
    this.views.add(full);
    return quoteIdentifier(full);
  }

  get findings(): string {
    return this.table('findings');
  }

  start(): void {
    this.defer([
      `CREATE TABLE ${this.findings} (file_index INTEGER, "row" INTEGER, severity VARCHAR, code VARCHAR, "column" VARCHAR, text VARCHAR, rejects BOOLEAN)`,
    ]);
  }

  /** Source header per (file, canonical table, column), for diagnostics' `column` (findings store `@table.column`). */
  private readonly headers = new Map<string, string>();
  /** Files that may have rows rejected by a finding (else their rows are kept without a lookup). */
  private readonly rejecting = new Set<number | 'any'>();

  /** The first header recorded for a column stays, unless `replace` (a choice made later in the load). */
  recordHeader(fileIndex: number, table: string, column: string, header: string, replace = false): void {
    const key = `${fileIndex}|${table}|${column}`;
    if (replace || !this.headers.has(key)) this.headers.set(key, header);
  }

  /** The source header that fills a canonical column in a file (null when none does). */
  recordedHeader(fileIndex: number, table: string, column: string): string | null {
    return this.headers.get(`${fileIndex}|${table}|${column}`) ?? null;
  }

  /** SQL for a finding's column: the canonical column, translated to the file's own header when reported. */
  columnRef(table: string, column: string): string {
    return quoteLiteral(`@${table}.${column}`);
  }

  /** The header a finding's stored column stands for (`@table.column` → the file's header; else as stored). */
  headerOf(fileIndex: number, stored: string | null): string | null {
    if (!stored?.startsWith('@')) return stored;
    const [table, column] = stored.slice(1).split('.') as [string, string];
    return this.headers.get(`${fileIndex}|${table}|${column}`) ?? null;
  }

  /** SQL naming the file of a file-index expression (file names are the caller's, quoted as literals). */
  fileNameSql(indexExpr: string): string {
    if (this.fileNames.length === 0) return 'NULL::VARCHAR';
    return `CASE ${indexExpr} ${this.fileNames.map((n, i) => `WHEN ${i} THEN ${quoteLiteral(n)}`).join(' ')} END`;
  }

  /** Whether any row finding was added (every addition marks its file in `rejecting`): else the findings table is empty. */
  get anyFindings(): boolean {
    return this.rejecting.size > 0;
  }

  mayReject(fileIndex: number): boolean {
    return this.rejecting.has('any') || this.rejecting.has(fileIndex);
  }

  /** Run several statements in one round trip (DDL and drops: their results are not read). */
  async run(statements: readonly string[]): Promise<void> {
    if (statements.length) await this.connector.query(statements.join(';\n'));
  }

  checkAborted(): void {
    if (this.signal?.aborted) throw this.signal.reason ?? new DOMException('The load was aborted', 'AbortError');
  }

  /**
   * Append row findings: `select` must yield (file_index, row, severity, code, column, text, rejects), the text
   * as JSON (`textSql` in load/text.ts).
   * `fileIndex`: the one file they can be about (else any file may now have rejected rows).
   */
  async addRowFindings(select: string, params: readonly (string | number | boolean | null)[] = [], fileIndex?: number): Promise<number> {
    const result = await this.connector.query(`INSERT INTO ${this.findings} ${select}`, params);
    const count = Number(result.getChild('Count')?.get(0) ?? 1);
    if (count > 0) this.rejecting.add(fileIndex ?? 'any');
    return count;
  }

  /** Rejecting findings of one file, inserted in one round trip (as Arrow: their text never becomes SQL). */
  async addRejects(fileIndex: number, findings: readonly RowFinding[]): Promise<void> {
    if (findings.length === 0) return;
    const table = `${this.prefix}rejects_in`;
    await this.connector.insertArrowIPC(
      table,
      tableToIPC(
        new Table({
          row: vectorFromArray(findings.map((f) => f.row), new Int32()),
          code: vectorFromArray(findings.map((f) => f.code), new Utf8()),
          column: vectorFromArray(findings.map((f) => f.column ?? null), new Utf8()),
          text: vectorFromArray(findings.map((f) => JSON.stringify(f.text)), new Utf8()),
        }),
        'stream',
      ),
      { create: true },
    );
    await this.run([
      `INSERT INTO ${this.findings} SELECT ${Number(fileIndex)}, "row", 'error', code, "column", text, true FROM ${quoteIdentifier(table)}`,
      `DROP TABLE ${quoteIdentifier(table)}`,
    ]);
    this.rejecting.add(fileIndex);
  }

  /**
   * Ask instead of guessing: record the question and hold `fileIndex` back (none of its
   * rows is placed until the question is answered). Call it only when `answer(id)` has no
   * answer and no evidence decides; see load/README.md ("Certain, or asked").
   */
  ask(fileIndex: number, draft: QuestionDraft): LoadQuestion {
    const question = completeQuestion(draft);
    if (!this.questions.some((q) => q.id === question.id)) this.questions.push(question);
    this.heldFiles.add(fileIndex);
    return question;
  }

  /** Name a decision and its evidence in the file's report. */
  decide(file: string, decision: LoadDecision): void {
    this.decisions.push({ file, ...decision });
  }

  /** The caller's answer to question `id`, if given (LoadOptions.answers). */
  answer(id: string): string | undefined {
    return this.answers[id];
  }

  fileDiagnostic(d: Diagnostic): void {
    this.fileDiagnostics.push(d);
  }

  /** The statements dropping work tables or views (quoted names from `table()`/`view()`), views first. */
  private dropStatements(quoted: readonly string[]): string[] {
    const statements: string[] = [];
    for (const name of quoted) {
      const bare = name.slice(1, -1).replaceAll('""', '"');
      statements.push(`DROP ${this.views.has(bare) ? 'VIEW' : 'TABLE'} IF EXISTS ${name}`);
      this.tables.delete(bare);
      this.views.delete(bare);
    }
    // Views first: a view over a table must go before it.
    return statements.sort((a, b) => Number(b.startsWith('DROP VIEW')) - Number(a.startsWith('DROP VIEW')));
  }

  /** Drop work tables or views as soon as they are no longer needed: sent with the next statement (`defer`). */
  async drop(...quoted: string[]): Promise<void> {
    this.defer(this.dropStatements(quoted));
  }

  /**
   * Not waited for: DuckDB takes calls in order, so the file is gone before the next statement runs, and that
   * statement does not wait a round trip for it (a failure is ignored, as before).
   */
  dropFile(name: string): void {
    void this.connector.dropFile(name).catch(() => undefined);
    this.files.delete(name);
  }

  /** Drop every work table and registered file of this load (what was deferred too: nothing is left behind). */
  async cleanUp(): Promise<void> {
    const statements = [...this.pending.splice(0), ...this.dropStatements([...this.views, ...this.tables].map(quoteIdentifier))];
    if (statements.length) await this.db.query(statements.join(';\n')).catch(async () => {
      // One failed (a load stopped half-way): each on its own, so the rest still go.
      for (const statement of statements) await this.db.query(statement).catch(() => undefined);
    });
    for (const f of [...this.files]) {
      await this.connector.dropFile(f).catch(() => undefined);
      this.files.delete(f);
    }
  }
}
