import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PlumbError, loadSources, queryRows, textIn, type LoadProgress } from '../../src/index.js';
import { sharedDb } from './helpers.js';

const { db, reset } = sharedDb();
afterAll(() => db.close());
beforeEach(reset);

/** A check-ins CSV of `rows` rows (about 40 bytes each). */
function checkIns(rows: number): string {
  const lines = ['key_result_id,checked_at,value,confidence'];
  for (let i = 0; i < rows; i++) lines.push(`KR${i},2026-0${1 + (i % 9)}-1${i % 10},${i % 97},0.${i % 10}`);
  return `${lines.join('\n')}\n`;
}

describe('long loads: progress, cancellation, memory', () => {
  it('reports progress: bytes as they arrive, rows as files are checked, then done', async () => {
    const events: LoadProgress[] = [];
    const body = checkIns(5_000);
    const fetchInChunks = (async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            const bytes = new TextEncoder().encode(body);
            for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.subarray(at, at + 16 * 1024));
            controller.close();
          },
        }),
        { headers: { 'content-length': String(new TextEncoder().encode(body).length) } },
      )) as unknown as typeof fetch;
    const report = await loadSources(
      db,
      [
        { name: 'people.csv', data: 'person_id,name\np1,Ada\np2,Grace\n', table: 'people' },
        { name: 'check_ins.csv', data: new URL('https://data.example/check_ins.csv'), table: 'check_ins' },
      ],
      { onProgress: (p) => events.push(p), fetch: fetchInChunks },
    );
    expect(report).toMatchObject({ ok: true, input_rows: 5_002, loaded_rows: 5_002 });
    const reads = events.filter((e) => e.phase === 'read' && e.file === 'check_ins.csv');
    expect(reads.length).toBeGreaterThan(3); // bytes arrive chunk by chunk
    const byteCounts = events.map((e) => e.bytesDone);
    expect(byteCounts).toEqual([...byteCounts].sort((a, b) => a - b)); // never goes back
    expect(events.at(-1)).toMatchObject({ phase: 'done', filesDone: 2, filesTotal: 2, rowsDone: 5_002 });
    expect(events.find((e) => e.phase === 'check' && e.file === 'people.csv')).toMatchObject({ rowsDone: 2 });
  });

  it('an aborted load stops with the abort reason and leaves the tables as they were', async () => {
    await loadSources(db, [{ name: 'people.csv', data: 'person_id,name\np1,Ada\n', table: 'people' }]);
    const abort = new AbortController();
    const events: LoadProgress[] = [];
    const running = loadSources(
      db,
      [
        { name: 'more-people.csv', data: 'person_id,name\np2,Grace\n', table: 'people' },
        { name: 'check_ins.csv', data: checkIns(50_000), table: 'check_ins' },
      ],
      {
        signal: abort.signal,
        onProgress: (p) => {
          events.push(p);
          if (p.phase === 'check' && p.file === 'more-people.csv') abort.abort(new Error('superseded by a newer load'));
        },
      },
    );
    await expect(running).rejects.toThrow('superseded by a newer load');
    expect(await queryRows(db, 'SELECT person_id FROM people')).toEqual([{ person_id: 'p1' }]);
    expect(await queryRows(db, 'SELECT count(*) AS n FROM check_ins')).toEqual([{ n: 0 }]);
    const left = await queryRows<{ n: number }>(db, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__plumb_load%'");
    expect(left).toEqual([{ n: 0 }]);
  });

  it('files too large for the in-browser database are refused before loading, with how to use plumb serve', async () => {
    const big = new Uint8Array(300 * 2 ** 20); // a 300 MB Parquet file needs ~7 GB once read
    const error = await loadSources(db, [{ name: 'check_ins.parquet', data: big, table: 'check_ins' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlumbError);
    expect((error as PlumbError).message).toMatch(/need about 7\.3 GB of memory to load, more than the in-browser database can hold \(3\.1 GB\)/);
    expect((error as PlumbError).message).toContain('plumb serve');
    expect((error as PlumbError).message).toContain('HttpConnector');
    expect((error as PlumbError).diagnostics[0]).toMatchObject({ code: 'too-large', file: 'check_ins.parquet' });
    // The same as a text: in German and French from core's catalogues (a page shows it in its language).
    expect(textIn('de', (error as PlumbError).text!)).toMatch(/brauchen zum Laden etwa 7,3 GB Speicher, mehr als die Datenbank im Browser fassen kann \(3,1 GB\); nichts wurde geladen\. Für Daten dieser Größe/);
    expect(textIn('fr', (error as PlumbError).diagnostics[0]!.text!)).toBe('environ 7,3 Go nécessaires, 3,1 Go disponibles');
  });

  it('a configured DuckDB memory limit that is exceeded is a clear error, not DuckDB\'s raw text, and the database stays usable', async () => {
    await db.query("SET memory_limit = '8MB'");
    try {
      const error = await loadSources(db, [{ name: 'check_ins.csv', data: checkIns(400_000), table: 'check_ins' }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlumbError);
      const message = (error as Error).message;
      expect(message).toMatch(/^The database ran out of memory while loading check_ins\.csv \(its memory limit is 7\.6 MiB\)/);
      expect(message).toContain('plumb serve');
      expect(message).not.toMatch(/temp_directory|Out of Memory Error/);
    } finally {
      await db.query("SET memory_limit = '3GB'");
    }
    const report = await loadSources(db, [{ name: 'people.csv', data: 'person_id,name\np1,Ada\n', table: 'people' }]);
    expect(report).toMatchObject({ ok: true, loaded_rows: 1 });
  });

  it('a data URL that does not answer in time is an error naming the file, and the other files load', async () => {
    const never = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const started = performance.now();
    const report = await loadSources(
      db,
      [
        { name: 'people.csv', data: 'person_id,name\np1,Ada\n', table: 'people' },
        { name: 'slow.csv', data: new URL('https://data.example/slow.csv'), table: 'teams' },
      ],
      { fetch: never, fetchTimeout: 300 },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'unreadable', file: 'slow.csv', message: expect.stringContaining('no complete answer within 0.3 s') }),
    ]);
    expect(report.tables.people).toBe(1);
  });
});
