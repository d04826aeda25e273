import type { Connector } from './connector.js';
import { schemaDDL } from './schema.js';

/** Create every canonical table that does not exist yet. */
export async function createSchema(connector: Connector): Promise<void> {
  for (const ddl of schemaDDL()) await connector.query(ddl);
}
