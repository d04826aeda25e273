// The floor beside `plumb validate` (cli-run.ts): Node starts, opens native DuckDB and reads each CSV file given with
// read_csv's auto-detection into a table of its own, then exits. Plain JavaScript: no TypeScript loader to pay.
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const [i, file] of process.argv.slice(2).entries()) {
  await connection.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
}
connection.closeSync();
instance.closeSync();
