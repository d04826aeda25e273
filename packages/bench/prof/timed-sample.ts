// The seeded sample in an in-process DuckDB (NodeConnector), every SQL statement's time added to `sql.ms`
// (EACH=1 prints each statement): the set-up the Node profiles of the views share.
import { loadSample, type Connector } from '@plumb/core';
import { NativeConnector, NodeConnector } from '@plumb/core/node';

/** Add every statement's time on `connector` to `sql.ms` and count them in `sql.n` (EACH=1 prints each). */
export function timeStatements(connector: Connector): { ms: number; n: number } {
  const sql = { ms: 0, n: 0 };
  const query = connector.query.bind(connector);
  connector.query = async (text, params) => {
    const s = performance.now();
    try {
      return await query(text, params);
    } finally {
      const d = performance.now() - s;
      sql.ms += d;
      sql.n++;
      if (process.env.EACH) console.log(`    ${d.toFixed(0)} ms: ${text.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
  };
  return sql;
}

/** ENGINE=native: the server's engine (native DuckDB, as `plumb serve` runs it) instead of DuckDB-WASM in Node. */
export async function timedSample(people: number): Promise<{ connector: NodeConnector; sql: { ms: number } }> {
  const connector = process.env.ENGINE === 'native' ? (new NativeConnector() as unknown as NodeConnector) : new NodeConnector();
  const start = performance.now();
  await loadSample(connector, { people, seed: 1 });
  console.log(`load ${people} people: ${(performance.now() - start).toFixed(0)} ms`);
  return { connector, sql: timeStatements(connector) };
}
