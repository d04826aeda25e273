/**
 * The whole corpus of exports under test/fixtures/exports: the real tools' layouts (tools/*), the OKR shapes
 * (shapes/*) and the older canonical-ish exports (normalised, json-export, flat-sheet). Every one either loads
 * with its numbers equal to the ground truth computed without Plumb (tools/ground_truth.py and each shape's
 * expected.py → expected.json), or stops with a question naming its answer (or a refusal naming the file's table)
 * and loads nothing of the file it is about. None may load a different number without saying so.
 * One DuckDB for the whole file, emptied between layouts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/options.js';
import { loadSources, type CanonicalTable, type LoadReport } from '@plumb/core';
import { expectTruth, type Truth } from '../../../core/test/fixtures/exports/truth.js';
import { sharedDb } from '../../../core/test/load/helpers.js';

const root = fileURLToPath(new URL('../../../core/test/fixtures/exports/', import.meta.url));
const subfolders = (dir: string) => readdirSync(root + dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`).sort();
const vendors = [...subfolders('tools'), ...subfolders('shapes'), 'normalised', 'json-export', 'flat-sheet'];
const shared = sharedDb();
afterAll(() => shared.db.close());

async function load(vendor: string, truth: Truth, answer: string[] = []): Promise<LoadReport> {
  await shared.reset();
  const names = truth.files ?? readdirSync(root + vendor).filter((f) => /\.(csv|json|ndjson)$/.test(f) && f !== 'expected.json').sort();
  const { load: options } = parseCommandLine(answer, {});
  return loadSources(
    shared.db,
    names.map((spec) => {
      const [f, table] = spec.split(':') as [string, CanonicalTable | undefined];
      return { name: `${vendor}/${f}`, data: new Uint8Array(readFileSync(`${root}${vendor}/${f}`)), ...(table ? { table } : {}) };
    }),
    options,
  );
}

describe('every layout of the corpus: the ground truth, or a question naming its answer', () => {
  it('has a ground truth for every layout', () => {
    expect(vendors.length).toBeGreaterThanOrEqual(18);
    for (const v of vendors) expect(readdirSync(root + v), v).toContain('expected.json');
  });

  it.each(vendors)('%s', async (vendor) => {
    const truth = JSON.parse(readFileSync(`${root}${vendor}/expected.json`, 'utf8')) as Truth;
    if (truth.question_column) {
      // Without the answer: asked, the answer named, nothing of that file loaded.
      const asked = await load(vendor, truth);
      expect(asked.questions, `${vendor} asks`).toHaveLength(1);
      const question = asked.questions[0]!;
      expect(question.column).toBe(truth.question_column);
      expect(question.candidates.map((c) => c.option)).toContain(truth.answer_option);
      expect(asked.files.find((f) => f.file === question.file)).toMatchObject({ loaded_rows: 0 });
    }
    const report = await load(vendor, truth, truth.answer);
    for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
    expect(report.questions, `${vendor}: nothing left to ask`).toEqual([]);
    const loadedAll = Object.entries(truth.tables).every(([t, n]) => (report.tables[t] ?? 0) === n);
    if (!loadedAll) {
      // Not read yet: it must be refused out loud, file by file, with nothing of it loaded.
      const refused = report.files.filter((f) => f.loaded_rows === 0 && report.diagnostics.some((d) => d.file === f.file && d.severity === 'error' && /question|unknown-table/.test(d.code)));
      expect(refused.length, `${vendor}: loads ${JSON.stringify(report.tables)}, truth ${JSON.stringify(truth.tables)}, and says nothing`).toBeGreaterThan(0);
      for (const t of Object.keys(truth.tables)) expect(report.tables[t] ?? 0, `${vendor}: ${t} partly loaded`).toBe(0);
      return;
    }
    await expectTruth(shared.db, vendor, truth, report);
  });
});
