import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { NodeConnector } from '@plumb/core/node';
import { queryRows } from '@plumb/core';
import { createSchema } from '@plumb/core';
import { quoteIdentifier, quoteLiteral } from '@plumb/core';
import { CANONICAL_TABLES, SCHEMA } from '@plumb/core';
import { generateSample, sampleRows } from '@plumb/core';
import { loadSources } from '@plumb/core';

const out = mkdtempSync(join(tmpdir(), 'plumb-sample-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function plumb(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(['sample', ...argv], { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('plumb sample', () => {
  it('writes one CSV per table that loads back into DuckDB with the same rows', async () => {
    const dir = join(out, 'csv');
    const result = await plumb('--people', '600', '--seed', '7', '--out', dir);
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(CANONICAL_TABLES.map((t) => `${t}.csv`).sort());
    expect(readFileSync(join(dir, 'people.csv'), 'utf8').split('\n')[0]).toBe(SCHEMA.people.columns.map((c) => c.name).join(','));

    const expected = generateSample({ people: 600, seed: 7 });
    const db = new NodeConnector();
    try {
      await createSchema(db);
      for (const table of CANONICAL_TABLES) {
        await db.registerFile(`${table}.csv`, readFileSync(join(dir, `${table}.csv`)));
        const columns = SCHEMA[table].columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
        await db.query(`INSERT INTO ${quoteIdentifier(table)} SELECT * FROM read_csv(${quoteLiteral(`${table}.csv`)}, header = true, columns = {${columns}})`);
        const [{ n }] = (await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM ${quoteIdentifier(table)}`)) as [{ n: number }];
        expect(n, table).toBe(sampleRows(expected.tables[table]).length);
      }
      // Quoted notes (commas, double quotes) and non-ASCII names survive the round trip.
      const people = await queryRows<{ name: string }>(db, 'SELECT name FROM people ORDER BY person_id');
      expect(people.map((p) => p.name)).toEqual(sampleRows(expected.tables.people).map((p) => p.name));
      const notes = await queryRows<{ note: string }>(db, `SELECT DISTINCT note FROM check_ins WHERE note LIKE '%"waiting"%'`);
      expect(notes).toEqual([{ note: 'Blocked on vendor, "waiting" on contract, again.' }]);
    } finally {
      await db.close();
    }
  });

  it('writes files the loader takes whole, with no table named: every row loaded, none rejected', async () => {
    const dir = join(out, 'csv');
    const db = new NodeConnector();
    try {
      const sources = CANONICAL_TABLES.map((t) => ({ name: `${t}.csv`, data: new Uint8Array(readFileSync(join(dir, `${t}.csv`))) }));
      const report = await loadSources(db, sources);
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(report.rejected_rows).toBe(0);
      expect(report.loaded_rows).toBe(report.input_rows);
      const expected = generateSample({ people: 600, seed: 7 });
      for (const table of ['people', 'key_results', 'check_ins', 'ratings'] as const) {
        expect(report.tables[table], table).toBe(sampleRows(expected.tables[table]).length);
      }
    } finally {
      await db.close();
    }
  }, 180_000);

  it('writes NDJSON, one object per line', async () => {
    const dir = join(out, 'json');
    expect((await plumb('--people=20', '--out', dir, '--format', 'json')).code).toBe(0);
    const lines = readFileSync(join(dir, 'people.ndjson'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[0]!)).toMatchObject({ person_id: 'p0001', manager_id: null });
  });

  it('exits 2 with one clear line on a usage error', async () => {
    for (const [argv, message] of [
      [['--out', out], /--people is required/],
      [['--people', '600'], /--out is required/],
      [['--people', 'many', '--out', out], /--people must be a whole number/],
      [['--people', '2000000', '--out', out], /--people must be a whole number from 1 to 1000000/],
      [['--people', '10', '--out', out, '--format', 'xlsx'], /--format must be csv, parquet or json/],
      [['--people', '10', '--out', out, '--seed', 'abc'], /--seed must be an integer/],
      [['--people', '10', '--out', out, '--colour'], /unknown option --colour/],
    ] as const) {
      const result = await plumb(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
