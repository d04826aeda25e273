import type { Connector } from '../connector.js';
import type { Diagnostic } from '../diagnostics.js';
import { quoteIdentifier } from '../sql.js';

let loadCounter = 0;

/**
 * The state of one `loadSources` call: its private work tables (all named
 * with one prefix and dropped at the end) and the findings so far. Row-level
 * findings live in a DuckDB table, so millions of rows are checked in SQL and
 * only a capped sample becomes `Diagnostic` objects.
 */
export class LoadContext {
  readonly prefix = `__plumb_load${++loadCounter}_`;
  readonly fileDiagnostics: Diagnostic[] = [];
  /** Rows per file that could not even be split into records (after a quote that never closes): rejected, counted here. */
  readonly unreadRows = new Map<number, number>();
  private readonly tables = new Set<string>();
  private readonly views = new Set<string>();
  private readonly files = new Set<string>();

  constructor(
    readonly connector: Connector,
    readonly signal?: AbortSignal,
  ) {}

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

  async start(): Promise<void> {
    await this.connector.query(
      `CREATE TABLE ${this.findings} (file_index INTEGER, "row" INTEGER, severity VARCHAR, code VARCHAR, "column" VARCHAR, message VARCHAR, rejects BOOLEAN)`,
    );
  }

  checkAborted(): void {
    if (this.signal?.aborted) throw this.signal.reason ?? new DOMException('The load was aborted', 'AbortError');
  }

  /** Append row findings: `select` must yield (file_index, row, severity, code, column, message, rejects). */
  async addRowFindings(select: string, params: readonly (string | number | boolean | null)[] = []): Promise<void> {
    await this.connector.query(`INSERT INTO ${this.findings} ${select}`, params);
  }

  fileDiagnostic(d: Diagnostic): void {
    this.fileDiagnostics.push(d);
  }

  /** Drop work tables or views (quoted names from `table()`) as soon as they are no longer needed. */
  async drop(...quoted: string[]): Promise<void> {
    for (const name of quoted) {
      const bare = name.slice(1, -1).replaceAll('""', '"');
      const kind = this.views.has(bare) ? 'VIEW' : 'TABLE';
      await this.connector.query(`DROP ${kind} IF EXISTS ${name}`).catch(() => undefined);
      this.tables.delete(bare);
      this.views.delete(bare);
    }
  }

  async dropFile(name: string): Promise<void> {
    await this.connector.dropFile(name).catch(() => undefined);
    this.files.delete(name);
  }

  /** Drop every work table and registered file of this load. */
  async cleanUp(): Promise<void> {
    await this.drop(...[...this.views, ...this.tables].map(quoteIdentifier));
    for (const f of [...this.files]) await this.dropFile(f);
  }
}
