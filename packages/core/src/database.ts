import type { Connector } from './connector.js';
import { schemaDDL } from './schema.js';
import { CANONICAL_TABLES, type CanonicalTable } from './schema.js';
import { quoteIdentifier, quoteLiteral } from './sql.js';
import { queryRows } from './connector.js';
import { invalidateDerived } from './queries/derived.js';

/** Create every canonical table that does not exist yet (one round trip: this is on every page's start-up path). */
export async function createSchema(connector: Connector): Promise<void> {
  await connector.query(schemaDDL().join(';\n'));
  invalidateDerived(connector);
}

/** The one statement `tableRowCounts` sends (a server lets exactly it through to every caller). */
export function tableRowCountsSql(): string {
  return CANONICAL_TABLES.map((t) => `SELECT ${quoteLiteral(t)} AS name, count(*) AS n FROM ${quoteIdentifier(t)}`).join(' UNION ALL ');
}

/** Rows in every canonical table (0 for a table that does not exist yet is not assumed: run `createSchema` first). */
export async function tableRowCounts(connector: Connector): Promise<Record<CanonicalTable, number>> {
  const sql = tableRowCountsSql();
  const rows = await queryRows<{ name: CanonicalTable; n: number }>(connector, sql);
  const counts = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, 0])) as Record<CanonicalTable, number>;
  for (const { name, n } of rows) counts[name] = Number(n);
  return counts;
}
