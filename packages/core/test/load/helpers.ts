import { readFileSync } from 'node:fs';
import { NodeConnector } from '../../src/node/index.js';
import { CANONICAL_TABLES, loadSources, quoteIdentifier, type CanonicalTable, type Diagnostic, type LoadOptions, type LoadReport } from '../../src/index.js';

export const FIXTURES = new URL('../fixtures/', import.meta.url);

export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, FIXTURES)));
}

/** One database per test file, emptied between tests (start-up costs about a second). */
export function sharedDb() {
  const db = new NodeConnector();
  return {
    db,
    async reset() {
      await db.query('SELECT 1');
      for (const t of CANONICAL_TABLES) await db.query(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`);
    },
  };
}

/** Load fixture files given as `path` or `path:table` (relative to test/fixtures). */
export async function loadFixtures(db: NodeConnector, specs: string[], options: LoadOptions = {}): Promise<LoadReport> {
  return loadSources(
    db,
    specs.map((spec) => {
      const [path, table] = spec.split(':') as [string, string | undefined];
      return { name: path.split('/').pop()!, data: fixture(path), ...(table ? { table: table as CanonicalTable } : {}) };
    }),
    options,
  );
}

export function only(report: LoadReport, code: string): Diagnostic[] {
  return report.diagnostics.filter((d) => d.code === code);
}

/** The counts reconcile, per file and overall. */
export function expectReconciled(report: LoadReport): void {
  for (const f of report.files) {
    if (f.input_rows !== f.loaded_rows + f.rejected_rows) throw new Error(`${f.file}: ${f.input_rows} ≠ ${f.loaded_rows} + ${f.rejected_rows}`);
  }
  if (report.input_rows !== report.loaded_rows + report.rejected_rows) throw new Error('overall counts do not reconcile');
}
