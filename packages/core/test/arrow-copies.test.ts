import { createRequire } from 'node:module';
import { afterAll, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { NodeConnector } from '../src/node/index.js';
import { createSchema, insertArrowTable, tableRowCounts } from '../src/index.js';

// apache-arrow ships a CommonJS build beside its ES modules: `require` gives a
// second copy with its own classes — exactly what an app with two Arrow
// versions installed hands Plumb.
const secondArrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

const connector = new NodeConnector();
afterAll(() => connector.close());

it('refuses an Arrow table from another apache-arrow copy with an error saying how to keep one, instead of loading 0 rows', async () => {
  expect(secondArrow.Table).not.toBe((await import('apache-arrow')).Table);
  await createSchema(connector);
  const foreign = secondArrow.tableFromArrays({ person_id: ['p1', 'p2'], name: ['Ada', 'Grace'] });
  await expect(insertArrowTable(connector, 'people', foreign as never)).rejects.toThrow(
    /different copy of apache-arrow.*Keep one apache-arrow/,
  );
  expect((await tableRowCounts(connector)).people).toBe(0);
  // The same rows from Plumb's own copy load.
  await insertArrowTable(connector, 'people', tableFromArrays({ person_id: ['p1', 'p2'], name: ['Ada', 'Grace'] }));
  expect((await tableRowCounts(connector)).people).toBe(2);
});
