// The seeded sample in an in-process DuckDB (NodeConnector), every SQL statement's time added to `sql.ms`
// (EACH=1 prints each statement): the set-up the Node profiles of the views share.
import { loadSample } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

export async function timedSample(people: number): Promise<{ connector: NodeConnector; sql: { ms: number } }> {
  const connector = new NodeConnector();
  const start = performance.now();
  await loadSample(connector, { people, seed: 1 });
  console.log(`load ${people} people: ${(performance.now() - start).toFixed(0)} ms`);
  const sql = { ms: 0 };
  const query = connector.query.bind(connector);
  connector.query = async (text, params) => {
    const s = performance.now();
    try {
      return await query(text, params);
    } finally {
      const d = performance.now() - s;
      sql.ms += d;
      if (process.env.EACH) console.log(`    ${d.toFixed(0)} ms: ${text.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
  };
  return { connector, sql };
}
