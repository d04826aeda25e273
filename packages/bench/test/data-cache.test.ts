import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CANONICAL_TABLES } from '@plumb/core';
import { dataDir, ensureData, missingTables } from '../src/data.js';

const root = mkdtempSync(join(tmpdir(), 'plumb-bench-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bench data cache', () => {
  it('makes a cached set again when the canonical table list has grown since it was written', async () => {
    // A set written before the session tables existed: every file but the last two canonical tables.
    const dir = dataDir(60, 1, 'csv', root);
    mkdirSync(dir, { recursive: true });
    const old = CANONICAL_TABLES.slice(0, -2);
    for (const table of old) writeFileSync(join(dir, `${table}.csv`), 'stale\n');
    expect(missingTables(dir, 'csv')).toEqual(CANONICAL_TABLES.slice(-2));
    const lines: string[] = [];
    expect(await ensureData(60, 1, 'csv', (line) => lines.push(line), root)).toBe(dir);
    expect(lines[0]).toContain(`has no ${CANONICAL_TABLES.slice(-2).join(', ')}`);
    expect(missingTables(dir, 'csv')).toEqual([]);
    // The stale files were replaced by the generated ones, not kept beside them.
    expect(readFileSync(join(dir, 'people.csv'), 'utf8').split('\n')[0]).toMatch(/^person_id,/);
    // A complete set is reused as it is.
    lines.length = 0;
    await ensureData(60, 1, 'csv', (line) => lines.push(line), root);
    expect(lines).toEqual([]);
    expect(existsSync(`${dir}.partial`)).toBe(false);
  }, 60_000);
});
