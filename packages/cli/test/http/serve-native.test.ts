import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startServe } from '../../src/commands/serve.js';
import { writeSampleFiles } from '../../src/commands/sample.js';
import { HttpConnector, generateSample, queryRows } from '@plumb/core';

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('plumb serve --engine native --canonical DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-canonical-'));
  const sample = generateSample({ people: 150, seed: 3 });
  beforeAll(async () => {
    await writeSampleFiles(sample, dir, 'parquet');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads canonical Parquet with native DuckDB and serves every row, read-only, to HttpConnector', async () => {
    const { io, err, out } = captureIO();
    const started = await startServe(['--port', '0', '--canonical', dir, '--memory-limit', '2GB', '--allow-sql'], io);
    if ('code' in started) throw new Error(err.join('\n'));
    try {
      expect(err.join('\n')).toMatch(/canonical tables from .*: people 150, teams \d+/);
      const token = /token \(give it to HttpConnector as \{ token \}\): (\S+)/.exec(out.join('\n'))?.[1];
      expect(token).toBe(started.server.token);
      const http = new HttpConnector({ url: started.server.url, token: token! });
      const [engine] = await queryRows<{ v: string }>(http, 'SELECT version() AS v');
      expect(engine!.v).toMatch(/^v1\.5/); // native DuckDB, not the 1.4 wasm build
      const [people] = await queryRows<{ n: number }>(http, 'SELECT count(*) AS n FROM people');
      expect(people!.n).toBe(150);
      const [checkIns] = await queryRows<{ n: number }>(http, 'SELECT count(*) AS n FROM check_ins');
      expect(checkIns!.n).toBeGreaterThan(1000);
      await expect(queryRows(http, 'DELETE FROM people')).rejects.toThrow(/read-only/);
    } finally {
      await started.server.close();
      await started.connector.close();
    }
  });

  it.each([
    [['--engine', 'gpu'], /--engine must be wasm or native/],
    [['--engine', 'wasm', '--canonical', '/tmp'], /cannot go with --engine wasm/],
    [['--memory-limit', 'lots'], /--memory-limit takes a size/],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { io, err } = captureIO();
    expect(await run(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('says so when the folder has no canonical files', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'plumb-empty-'));
    try {
      const { io, err } = captureIO();
      expect(await run(['--port', '0', '--canonical', empty], io)).toBe(1);
      expect(err.join('\n')).toMatch(/no canonical table files/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
