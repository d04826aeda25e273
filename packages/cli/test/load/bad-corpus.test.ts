import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/validate.js';
import { CORPUS, ROW_CODES, type CorpusEntry } from '../../../core/test/fixtures/bad-corpus.js';

// Every file of the bad-input corpus through `plumb validate --json`: it ends within its bound,
// says what is wrong with file (and row, where a row is at fault), and every input row is
// loaded or rejected. The same corpus runs through <plumb-data> in Chromium.
const dir = mkdtempSync(join(tmpdir(), 'plumb-bad-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export function corpusBytes(entry: CorpusEntry): Uint8Array {
  if (entry.fixture) return new Uint8Array(readFileSync(new URL(`../../../core/test/fixtures/bad/${entry.fixture}`, import.meta.url)));
  const made = entry.make!();
  return typeof made === 'string' ? new TextEncoder().encode(made) : made;
}

interface ValidateJson {
  ok: boolean;
  input_rows: number;
  loaded_rows: number;
  rejected_rows: number;
  diagnostics: { severity: string; code: string; message: string; file?: string; row?: number; column?: string }[];
}

describe('the bad-input corpus through plumb validate --json', () => {
  it.each(CORPUS.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const path = join(dir, entry.name);
    writeFileSync(path, corpusBytes(entry));
    const out: string[] = [];
    const started = performance.now();
    const code = await run(['--json', ...(entry.argv ?? []), entry.table ? `${path}:${entry.table}` : path], { stdout: (t) => out.push(t), stderr: () => undefined });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(entry.boundMs);
    const report = JSON.parse(out.join('\n')) as ValidateJson;
    expect(code).toBe(report.ok ? 0 : 1);
    expect(report.input_rows).toBe(report.loaded_rows + report.rejected_rows);
    for (const d of report.diagnostics) {
      expect(d.file, `${d.code}: ${d.message}`).toBe(path);
      if (d.row !== undefined) expect(d.row).toBeGreaterThanOrEqual(1);
    }
    const codes = new Set(report.diagnostics.map((d) => d.code));
    for (const expected of entry.expectCodes ?? []) expect(codes, `codes: ${[...codes].join(', ')}`).toContain(expected);
    // A finding about a row says which row (file-level findings of the same code may come without one).
    for (const expected of (entry.expectCodes ?? []).filter((c) => ROW_CODES.has(c) && c !== 'unparseable' && c !== 'extra-cells')) {
      expect(report.diagnostics.some((d) => d.code === expected && d.row !== undefined), `${expected} names its row`).toBe(true);
    }
    // Every error is said, never swallowed: a file with rejected rows has an error that says why.
    if (report.rejected_rows > 0) expect(report.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
